from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .emails import absolute_url, language_for_email, queue_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth, our way: links from SITE_URL, e-mails in the recipient's language through the task worker."""

    def build_absolute_uri(self, request, location: str) -> str:
        return absolute_url(location)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        language = getattr(user, "language", "") or language_for_email(email)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_message(message)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.given_name = data.get("given_name", "")
        user.family_name = data.get("family_name", "")
        user.language = translation.get_language() or user.language
        if commit:
            user.save()
        return user
