"""Who handles safeguarding cases: the officers named by organisers, with two-factor authentication. Being an
organiser gives no access; everyone who is not an officer gets 404 on every case page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from people.permissions import has_two_factor

from .models import Officer


def officer_of(user) -> Officer | None:
    """The person's officer role, whether or not two-factor authentication is set up (one query)."""
    if not (user.is_authenticated and user.is_active):
        return None
    return Officer.objects.filter(user=user).select_related("user").first()


def is_officer(user) -> bool:
    """Officer power: the role with two-factor authentication set up."""
    return officer_of(user) is not None and has_two_factor(user)


class OfficerRequiredMixin:
    """Safeguarding officers with two-factor authentication only; `self.officer` is theirs. Anonymous visitors go
    to the login page, officers without an authenticator are sent to set one up, everyone else gets 404."""

    def dispatch(self, request, *args, **kwargs):
        # What officers post (notes, messages to the reporter) never reaches an error report (as
        # sensitive_post_parameters() does).
        request.sensitive_post_parameters = "__ALL__"
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.officer = officer_of(request.user)
        if self.officer is None:
            raise Http404
        if not has_two_factor(request.user):
            messages.warning(request, _("Safeguarding officers must set up two-factor authentication first."))
            return redirect("mfa_activate_totp")
        return super().dispatch(request, *args, **kwargs)
