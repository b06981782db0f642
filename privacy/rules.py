"""Whether a person's account may be erased now: the one home of that rule (the erase page asks it to choose
between the form and the reason; privacy.erasure asks it again under the account's lock)."""

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.models import Nomination, Nominator, Registration, YouthDetails
from people.erasure_sources import erasure_holds
from people.models import Membership
from trainings.models import Cohort, Enrollment


def _forum_under_way(user):
    """The first edition under way (in its own time zone) that `user` holds an active registration for, or None."""
    registrations = Registration.objects.active().filter(user=user).select_related("edition")
    return next((r.edition for r in registrations if r.edition.is_under_way), None)


def _delegation_standing(user):
    """The first edition not yet ended for which `user` nominates a delegation with invitations still standing."""
    nominators = (
        Nominator.objects.filter(user=user, nominations__status__in=Nomination.STANDING)
        .select_related("edition")
        .distinct()
    )
    return next((n.edition for n in nominators if not n.edition.has_ended), None)


def _chaperoning(user):
    """The first edition not yet ended where `user` is the chaperone of a youth delegate still registered."""
    youth = YouthDetails.objects.filter(
        chaperone_registration__user=user, registration__status__in=Registration.ACTIVE_STATUSES
    ).select_related("registration__edition")
    return next((y.registration.edition for y in youth if not y.registration.edition.has_ended), None)


def _teaching(user):
    """The first cohort not yet ended that `user` teaches."""
    cohorts = Cohort.objects.filter(trainers=user, ends_on__gte=timezone.localdate())
    return cohorts.select_related("course").order_by("starts_on", "pk").first()


def _only_focal_point(user):
    """The first organisation whose only confirmed focal point is `user` while its staff are enrolled in a cohort
    not yet ended (they enrol, withdraw and follow them)."""
    confirmed = Membership.objects.filter(is_focal_point=True, status=Membership.Status.CONFIRMED)
    others = confirmed.filter(organisation=OuterRef("organisation")).exclude(user=user)
    training = Enrollment.objects.filter(
        organisation=OuterRef("organisation"),
        status=Enrollment.Status.ENROLLED,
        cohort__ends_on__gte=timezone.localdate(),
    )
    membership = (
        confirmed.filter(user=user)
        .filter(~Exists(others), Exists(training))
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


NOMINATOR_HOLD = gettext_lazy(
    "You nominate a delegation to %(title)s and its invitations still stand: ask the organisers to name another "
    "nominator first, or wait until the forum has ended."
)
CHAPERONE_HOLD = gettext_lazy(
    "You are the chaperone of a youth delegate at %(title)s: ask the organisers to name another chaperone first."
)
TRAINER_HOLD = gettext_lazy(
    "You are a trainer of %(course)s (%(code)s), which has not ended yet: ask the organisers to name another "
    "trainer first, or wait until it has ended."
)
FOCAL_POINT_HOLD = gettext_lazy(
    "You are the only focal point of %(organisation)s and its staff are enrolled in a training that has not ended: "
    "ask the organisers to name another focal point first."
)
# The roles others rely on, in the order they are asked: how to find the person's, what they are told, and with what.
_ROLE_HOLDS = (
    (_delegation_standing, NOMINATOR_HOLD, lambda edition: {"title": edition.title}),
    (_chaperoning, CHAPERONE_HOLD, lambda edition: {"title": edition.title}),
    (_teaching, TRAINER_HOLD, lambda cohort: {"course": cohort.course.title, "code": cohort.code}),
    (_only_focal_point, FOCAL_POINT_HOLD, lambda organisation: {"organisation": organisation.name}),
)


def _role_hold(user) -> str | None:
    """Why a role others rely on in the forum or the trainings keeps `user` from being erased now, or None."""
    for find, told, values in _ROLE_HOLDS:
        found = find(user)
        if found is not None:
            return str(told) % values(found)
    return None


def erasure_check(user) -> str | None:
    """Why `user`'s account may not be erased now (a translated sentence that says what to do), or None when it
    may: never while a forum they are registered for is under way, nor while they hold a role others rely on
    (organiser, safeguarding officer, nominator of a delegation still standing, chaperone of a youth delegate of a
    forum not ended, trainer of a cohort not ended, only focal point of an organisation with staff in training)."""
    edition = _forum_under_way(user)
    if edition is not None:
        return _(
            "%(title)s is under way and you are registered for it: you can erase your account once it has ended, "
            "after %(last_day)s."
        ) % {"title": edition.title, "last_day": date_format(edition.ends_on, "DATE_FORMAT")}
    if user.is_organiser or user.is_superuser:
        return _("You are an organiser: ask another organiser to remove your organiser role first.")
    holds = erasure_holds(user)
    if holds:
        return holds[0]
    return _role_hold(user)
