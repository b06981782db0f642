"""A nominee's personal link (forum.services.nominations): the usual registration form, their country and
organisation fixed by the nomination, which registration_submit checks again under the edition lock and spends.

The link is the credential, so the page is never cached and, under `Referrer-Policy: strict-origin`, what it links
to and loads learns the site's address only, never the link (not `no-referrer`: browsers then post forms with
`Origin: null`, which Django's CSRF check refuses; surveys.views says the same). The form posts back to the page
itself (no action attribute): the token is written nowhere on the form page but in the language switcher's return
address; the landing page's sign-in and sign-up buttons carry it in `next`, to come back here.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from people.permissions import PublicMixin

from ..errors import ForumError
from ..nomination_rules import invitation_account_check, invitation_check
from ..selectors.nominations import nomination_from_token
from ..selectors.registrations import registration_brief_for_user
from .delegate import RegistrationFormMixin

REFERRER_POLICY = "strict-origin"  # the site's address only (module docstring)


@method_decorator(never_cache, name="dispatch")
class InvitationView(PublicMixin, RegistrationFormMixin, FormView):
    """Unknown link: 404 (never one, used, withdrawn, or replaced by a newer e-mail). A link that can no longer be
    used (its deadline passed, registration closed): 410 with the reason. Anonymous: who invites them, and the way to
    sign in or create an account and come back. Signed in: their registration if they have one; else the
    registration form for the account the invitation was sent to, and 403 with the reason for any other."""

    template_name = "forum/invitation/form.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        edition = self.get_edition()
        self.nomination = nomination_from_token(edition=edition, token=token)
        if self.nomination is None:
            response = self._page("forum/invitation/invalid.html", status=404, registration=self._own_registration())
        else:
            response = self._usable_or_refused(request, *args, **kwargs)
        response["Referrer-Policy"] = REFERRER_POLICY
        return response

    def _usable_or_refused(self, request, *args, **kwargs):
        try:
            invitation_check(self.nomination)
        except ForumError as refusal:
            return self._page(
                "forum/invitation/unusable.html",
                status=410,
                refusal=refusal.message,
                registration=self._own_registration(),
            )
        if not request.user.is_authenticated:
            return self._page("forum/invitation/landing.html", login_next=request.path)
        return super().dispatch(request, *args, **kwargs)

    def refused(self):
        try:
            invitation_account_check(self.nomination, self.request.user)
        except ForumError as refusal:
            # Another account than the one invited (a forwarded link): it registers nobody else.
            return self._page(
                "forum/invitation/unusable.html", status=403, refusal=refusal.message, for_another_account=True
            )
        return None

    def _own_registration(self):
        return registration_brief_for_user(edition=self.get_edition(), user=self.request.user)

    def _page(self, template: str, *, status: int = 200, **context):
        context.update(edition=self.get_edition(), nomination=self.nomination)
        if self.nomination is not None:
            context["nominator"] = self.nomination.nominator
        return render(self.request, template, context, status=status)

    def already_registered(self, existing):
        return self._page("forum/invitation/registered.html", registration=existing)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        nominator = self.nomination.nominator
        kwargs["fixed_country"] = nominator.country
        kwargs["fixed_organisation"] = nominator.organisation  # None for a member state's delegation
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["nomination"] = self.nomination
        context["nominator"] = self.nomination.nominator
        return context
