"""Who may do what. Views declare their need through one of these mixins.

Objects outside a user's scope answer 404, not 403, so their existence is not revealed.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import Membership, User


def has_organiser_role(user) -> bool:
    """The organiser flag of an active account, nothing more: organiser pages send such a person to set up
    two-factor authentication, and the menu shows them the way there. It grants no power: ask is_organiser."""
    return bool(user.is_authenticated and user.is_active and user.is_organiser)


def is_organiser(user) -> bool:
    """Organiser power: the organiser role with two-factor authentication set up. Every view, selector and service
    that lets an organiser do or see more than others asks this, so an organiser without an authenticator sees
    exactly what anyone else sees. Read once per user object (a request's user, a service's `by`)."""
    if not has_organiser_role(user):
        return False
    power = getattr(user, "_organiser_power", None)
    if power is None:
        power = user._organiser_power = has_two_factor(user)
    return power


def is_focal_point(user, organisation=None) -> bool:
    if not user.is_authenticated:
        return False
    memberships = Membership.objects.filter(user=user, is_focal_point=True, status=Membership.Status.CONFIRMED)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return memberships.exists()


def has_two_factor(user: User) -> bool:
    return is_mfa_enabled(user, types=["totp"])


def organiser_gate(request: HttpRequest) -> HttpResponse | None:
    """None when the request may open an organiser page; otherwise the response to give.

    Anonymous visitors go to the login page, people who are not organisers get 404,
    and organisers without an authenticator are sent to set one up first.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_organiser_role(user):
        raise Http404
    if not is_organiser(user):
        messages.warning(
            request,
            _("Organisers must set up two-factor authentication before opening organiser pages."),
        )
        return redirect("mfa_activate_totp")
    return None


class OrganiserRequiredMixin:
    """Organisers with two-factor authentication only; everyone else gets 404."""

    def dispatch(self, request, *args, **kwargs):
        response = organiser_gate(request)
        if response is not None:
            return response
        return super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(LoginRequiredMixin):
    """Any logged-in person (delegates, participants, focal points...)."""


class PublicMixin:
    """Anyone, logged in or not. Declared so that every view states who may use it."""
