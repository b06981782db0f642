from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from .emails import absolute_url, language_for_email, queue_message
from .services import reach_answer_apply


def _site() -> SimpleNamespace:
    return SimpleNamespace(name=str(settings.SITE_NAME), domain=urlsplit(settings.SITE_URL).netloc)


def _link_for_recipient(url: str, language: str) -> str:
    """The same page under SITE_URL and in the recipient's language, whatever host the request had."""
    bits = urlsplit(url)
    path = bits.path + (f"?{bits.query}" if bits.query else "")
    return absolute_url(translate_url(path, language))


class AccountAdapter(DefaultAccountAdapter):
    """allauth, our way: links from SITE_URL, e-mails in the recipient's language through the task worker."""

    def build_absolute_uri(self, request, location: str) -> str:
        return absolute_url(location)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        language = getattr(user, "language", "") or language_for_email(email)
        ctx = {"email": email, "current_site": _site(), **context}
        for key, value in list(ctx.items()):
            if key.endswith("_url") and isinstance(value, str) and value:
                ctx[key] = _link_for_recipient(value, language)
        with translation.override(language):
            ctx["current_site"] = _site()
            message = self.render_mail(template_prefix, email, ctx)
        queue_message(message, language=language)

    def post_login(self, request, user, **kwargs):
        """After logging in, the page asked for opens in the person's own language: someone who scanned a QR code
        while logged out was sent to the browser's language before the site knew who they were."""
        response = super().post_login(request, user, **kwargs)
        location = response.get("Location", "") if hasattr(response, "get") else ""
        language = getattr(user, "language", "")
        if location.startswith("/") and language and translation.check_for_language(language):
            response["Location"] = translate_url(location, language)
        return response

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.given_name = data.get("given_name", "")
        user.family_name = data.get("family_name", "")
        user.language = translation.get_language() or user.language
        # The signup asks whom we reach, optionally: answered or not, it is not asked again.
        reach_answer_apply(user=user, sex=data.get("sex", ""), age_band=data.get("age_band", ""))
        if commit:
            user.save()
        return user
