"""The reads of a person's own data: everything the site holds about one account, gathered in a fixed number of
queries whatever the number of registrations, enrolments, attempts or certificates (each list is one query, each
related list one more, through select_related and Prefetch).

Only what is theirs: rows linked to the account, and rows that name one of its confirmed e-mail addresses
(nominations, the e-mails sent; privacy.selectors.addresses_of: an address added but never confirmed is not
theirs). Other people appear by nothing but a reference (a chaperone's registration) or the name of a delegation,
never by their name or address. Safeguarding reports are not linked to accounts and are not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q

from certificates.models import Certificate
from forum.models import (
    AgendaChoice,
    AttendanceOverride,
    CheckIn,
    GuardianConsent,
    Nomination,
    Nominator,
    Registration,
    RegistrationEvent,
    SessionSpeaker,
)
from people.models import Membership, SentEmail, User
from people.permissions import has_two_factor
from surveys.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from trainings.models import Attempt, AttemptQuestion, AttendanceRecord, Cohort, Enrollment, TrainingSession

from ..selectors import addresses_of


@dataclass
class OwnRecords:
    """What the site holds about `user`, each list ordered oldest first."""

    user: User
    two_factor: bool
    email_addresses: list[EmailAddress]
    memberships: list[Membership]
    registrations: list[Registration]
    nominations: list[Nomination]
    nominator_roles: list[Nominator]
    enrollments: list[Enrollment]
    cohorts_taught: list[Cohort]
    survey_responses: list[SurveyResponse]
    survey_invitations: list[SurveyInvitation]
    certificates: list[Certificate]
    sent_emails: list[SentEmail]


def _any_address(field: str, addresses: list[str]) -> Q:
    """`field` is one of `addresses`, whatever its case."""
    return reduce(or_, (Q(**{f"{field}__iexact": address}) for address in addresses))


def _registrations(user: User) -> list[Registration]:
    """The person's registrations with everything the download shows of each: 7 queries."""
    return list(
        Registration.objects.filter(user=user)
        .select_related(
            "edition",
            "organisation",
            "code_of_conduct",
            "privacy_notice",
            "visa_request",
            "youth_details__chaperone_registration__edition",
        )
        .prefetch_related(
            Prefetch("events", RegistrationEvent.objects.order_by("created_at", "pk")),
            Prefetch("checkins", CheckIn.objects.select_related("station", "session").order_by("scanned_at", "pk")),
            Prefetch("attendance_overrides", AttendanceOverride.objects.order_by("created_at", "pk")),
            Prefetch("agenda", AgendaChoice.objects.select_related("session__room").order_by("session__starts_at")),
            Prefetch("speaking", SessionSpeaker.objects.select_related("session").order_by("session__starts_at")),
            Prefetch("youth_details__consents", GuardianConsent.objects.order_by("created_at", "pk")),
        )
        .order_by("edition__starts_on", "pk")
    )


def _enrollments(user: User) -> list[Enrollment]:
    """The person's enrolments with their cohort's sessions, their marks and their test attempts (each question
    as drawn, with the choices picked): 6 queries."""
    items = AttemptQuestion.objects.select_related("version").prefetch_related("selected").order_by("position")
    attempts = (
        Attempt.objects.select_related("assessment")
        .prefetch_related(Prefetch("items", items))
        .order_by("started_at", "pk")
    )
    return list(
        Enrollment.objects.filter(user=user)
        .select_related("cohort__course", "organisation")
        .prefetch_related(
            Prefetch("cohort__sessions", TrainingSession.objects.order_by("starts_at", "pk")),
            Prefetch("attendance", AttendanceRecord.objects.all()),
            Prefetch("attempts", attempts),
        )
        .order_by("enrolled_at", "pk")
    )


def own_records(user: User) -> OwnRecords:
    """Everything the site holds about `user`, for the download of their own data: 24 queries, whatever the
    number of rows. Anonymous survey responses are not linked to anyone and cannot be among them."""
    email_addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    addresses = addresses_of(user, email_addresses)
    answers = SurveyAnswer.objects.select_related("item__question", "option").order_by("item__position")
    return OwnRecords(
        user=user,
        two_factor=has_two_factor(user),
        email_addresses=email_addresses,
        memberships=list(
            Membership.objects.filter(user=user).select_related("organisation").order_by("created_at", "pk")
        ),
        registrations=_registrations(user),
        nominations=list(
            Nomination.objects.filter(Q(registration__user=user) | _any_address("email", addresses))
            .select_related("edition", "nominator__organisation", "registration__edition")
            .order_by("created_at", "pk")
        ),
        nominator_roles=list(
            Nominator.objects.filter(user=user).select_related("edition", "organisation").order_by("created_at", "pk")
        ),
        enrollments=_enrollments(user),
        cohorts_taught=list(Cohort.objects.filter(trainers=user).select_related("course").order_by("starts_on", "pk")),
        survey_responses=list(
            SurveyResponse.objects.filter(respondent=user)
            .select_related("survey")
            .prefetch_related(Prefetch("answers", answers))
            .order_by("submitted_on", "pk")
        ),
        survey_invitations=list(
            SurveyInvitation.objects.filter(user=user).select_related("survey").order_by("survey__created_at", "pk")
        ),
        certificates=list(
            Certificate.objects.filter(recipient=user)
            .select_related("organisation", "replaced_by")
            .order_by("issued_at", "pk")
        ),
        # The notes keep addresses in lower case (people.mail): the index answers.
        sent_emails=list(SentEmail.objects.filter(address__in=addresses).order_by("sent_at", "pk")),
    )
