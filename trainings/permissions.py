"""Who may open the training pages. Out of scope answers 404 (see people.permissions)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import Organisation, User
from people.permissions import OrganiserRequiredMixin, is_focal_point, is_organiser

from .models import Cohort
from .selectors.attendance import session_for_staff


def can_manage_company(user, organisation: Organisation) -> bool:
    """The company's confirmed focal point, or an organiser."""
    return is_organiser(user) or is_focal_point(user, organisation)


def user_is_trainer(user: User) -> bool:
    """Teaches at least one cohort (the "My sessions" page and its menu item)."""
    return bool(user.is_authenticated and user.cohorts_taught.exists())


def is_cohort_trainer(user: User, cohort: Cohort) -> bool:
    return bool(user.is_authenticated and cohort.trainers.filter(pk=user.pk).exists())


def can_take_attendance(user: User, cohort: Cohort) -> bool:
    """The cohort's trainers, and organisers: the roll-call of its sessions, their sheets and its exports."""
    return is_organiser(user) or is_cohort_trainer(user, cohort)


class TrainerRequiredMixin(LoginRequiredMixin):
    """People who teach at least one cohort; everyone else gets 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_is_trainer(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class FocalPointRequiredMixin(LoginRequiredMixin):
    """The focal point of the organisation in the URL (`org_id`), or an organiser; others get 404.

    Sets `self.organisation`.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisation = get_object_or_404(Organisation, pk=kwargs["org_id"])
            if not can_manage_company(request.user, self.organisation):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class SessionStaffMixin(LoginRequiredMixin):
    """The session's trainers, and organisers (with two-factor authentication: is_organiser); others get 404.

    Sets `self.session`.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session = session_for_staff(pk=kwargs["pk"])
            if not can_take_attendance(request.user, self.session.cohort):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class SessionOrganiserMixin(OrganiserRequiredMixin):
    """Organisers only (the history, unlock and relock of a session). Sets `self.session`."""

    def dispatch(self, request, *args, **kwargs):
        if is_organiser(request.user):
            self.session = session_for_staff(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)
