"""Who may open the training pages. Out of scope answers 404 (see people.permissions)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import Organisation, User
from people.permissions import OrganiserRequiredMixin, is_focal_point, is_organiser

from .models import Assessment, Attempt, Cohort, Course, Enrollment
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


def can_edit_bank(user: User, course: Course) -> bool:
    """Organisers, and the trainers of any cohort of the course: its question bank."""
    return is_organiser(user) or bool(user.is_authenticated and course.cohorts.filter(trainers=user).exists())


class TrainerRequiredMixin(LoginRequiredMixin):
    """People who teach at least one cohort; everyone else gets 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_is_trainer(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class _InScopeMixin(LoginRequiredMixin):
    """For a logged-in person, `load` the URL's object and answer 404 unless they may see it (`allows`)."""

    def load(self, **kwargs) -> None:
        raise NotImplementedError

    def allows(self, user) -> bool:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.load(**kwargs)
            if not self.allows(request.user):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class FocalPointRequiredMixin(_InScopeMixin):
    """The focal point of the organisation in the URL (`org_id`), or an organiser. Sets `self.organisation`."""

    def load(self, *, org_id, **kwargs) -> None:
        self.organisation = get_object_or_404(Organisation, pk=org_id)

    def allows(self, user) -> bool:
        return can_manage_company(user, self.organisation)


class SessionStaffMixin(_InScopeMixin):
    """The session's trainers, and organisers (with two-factor authentication: is_organiser). Sets `self.session`."""

    def load(self, *, pk, **kwargs) -> None:
        self.session = session_for_staff(pk=pk)

    def allows(self, user) -> bool:
        return can_take_attendance(user, self.session.cohort)


class SessionOrganiserMixin(OrganiserRequiredMixin):
    """Organisers only (the history, unlock and relock of a session). Sets `self.session`."""

    def dispatch(self, request, *args, **kwargs):
        if is_organiser(request.user):
            self.session = session_for_staff(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class CourseBankMixin(_InScopeMixin):
    """The question bank of the course in the URL (`course_id`): its cohorts' trainers and organisers (can_edit_bank).
    Sets `self.course`."""

    def load(self, *, course_id, **kwargs) -> None:
        self.course = get_object_or_404(Course, pk=course_id)

    def allows(self, user) -> bool:
        return can_edit_bank(user, self.course)


class CohortStaffMixin(_InScopeMixin):
    """The cohort in the URL (`pk`): its trainers and organisers (can_take_attendance), as for its roll-calls. Sets
    `self.cohort` (with its course)."""

    def load(self, *, pk, **kwargs) -> None:
        self.cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)

    def allows(self, user) -> bool:
        return can_take_attendance(user, self.cohort)


class ParticipantTestMixin(_InScopeMixin):
    """A test of the cohort in the URL (`pk`, `kind`), for the person enrolled in the cohort only (everyone else,
    organisers too, gets 404: these are a participant's own pages). Sets `self.cohort`, `self.assessment` (in use,
    of the cohort's course) and `self.enrollment`; with `number` in the URL also `self.attempt`, theirs."""

    def load(self, *, pk, kind, number=None, **kwargs) -> None:
        self.cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=pk)
        self.assessment = get_object_or_404(Assessment, course=self.cohort.course_id, kind=kind, is_open=True)
        self.enrollment = Enrollment.objects.filter(cohort=self.cohort, user=self.request.user).first()
        self.attempt = None
        if number is not None and self.enrollment is not None:
            self.attempt = get_object_or_404(
                Attempt, assessment=self.assessment, enrollment=self.enrollment, number=number
            )

    def allows(self, user) -> bool:
        return self.enrollment is not None
