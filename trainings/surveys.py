"""What a feedback survey about the training programme can be about (surveys.subjects; registered in
TrainingsConfig.ready()): a cohort, answered once by whoever attended at least one of its sessions, or one training
session, answered by whoever was marked as attending it. "Attended" is the programme's one rule (rules.attended_q);
a withdrawn enrolment is not invited. The cohort's trainers read the results besides the organisers."""

from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.models import User
from surveys.respondent import open_invitations
from surveys.subjects import Part, Subject, SubjectKind

from .models import AttendanceRecord, Cohort, Enrollment, TrainingSession
from .rules import attended_q

CHOICES_SHOWN = 100  # the builder offers this many recent cohorts or sessions


def _attended(records: QuerySet[AttendanceRecord]) -> QuerySet[User]:
    """The people of these attendance records who attended (rules.attended_q), enrolments not withdrawn."""
    people = records.filter(attended_q(), enrollment__status__in=Enrollment.HOLDING_PLACE).values("enrollment__user")
    return User.objects.filter(pk__in=people)


def _cohort_label(cohort: Cohort) -> str:
    return _("Cohort %(code)s, %(course)s") % {"code": cohort.code, "course": cohort.course.title}


def _session_label(session: TrainingSession) -> str:
    when = formats.date_format(timezone.localtime(session.starts_at), "DATE_FORMAT")
    return _("Session “%(topic)s” (%(date)s) of cohort %(code)s") % {
        "topic": session.topic,
        "date": when,
        "code": session.cohort.code,
    }


def _cohort_url(cohort_id: int) -> str:
    return reverse("trainings_organiser:cohort", args=[cohort_id])


class CohortSubject(SubjectKind):
    name = "trainings.cohort"
    label = gettext_lazy("A training cohort")

    def _cohort(self, subject_id: int) -> Cohort | None:
        return (
            Cohort.objects.select_related("course")
            .annotate(last_ends_at=Max("sessions__ends_at"))
            .filter(pk=subject_id)
            .first()
        )

    def describe(self, subject_id: int) -> Subject | None:
        cohort = self._cohort(subject_id)
        return Subject(_cohort_label(cohort), _cohort_url(cohort.pk)) if cohort is not None else None

    def parts(self, subject_id: int) -> list[Part]:
        """The cohort itself, over when its last session ends (no session: it never ends). One query."""
        cohort = self._cohort(subject_id)
        return [Part(cohort.pk, _cohort_label(cohort), cohort.last_ends_at)] if cohort is not None else []

    def ends(self, subject_ids) -> dict:
        """Each cohort's last session's end. One query."""
        cohorts = Cohort.objects.filter(pk__in=list(subject_ids)).annotate(last_ends_at=Max("sessions__ends_at"))
        return dict(cohorts.values_list("pk", "last_ends_at"))

    def audience(self, part_id: int) -> QuerySet[User]:
        return _attended(AttendanceRecord.objects.filter(session__cohort_id=part_id))

    def readers(self, user: User, subject_id: int) -> bool:
        return Cohort.trainers.through.objects.filter(cohort_id=subject_id, user_id=user.pk).exists()

    def choices(self) -> list[tuple[int, str]]:
        cohorts = Cohort.objects.select_related("course").order_by("-starts_on", "-pk")[:CHOICES_SHOWN]
        return [(cohort.pk, _cohort_label(cohort)) for cohort in cohorts]


class TrainingSessionSubject(SubjectKind):
    name = "trainings.session"
    label = gettext_lazy("A training session")

    def _session(self, subject_id: int) -> TrainingSession | None:
        return TrainingSession.objects.select_related("cohort__course").filter(pk=subject_id).first()

    def describe(self, subject_id: int) -> Subject | None:
        session = self._session(subject_id)
        return Subject(_session_label(session), _cohort_url(session.cohort_id)) if session is not None else None

    def parts(self, subject_id: int) -> list[Part]:
        session = self._session(subject_id)
        return [Part(session.pk, _session_label(session), session.ends_at)] if session is not None else []

    def ends(self, subject_ids) -> dict:
        """Each session's end. One query."""
        return dict(TrainingSession.objects.filter(pk__in=list(subject_ids)).values_list("pk", "ends_at"))

    def audience(self, part_id: int) -> QuerySet[User]:
        return _attended(AttendanceRecord.objects.filter(session_id=part_id))

    def readers(self, user: User, subject_id: int) -> bool:
        return TrainingSession.objects.filter(pk=subject_id, cohort__trainers=user).exists()

    def choices(self) -> list[tuple[int, str]]:
        sessions = TrainingSession.objects.select_related("cohort__course").order_by("-starts_at", "-pk")
        return [(session.pk, _session_label(session)) for session in sessions[:CHOICES_SHOWN]]


def cohort_survey_invitations(*, cohort: Cohort, user, sessions) -> list:
    """`user`'s open survey invitations about the cohort or one of its `sessions` (its page shows them). One query
    when there is none."""
    subjects = [(CohortSubject.name, cohort.pk)] + [(TrainingSessionSubject.name, session.pk) for session in sessions]
    return open_invitations(user=user, subjects=subjects)
