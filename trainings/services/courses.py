"""Writes of what is taught and when: courses, cohorts and their sessions (the organiser console)."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ..errors import HasDependants
from ..models import Cohort, Course, TrainingSession


def _save(instance: models.Model, data: dict) -> models.Model:
    """Apply `data`, check the model's own rules (full_clean: ValidationError), save."""
    for field, value in data.items():
        setattr(instance, field, value)
    instance.full_clean()
    instance.save()
    return instance


def _delete(instance: models.Model, *, dependants: models.QuerySet, refusal: str) -> None:
    if dependants.exists():
        raise HasDependants(refusal)
    instance.delete()


@transaction.atomic
def course_create(*, data: dict) -> Course:
    """A new course; raises ValidationError for an impossible rule (pass mark without assessment...)."""
    return _save(Course(), data)


@transaction.atomic
def course_update(*, course: Course, data: dict) -> Course:
    """Change a course. Enrolments already decided keep the numbers they were decided with."""
    return _save(course, data)


@transaction.atomic
def course_delete(*, course: Course) -> None:
    _delete(course, dependants=course.cohorts.all(), refusal=_("This course has cohorts; delete them first."))


@transaction.atomic
def cohort_save(*, cohort: Cohort | None = None, data: dict, trainers) -> Cohort:
    """Create a cohort (`cohort` None) or change one, with its trainers; ValidationError for impossible dates."""
    cohort = _save(cohort or Cohort(), data)
    cohort.trainers.set(trainers)
    return cohort


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> None:
    _delete(
        cohort,
        dependants=cohort.enrollments.all(),
        refusal=_("People are enrolled in this cohort; close enrolment instead of deleting it."),
    )


@transaction.atomic
def session_create(*, cohort: Cohort, data: dict) -> TrainingSession:
    """A new session; one ending before it starts is a ValidationError (and a database check)."""
    return _save(TrainingSession(cohort=cohort), data)


@transaction.atomic
def session_update(*, session: TrainingSession, data: dict) -> TrainingSession:
    return _save(session, data)


@transaction.atomic
def session_delete(*, session: TrainingSession) -> None:
    _delete(
        session,
        dependants=session.attendance.all(),
        refusal=_("Attendance has been recorded for this session; it cannot be deleted."),
    )
