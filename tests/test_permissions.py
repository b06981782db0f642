"""Every URL of the site for every role, in one walk (pretix's src/tests/control/test_permissions.py is the model).

The walk takes every URL pattern from the resolver (through includes, namespaces and the language prefix). Each
one has an entry in WALK: how its arguments are filled from the world, which method and data to send, and the
answer every role gets. A pattern without an entry fails the walk, naming it, so a new URL cannot slip in
untested; an entry whose URL no longer exists fails too. SKIPPED says what is left out, and why.

The answers:
- a status (200, 400, 404, 405, 410...). Out of scope is 404, never 403: the page does not reveal that the object
  exists. A 200 is checked for its content type (a page, a PDF, a calendar...), and a 200 never answers a role
  for an object outside its scope (test_walk_never_lets_a_role_see_what_is_outside_its_scope).
- LOGIN: a redirect to /en/accounts/login/, with a `next` back into the site.
- TOTP: a redirect to /en/accounts/2fa/totp/activate/ (an organiser, or a safeguarding officer, who has not set up
  an authenticator app).
- REGISTER / OWN: a redirect to the edition's registration form / to one's own registration.
- DONE: a redirect after an action done (not to the login or two-factor pages).

An organiser without an authenticator app (organiser_no_mfa) has no organiser power anywhere
(people.permissions.is_organiser; the flag alone is has_organiser_role): on organiser-only pages (behind
people.permissions.organiser_gate, whatever their path) they are sent to set one up, and everywhere else they get
exactly what `plain` gets, a signed-in person with no tie to anything. The table has no column for them: their
answer is derived in one place (Case.answer), and the walk also checks that their responses are the same as
plain's, status and Location. So is a safeguarding officer's without one (officer_no_mfa): sent to set one up on
the officers' pages (safeguarding.permissions.OfficerRequiredMixin, `officer_only`), plain's answer everywhere else.
The officer with one (`officer`) has a column; outside the officers' pages it must be plain's, in the table and in
the responses. The admin, a superuser organiser with an authenticator app, gets what the organiser gets everywhere,
derived the same way: being a superuser opens no case, and Django's admin shows no safeguarding model.

The world is built once for the module, in a transaction rolled back after it; every request runs in a savepoint
rolled back afterwards, so a POST changes nothing that the next request sees. A request whose answer refuses
(LOGIN, TOTP, 403, 404, 405, 410) must write no row (its session aside) and send no e-mail; some entries also say
who writes, and that no one else does (`writers`). The walk reports every mismatch at once: url, method, role,
expected, got. Answers that are wrong today and reported as findings are listed, with why, in KNOWN.
"""

from __future__ import annotations

import datetime
import fnmatch
import logging
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from documents.jobs import job_create, job_run
from forum.jobs import BADGES_A6
from forum.models import Registration
from forum.services.agenda import agenda_feed_renew, agenda_feed_revoke
from forum.services.stations import station_create, station_revoke
from people.access import Kind as RevealKind
from people.access import reveal_record
from people.models import User
from privacy.views.organiser import LOG_PAGE_SIZE
from reports.periods import quarter_period
from reports.services import report_request
from safeguarding.models import Concern
from safeguarding.officers import erase_closed_cases
from surveys.services import response_submit
from tests.factories import (
    AssessmentFactory,
    CertificateFactory,
    CohortFactory,
    CountryQuotaFactory,
    FocalPointFactory,
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganisationFactory,
    OrganiserFactory,
    PastCohortFactory,
    QuestionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    UserFactory,
)
from tests.factories.people import DEFAULT_PASSWORD
from tests.surveys.results_world import closed_survey
from tests.world import (
    World,
    build_world,
    built_once,
    in_edition,
    pk_of,
    reported,
    session_cookies,
    slug,
    url_patterns,
)
from trainings.services.assessments import attempt_start, attempt_submit
from trainings.services.invitations import Invitation, invitation_token_make

# --- Roles --------------------------------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "delegate",  # approved for the edition, with a visa request and an agenda feed
    "other_delegate",  # registered for the edition (submitted), owns none of the objects walked
    "youth",  # a youth delegate (a minor), registered, waiting for the guardian's consent
    "focal_point",  # focal point of the company (not a minor)
    "other_focal_point",  # focal point of another company
    "participant",  # the company's member, enrolled in the cohort, holder of the certificate
    "trainer",  # trainer of the cohort
    "other_trainer",  # trainer of another cohort
    "nominator",  # the edition's country nominator for Viet Nam: one person invited, one registered
    "nominee",  # the person the nominator invited (their account's address), not registered yet
    "plain",  # signed in, no tie to anything: the delegate-to-be with nothing of their own
    "organiser_no_mfa",  # the organiser role, no authenticator app: no organiser power (derived, see Case.answer)
    "organiser",  # with an authenticator app
    "admin",  # a superuser organiser with an authenticator app: the organiser's answers (derived, see Case.answer)
    "officer",  # a safeguarding officer with an authenticator app, no other tie: every case
    "officer_no_mfa",  # an officer without one: no case (derived, see Case.answer)
]
# The roles the table writes answers for: the others' are derived (Case.answer).
DERIVED = ("organiser_no_mfa", "admin", "officer_no_mfa")
WRITTEN = [role for role in ROLES if role not in DERIVED]
# Who writes where anyone may: a report, a reporter's follow-up.
ANYONE = tuple(ROLES)

# --- Answers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302: to exactly `to`, or to a Location starting with `prefix` (None: anywhere but login and two-factor)."""

    name: str
    to: str | Callable | None = None
    prefix: str | Callable | None = None

    def __str__(self):
        return self.name


LOGIN = Redirect("LOGIN", prefix="/en/accounts/login/")
TOTP = Redirect("TOTP", to="/en/accounts/2fa/totp/activate/")
REGISTER = Redirect("REGISTER", to=lambda w: f"/en/forum/{w.edition.slug}/register/")
OWN = Redirect("OWN", to=lambda w: f"/en/forum/{w.edition.slug}/registration/")
DONE = Redirect("DONE")
DELEGATION = Redirect("DELEGATION", to=lambda w: f"/en/forum/{w.edition.slug}/delegation/")
# allauth asks for the password again before two-factor setup when the login is not recent (force_login's is not);
# the TOTP answer leads there.
REAUTHENTICATE = Redirect("REAUTHENTICATE", prefix="/en/accounts/reauthenticate/?next=")
REFUSALS = {LOGIN, TOTP, 403, 404, 405, 410}

CONTENT_TYPES = {
    "html": "text/html",
    "pdf": "application/pdf",
    "ics": "text/calendar",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "json": "application/json",
    "js": "text/javascript",
    "png": "image/png",
}


def everyone(answer) -> dict:
    return dict.fromkeys(WRITTEN, answer)


def signed_in(answer, **roles) -> dict:
    """Everyone signed in gets `answer` (but `roles`, as given); the anonymous visitor is sent to log in."""
    return {**dict.fromkeys(WRITTEN, answer), "anonymous": LOGIN, **roles}


def owner_only(*owners, ok=200, others=404) -> dict:
    """The owners (and organisers) get `ok`; everyone else signed in gets `others`, the anonymous visitor LOGIN."""
    return signed_in(others, **dict.fromkeys(owners, ok), organiser=ok)


@dataclass(frozen=True)
class Case:
    """One request shape for a URL pattern, and what every role gets."""

    expect: dict
    organiser_only: bool = False
    officer_only: bool = False  # behind safeguarding.permissions.OfficerRequiredMixin
    method: str = "get"
    kwargs: Callable = lambda w: {}
    query: str | Callable = ""
    data: Callable | None = None
    content: str = "html"  # what a 200 carries (CONTENT_TYPES)
    label: str = ""
    outside: bool = False  # the object is outside every role's scope but an organiser's (another's, missing)
    writers: tuple | None = None  # when given, these roles write a row, and no one else does

    @property
    def title(self) -> str:
        return f"{self.method.upper()}{' ' + self.label if self.label else ''}"

    def answer(self, role: str):
        """The one place where the derived answers are decided: organiser_no_mfa's (TOTP on organiser-only pages,
        and everywhere else what `plain` gets), officer_no_mfa's (TOTP on the officers' pages, and everywhere else
        plain's) and the admin's (the organiser's)."""
        if role == "organiser_no_mfa":
            return TOTP if self.organiser_only else self.expect["plain"]
        if role == "officer_no_mfa":
            return TOTP if self.officer_only else self.expect["plain"]
        if role == "admin":
            return self.expect["organiser"]
        return self.expect[role]

    def writes(self, role: str) -> bool:
        """Whether `role` is one of the writers (the admin writes where the organiser does)."""
        return self.writers is not None and (role in self.writers or (role == "admin" and "organiser" in self.writers))


def page(expect, **case) -> Case:
    return Case(expect=expect, **case)


def organiser_page(ok=200, **case) -> Case:
    """An organiser-only page: organisers with two-factor get `ok`; everyone else signed in 404 (the organiser
    without two-factor: TOTP, see Case.answer); the anonymous visitor LOGIN."""
    return Case(expect=signed_in(404, organiser=ok), organiser_only=True, **case)


def officer_page(ok=200, **case) -> Case:
    """A safeguarding officers' page: officers with two-factor get `ok`; everyone else signed in 404, organisers
    and the admin too (the officer without two-factor: TOTP, see Case.answer); the anonymous visitor LOGIN."""
    return Case(expect=signed_in(404, officer=ok), officer_only=True, **case)


def post_only(case: Case, get: dict | None = None) -> list[Case]:
    """A POST-only URL: the POST as given, and a GET. The gate answers a GET first, so a 405 goes only to those it
    lets through (on an organiser-only page: organisers; on an officers' page: officers) and tells no one else that
    the page exists; `get` says what each role gets (derived for organiser-only and officers' pages)."""
    if case.organiser_only:
        get = signed_in(404, organiser=405)
    elif case.officer_only:
        get = signed_in(404, officer=405)
    return [case, replace(case, method="get", data=None, expect=get, writers=None)]


def delegation_page(ok=200, **case) -> Case:
    """A nominator's page of their own delegation: the nominator gets `ok`; everyone else signed in (organisers
    too: they have their own pages) 404; the anonymous visitor LOGIN."""
    return page(signed_in(404, nominator=ok), **case)


def delegation_action(kwargs: Callable) -> list[Case]:
    """A POST-only button of a delegation's row: done by the nominator (the only one who writes), back to the
    delegation page; a GET: 405 to the nominator, 404 to everyone else."""
    action = delegation_page(DELEGATION, method="post", kwargs=kwargs, writers=("nominator",))
    return post_only(action, get=signed_in(404, nominator=405))


def owners_action(owner: str, ok, kwargs: Callable) -> list[Case]:
    """A POST-only action on an object of `owner`'s: `ok` to them and organisers, 404 to everyone else signed in; a
    GET: 405 to them and organisers, 404 to the others."""
    return post_only(page(owner_only(owner, ok=ok), method="post", kwargs=kwargs), get=owner_only(owner, ok=405))


# --- The world ----------------------------------------------------------------------------------------------


def _build_world() -> World:
    """The shared world (tests/world.py), and what only the walk needs: another's of everything, a draft edition, a
    revoked agenda feed, invitations, a print job whose results are ready, a safeguarding case whose content was
    erased, the roles with no tie and the admin."""
    w = build_world(slug="atf-2027")
    w.plain = UserFactory()
    w.edition_end = timezone.now() + datetime.timedelta(days=400)

    # The forum: a revoked agenda feed, a draft edition, and another edition's room, session, delegate and quota.
    revoked = RegistrationFactory(edition=w.edition, status=Registration.Status.APPROVED)
    w.revoked_token = agenda_feed_renew(registration=revoked).token
    agenda_feed_revoke(registration=revoked)
    w.draft = ForumEditionFactory(slug="atf-draft", is_published=False)
    w.draft_session = SessionFactory(room=RoomFactory(edition=w.draft))
    w.foreign = ForumEditionFactory()
    w.foreign_session = SessionFactory(room=RoomFactory(edition=w.foreign))
    w.foreign_registration = RegistrationFactory(edition=w.foreign, status=Registration.Status.APPROVED)
    w.foreign_quota = CountryQuotaFactory(edition=w.foreign, country="TH")

    # Nominations: another country's delegation on the edition (`other_nomination`: another delegation's), one whose
    # deadline has passed with its invitation still open (not released yet: its link has expired), and another
    # edition's nominator.
    w.other_nominator = NominatorFactory(edition=w.edition, country="TH")
    w.other_nomination = NominationFactory(nominator=w.other_nominator)
    late = NominatorFactory(edition=w.edition, country="LA", deadline=timezone.now() - datetime.timedelta(hours=1))
    w.expired_nomination_token = NominationFactory(nominator=late).token
    w.foreign_nominator = NominatorFactory(edition=w.foreign)

    # Trainings: another company with its own focal point, another cohort with its own trainer, and invitations.
    w.other_company = OrganisationFactory(name="Angkor Net")
    w.other_focal_point = FocalPointFactory(organisation=w.other_company).user
    w.other_trainer = UserFactory()
    w.other_question = QuestionFactory(course=CohortFactory(trainers=[w.other_trainer]).course)

    # Tests: the cohort's post-test is open (its one session has started); the participant's first attempt is
    # submitted, the second in progress; the pre-test closed when the session started.
    QuestionFactory(course=w.cohort.course)
    w.pre_test = AssessmentFactory(course=w.cohort.course, kind="pre", question_count=1)
    w.post_test = AssessmentFactory(course=w.cohort.course, kind="post", question_count=1, attempts_allowed=3)
    w.done_attempt = attempt_submit(attempt=attempt_start(enrollment=w.enrollment, assessment=w.post_test))
    w.attempt = attempt_start(enrollment=w.enrollment, assessment=w.post_test)
    w.attempt_choice = w.attempt.items.get().choice_order[0]

    def invitation(email):
        return invitation_token_make(
            invitation=Invitation(
                email=email,
                given_name="Invited",
                family_name="Person",
                language="en",
                organisation=w.company,
                cohort=w.cohort,
                inviter=w.focal_point,
            )
        )

    w.invitation_token = invitation("invited.person@example.org")  # no account yet: anyone may open it
    w.account_invitation_token = invitation(w.other_registration.user.email)  # an account's: its holder

    # Certificates: another company's, a minor's (the company's too); the print job's results are ready.
    w.other_certificate = CertificateFactory(organisation=w.other_company)
    w.minor_certificate = CertificateFactory(recipient=w.youth, organisation=w.company)
    job_run(job_id=w.job.pk)
    w.job.refresh_from_db()
    # Badges: the approved delegate's, printed (its results are ready).
    w.badge_job = job_create(kind=BADGES_A6, ids=[w.registration.pk], title="Walk badges", by=w.organiser)
    job_run(job_id=w.badge_job.pk)
    w.badge_job.refresh_from_db()
    # The programme report of a quarter, generated (its PDF and XLSX are ready).
    w.report, _created = report_request(period=quarter_period(2026, 3), language="en", by=w.organiser)
    job_run(job_id=w.report.job_id)
    w.report_job = w.report.job
    w.report_job.refresh_from_db()

    # Check-in stations: one with its link unspent (`station_token`), one revoked.
    w.station, w.station_token = station_create(
        edition=w.edition, by=w.organiser, name="Main door", day=w.edition.starts_on, expires_at=w.edition_end
    )
    w.revoked_station, w.revoked_station_token = station_create(
        edition=w.edition, by=w.organiser, name="Old door", day=w.edition.starts_on, expires_at=w.edition_end
    )
    station_revoke(station=w.revoked_station)

    # Surveys: a closed anonymous survey of a finished cohort the trainer teaches, with 5 responses (its results
    # show), and a question of the library.
    w.survey = closed_survey(5, trainer=w.trainer)
    w.survey_question = w.survey.items.first().question
    # A survey to answer: an open invitation's link (`survey_token`) and an answered one's; the link is the
    # credential, whoever follows it.
    answering = SurveyFactory(subject=PastCohortFactory(), with_items=True)
    w.survey_rating = answering.items.get(position=1)
    w.survey_token = SurveyInvitationFactory(survey=answering).token
    answered = SurveyInvitationFactory(survey=answering)
    response_submit(invitation=answered, answers={w.survey_rating.pk: 4})
    w.answered_survey_token = answered.token

    # Safeguarding: a case closed four years ago, its content erased at the end of its retention (its reporter's
    # link, `erased_token`, leads nowhere any more).
    w.erased_concern, w.erased_token = reported("Erased long ago.")
    long_ago = timezone.now() - datetime.timedelta(days=365 * 4)
    Concern.objects.filter(pk=w.erased_concern.pk).update(status=Concern.Status.CLOSED, closed_at=long_ago)
    erase_closed_cases()

    # Privacy: an edition of long ago whose personal data is anonymised (its days can no longer change), and a
    # second page of the access log.
    today = timezone.localdate()
    w.anonymised = ForumEditionFactory(
        slug="atf-2019",
        starts_on=today - datetime.timedelta(days=800),
        ends_on=today - datetime.timedelta(days=798),
        registration_opens_at=timezone.now() - datetime.timedelta(days=900),
        registration_closes_at=timezone.now() - datetime.timedelta(days=820),
        passports_erased_at=timezone.now() - datetime.timedelta(days=797),
        personal_data_erased_at=timezone.now() - datetime.timedelta(days=400),
    )
    for number in range(LOG_PAGE_SIZE + 1):
        reveal_record(by=w.organiser, kind=RevealKind.EXPORT, subject=f"Registrations {number} (CSV)", people=3)

    w.users.update(
        other_delegate=w.other_registration.user,
        other_focal_point=w.other_focal_point,
        other_trainer=w.other_trainer,
        plain=w.plain,
        admin=OrganiserFactory(with_totp=True, is_superuser=True, given_name="Vanna", family_name="Admin"),
    )
    w.sessions = session_cookies(w.users)
    mail.outbox = []
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test."""
    with translation.override("en"), built_once(django_db_blocker, _build_world) as w:
        yield w
        for file in (w.badge_job.pdf_file, w.badge_job.zip_file, w.report_job.pdf_file, w.report_job.xlsx_file):
            if file:
                file.storage.delete(file.name)


# --- The table ----------------------------------------------------------------------------------------------


def draft(w):
    return {"slug": w.draft.slug}


def course_of(name: str):
    """The arguments of the question bank holding the world's question `name`."""
    return lambda w: {"course_id": getattr(w, name).course_id}


def in_course(name: str):
    """The arguments of the world's question `name` within its course's bank."""
    return lambda w: {"course_id": getattr(w, name).course_id, "pk": getattr(w, name).pk}


def kind_of(kind: str):
    """The arguments of the cohort's test of `kind` (pre, post)."""
    return lambda w: {"pk": w.cohort.pk, "kind": kind}


def attempt_of(name: str):
    """The arguments of the world's attempt `name` (the participant's, at the post-test)."""
    return lambda w: {"pk": w.cohort.pk, "kind": "post", "number": getattr(w, name).number}


def question_of(name: str):
    return lambda w: {**attempt_of(name)(w), "position": 1}


def nominator_form(email: Callable, country: str, places: str = "1"):
    """The organisers' nominator form: a country's focal point `email(w)`, a deadline the day before registration
    closes (in the forum's time zone)."""

    def data(w):
        deadline = timezone.localtime(w.edition.registration_closes_at - datetime.timedelta(days=1), w.edition.zone)
        return {
            "email": email(w),
            "kind": "country",
            "country": country,
            "places": places,
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        }

    return data


# Where an organiser's action leads: back into the part of the console it belongs to.
FORUM_DONE = Redirect("DONE", prefix="/en/organiser/forum/atf-2027/")
PROGRAMME_DONE = Redirect("DONE", prefix="/en/organiser/programme/atf-2027/")
TRAININGS_DONE = Redirect("DONE", prefix="/en/organiser/trainings/")
CERTIFICATES_DONE = Redirect("DONE", prefix="/en/organiser/certificates/")
SURVEYS_DONE = Redirect("DONE", prefix="/en/organiser/surveys/")
BADGE_JOB_DONE = Redirect("DONE", prefix="/en/organiser/badges/jobs/")
REPORTS_DONE = Redirect("DONE", prefix="/en/organiser/reports/")
ROLL_CALL = Redirect("ROLL-CALL", to=lambda w: f"/en/trainings/sessions/{w.training_session.pk}/attendance/")
SAFEGUARDING_DONE = Redirect("DONE", prefix="/en/organiser/safeguarding/")
FOLLOWED_UP = Redirect("ADDED", to=lambda w: f"/en/safeguarding/follow-up/{w.concern_token}/?added=1")
PRIVACY_DONE = Redirect("DONE", to="/en/organiser/privacy/")
REPORT = {"what_happened": "A man asked a child for photos at the coffee break.", "place": "forum", "danger_now": "no"}


def case_done(name: str) -> Redirect:
    """Where an officer's change to the world's case `name` leads: back to the case's page."""
    return Redirect("CASE", prefix=lambda w: f"/en/safeguarding/cases/{getattr(w, name).pk}/")


def case_change(name: str, data: Callable | None = None, **case) -> Case:
    """An officer's form on the world's case `name`: `data` posted, and back to the case's page."""
    return officer_page(case_done(name), method="post", kwargs=pk_of(name), data=data, **case)


def attachment_of(concern: str, attachment: str):
    """The arguments of the world's `attachment` under the world's case `concern`."""
    return lambda w: {"pk": getattr(w, concern).pk, "attachment": getattr(w, attachment).pk}


def retention_days(days: str, edition: str = "edition"):
    """The organisers' retention form of the world's edition `edition`: its id, and its days (the form's fields
    are prefixed with the edition's id)."""
    return lambda w: {"edition": getattr(w, edition).pk, f"edition-{getattr(w, edition).pk}-days": days}


# The erase form, confirmed, with a password that is nobody's: the walk never erases a world's account (see
# test_erase_with_the_right_password for the right one).
WRONG_PASSWORD = {"certificates": "keep", "password": "not-the-password", "understood": "on"}


def follow_up(name: str):
    """The arguments of a reporter's follow-up page: the world's token `name`."""
    return lambda w: {"token": getattr(w, name)}


# URL patterns left out of the walk, each with its reason: by route (the start of its path), and by name (fnmatch on
# "namespace:name"; a name in WALK is walked all the same).
SKIPPED_ROUTES = {
    # Django's own admin: ModelAdmin pages behind the organiser gate (people/admin.py); tests/people/test_access.py
    # checks the gate itself (login, 404, two-factor).
    "admin/": "Django's admin",
    # Served only with DEBUG (config/urls.py): files, not pages with permissions.
    settings.STATIC_URL.lstrip("/"): "static files",
    settings.MEDIA_URL.lstrip("/"): "uploaded files",
}
SKIPPED = {
    # allauth's account and two-factor pages: allauth's own views, whose answers are allauth's (our flows through
    # them are in tests/people/test_accounts.py). Walked on purpose: login and two-factor setup (where LOGIN and
    # TOTP answers lead), signup, logout, the e-mail addresses and the two-factor overview.
    "account_*": "allauth's account pages",
    "mfa_*": "allauth's two-factor pages",
}

# A badge's pages answer 404 for a registration that holds no seat and for another edition's.
BADGE_OUTSIDE = [
    organiser_page(
        404,
        kwargs=lambda w: {"slug": w.edition.slug, "pk": w.other_registration.pk},
        label="not approved",
        outside=True,
    ),
    organiser_page(
        404,
        kwargs=lambda w: {"slug": w.edition.slug, "pk": w.foreign_registration.pk},
        label="another edition's",
        outside=True,
    ),
]

WALK: dict[str, list[Case]] = {
    # --- Public and personal pages
    "healthz": [page(everyone(200), content="json")],
    # Readiness: public, yes/no and numbers only (tests/operations/test_health.py checks that nothing personal shows).
    "readyz": [page(everyone(200), content="json")],
    "set_language": [
        page(everyone(Redirect("KHMER", to="/km/")), method="post", data=lambda w: {"language": "km", "next": "/en/"}),
        page(everyone(Redirect("HOME", to="/")), label="no next"),
    ],
    "home": [page(everyone(200))],
    "privacy": [page(everyone(200))],
    "profile": [page(signed_in(200))],
    "profile_reach": post_only(
        page(signed_in(DONE), method="post", data=lambda w: {"not_now": "Not now"}), get=signed_in(405)
    ),
    # A person's own data: the ZIP for everyone signed in (organisers, officers and a youth delegate too: theirs
    # only). The walker clears the cache before every request, so the limit of 5 an hour never refuses it
    # (tests/privacy/test_own_data.py checks the limit); the certificates' PDFs not rendered yet are cached on the
    # way, a write of the participant's and the youth's own certificates.
    "privacy:data": [
        page(signed_in(200)),
        page(signed_in(200), method="post", content="zip", label="download", writers=("participant", "youth")),
    ],
    # The erasure: the page for everyone signed in (the form, or instead the reason for those who hold a role others
    # rely on, ERASE_REFUSED: a 200 all the same). A wrong password is refused beside the field and erases nothing;
    # nothing at all sent: the page again with the errors. The right password: test_erase_with_the_right_password.
    "privacy:erase": [
        page(signed_in(200)),
        page(signed_in(200), method="post", data=lambda w: WRONG_PASSWORD, label="wrong password", writers=()),
        page(signed_in(200), method="post", label="empty", writers=()),
    ],
    "account_login": [page({**everyone(DONE), "anonymous": 200})],
    "account_signup": [page({**everyone(DONE), "anonymous": 200})],
    "account_logout": [page({**everyone(200), "anonymous": DONE})],
    "account_email": [page(signed_in(200))],
    "mfa_index": [page(signed_in(200))],
    "mfa_activate_totp": [page(signed_in(REAUTHENTICATE))],
    # --- Forum: delegates
    "forum:consent": [
        page(everyone(200), kwargs=lambda w: {"token": w.consent_token}),
        page(everyone(404), kwargs=lambda w: {"token": "aaaa:bbbb"}, label="guessed token"),
    ],
    "forum:consent_done": [page(everyone(200))],
    "forum:edition_list": [page(everyone(200))],
    "forum:edition": [
        page(everyone(200), kwargs=slug),
        page({**everyone(404), "organiser": 200}, kwargs=draft, label="draft"),
        page(everyone(404), kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
    ],
    "forum:register": [page(signed_in(200, delegate=OWN, other_delegate=OWN, youth=OWN), kwargs=slug)],
    **{
        name: [page(signed_in(REGISTER, delegate=200, other_delegate=200, youth=200), kwargs=slug)]
        for name in ("forum:registration_edit", "forum:registration_cancel")
    },
    "forum:registration": [
        page(signed_in(REGISTER, delegate=200, other_delegate=200, youth=200), kwargs=slug),
        page(
            signed_in(404, organiser=Redirect("REGISTER", to="/en/forum/atf-draft/register/")),
            kwargs=draft,
            label="draft",
        ),
    ],
    # Only the delegate's own letter; organisers download theirs from the organiser pages.
    "forum:visa_letter": [
        page(signed_in(404, delegate=200), kwargs=slug, content="pdf"),
        page(signed_in(404), kwargs=draft, label="draft", content="pdf"),
    ],
    # A youth delegate sends their guardian a new link; anyone else: 404.
    "forum:guardian_link": post_only(page(signed_in(404, youth=OWN), method="post", kwargs=slug), get=signed_in(405)),
    # --- Forum: a nominator's delegation (theirs only: organisers too get 404), a nominee's personal link
    "forum:delegation": [
        delegation_page(kwargs=slug),
        delegation_page(
            DELEGATION,
            method="post",
            kwargs=slug,
            data=lambda w: {"name": "Thu Hoang", "email": "thu.hoang@example.org", "language": "km"},
            label="one invited",
            writers=("nominator",),
        ),
        # Nothing filled in: the page again, with the errors beside the fields.
        delegation_page(method="post", kwargs=slug, label="empty", writers=()),
        # The nominator is one for this edition only.
        page(signed_in(404), kwargs=lambda w: {"slug": w.foreign.slug}, label="another edition's", outside=True),
    ],
    # The pasted lines' outcomes on the page (no redirect: the refused lines come back to be corrected).
    "forum:delegation_paste": post_only(
        delegation_page(
            method="post",
            kwargs=slug,
            data=lambda w: {"paste-people": "Quang Vu, quang.vu@example.org", "paste-language": "en"},
            writers=("nominator",),
        ),
        get=signed_in(404, nominator=405),
    ),
    **{
        f"forum:delegation_{action}": [
            *delegation_action(in_edition("nomination")),
            delegation_page(
                404, method="post", kwargs=in_edition("other_nomination"), label="another delegation's", outside=True
            ),
        ]
        for action in ("resend", "withdraw", "head")
    },
    "forum:delegation_replace": [
        delegation_page(kwargs=in_edition("nomination")),
        delegation_page(kwargs=in_edition("taken_nomination"), label="a registered nominee's"),
        delegation_page(
            DELEGATION,
            method="post",
            kwargs=in_edition("nomination"),
            data=lambda w: {"name": "Hung Le", "email": "hung.le@example.org", "language": "en"},
            label="replaced",
            writers=("nominator",),
        ),
        delegation_page(404, kwargs=in_edition("other_nomination"), label="another delegation's", outside=True),
        delegation_page(
            404,
            method="post",
            kwargs=in_edition("other_nomination"),
            data=lambda w: {"name": "Hung Le", "email": "hung.le@example.org", "language": "en"},
            label="another delegation's",
            outside=True,
        ),
    ],
    # The link and the invited address together: a landing page for the anonymous visitor, the form for the account
    # of the address invited, their registration's page for anyone registered; any other account is told that the
    # link was sent to another address (a forwarded link registers nobody else).
    "forum:invitation": [
        page(
            signed_in(403, nominee=200, delegate=200, other_delegate=200, youth=200, anonymous=200),
            kwargs=lambda w: {"slug": w.edition.slug, "token": w.nomination_token},
        ),
        # Registered from the link: the nominee only, with the delegation's country.
        page(
            signed_in(403, nominee=OWN, delegate=200, other_delegate=200, youth=200, anonymous=200),
            method="post",
            kwargs=lambda w: {"slug": w.edition.slug, "token": w.nomination_token},
            data=lambda w: {
                "category": "government",
                "new_organisation_name": "Ministry of Information and Communications",
                "position": "Child online protection officer",
                "agree_code_of_conduct": "on",
                "agree_privacy": "on",
            },
            label="registered",
            writers=("nominee",),
        ),
        page(everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "token": "guessed"}, label="guessed"),
        page(everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "token": w.taken_nomination.token}, label="used"),
        page(
            everyone(410),
            kwargs=lambda w: {"slug": w.edition.slug, "token": w.expired_nomination_token},
            label="expired",
        ),
    ],
    # --- Forum: programme and agenda
    "forum:programme": [
        page(everyone(200), kwargs=slug),
        page(everyone(200), kwargs=slug, query="?track=x&kind=panel", label="filtered"),
        page({**everyone(404), "organiser": 200}, kwargs=draft, label="draft"),
        page(everyone(404), kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
    ],
    "forum:programme_ics": [
        page(everyone(200), kwargs=slug, content="ics"),
        page({**everyone(404), "organiser": 200}, kwargs=draft, label="draft", content="ics"),
    ],
    "forum:programme_pdf": [page(everyone(200), kwargs=slug, content="pdf")],
    "forum:session": [
        page(everyone(200), kwargs=in_edition("session")),
        page(everyone(404), kwargs=in_edition("foreign_session"), label="another edition's", outside=True),
        page(everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "pk": 999999}, label="missing", outside=True),
        page(
            {**everyone(404), "organiser": 200},
            kwargs=lambda w: {"slug": w.draft.slug, "pk": w.draft_session.pk},
            label="draft",
        ),
    ],
    "forum:my_agenda": [
        page(signed_in(200), kwargs=slug),
        page(signed_in(404, organiser=200), kwargs=draft, label="draft"),
        # Adding a session: a redirect for everyone signed in; only the approved delegate's agenda changes.
        page(
            signed_in(DONE),
            method="post",
            kwargs=slug,
            data=lambda w: {"action": "add", "session": w.session.pk},
            writers=("delegate",),
        ),
    ],
    "forum:my_agenda_pdf": [page(signed_in(404, delegate=200), kwargs=slug, content="pdf")],
    "forum:my_agenda_ics": [
        page(everyone(200), kwargs=lambda w: {"slug": w.edition.slug, "token": w.agenda_token}, content="ics"),
        page(everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "token": w.revoked_token}, label="revoked"),
        page(everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "token": "not-a-token"}, label="forged"),
    ],
    # --- Check-in stations: the device's cookie is the only credential (none of the roles has one)
    "forum:station": [
        page(everyone(200), kwargs=lambda w: {"slug": w.edition.slug, "token": w.station_token}, label="first opening"),
        page(
            everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "token": w.revoked_station_token}, label="revoked"
        ),
        page(everyone(404), kwargs=lambda w: {"slug": w.edition.slug, "token": "guessed"}, label="guessed"),
    ],
    "forum:station_manifest": [
        page(everyone(403), kwargs=lambda w: {"slug": w.edition.slug, "token": w.station_token}, label="no cookie"),
        page(everyone(403), kwargs=lambda w: {"slug": w.edition.slug, "token": "guessed"}, label="guessed"),
    ],
    "forum:station_sync": post_only(
        page(everyone(403), method="post", kwargs=lambda w: {"slug": w.edition.slug, "token": w.station_token}),
        get=everyone(405),
    ),
    # --- Trainings
    "trainings:catalogue": [page(everyone(200))],
    "trainings:cohort": [page(everyone(200), kwargs=pk_of("cohort"))],
    # Anyone signed in enrols themselves (the participant is enrolled already: the form says so).
    "trainings:cohort_enrol": post_only(
        page(signed_in(DONE, participant=200), method="post", kwargs=pk_of("cohort")), get=signed_in(405)
    ),
    "trainings:cohort_withdraw": post_only(
        page(signed_in(404, participant=DONE), method="post", kwargs=pk_of("cohort")), get=signed_in(405)
    ),
    "trainings:my_sessions": [page(signed_in(404, trainer=200, other_trainer=200))],
    "trainings:my_company": [
        page(
            signed_in(
                404,
                focal_point=Redirect("MY COMPANY", to=lambda w: f"/en/trainings/company/{w.company.pk}/"),
                other_focal_point=Redirect("MY COMPANY", to=lambda w: f"/en/trainings/company/{w.other_company.pk}/"),
            )
        )
    ],
    "trainings:company": [
        page(owner_only("focal_point"), kwargs=lambda w: {"org_id": w.company.pk}),
        page(signed_in(404), kwargs=lambda w: {"org_id": 999999}, label="missing", outside=True),
    ],
    "trainings:company_enrol_member": [
        page(owner_only("focal_point"), method="post", kwargs=lambda w: {"org_id": w.company.pk})
    ],
    "trainings:company_enrol_new": [
        page(owner_only("focal_point"), method="post", kwargs=lambda w: {"org_id": w.company.pk})
    ],
    "trainings:company_membership_confirm": owners_action(
        "focal_point", DONE, lambda w: {"org_id": w.company.pk, "membership_id": w.pending.pk}
    ),
    "trainings:company_withdraw": owners_action(
        "focal_point", DONE, lambda w: {"org_id": w.company.pk, "enrollment_id": w.enrollment.pk}
    ),
    "trainings:invitation": [
        page(everyone(200), kwargs=lambda w: {"token": w.invitation_token}),
        page(everyone(404), kwargs=lambda w: {"token": "forged"}, label="forged"),
        # The invitation of an existing account: its holder accepts; anyone else is told it is not theirs.
        page(
            signed_in(403, other_delegate=200),
            kwargs=lambda w: {"token": w.account_invitation_token},
            label="an account's",
        ),
    ],
    # --- Trainings: roll-call (the session's trainers and organisers)
    "trainings:attendance": [
        page(owner_only("trainer"), kwargs=pk_of("training_session")),
        page(signed_in(404), kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "trainings:attendance_marks": owners_action("trainer", 400, pk_of("training_session")),
    "trainings:attendance_mark": owners_action("trainer", DONE, pk_of("training_session")),
    "trainings:attendance_code": [page(owner_only("trainer"), kwargs=pk_of("training_session"))],
    "trainings:attendance_history": [organiser_page(kwargs=pk_of("training_session"))],
    "trainings:attendance_unlock": post_only(
        organiser_page(ROLL_CALL, method="post", kwargs=pk_of("training_session"))
    ),
    "trainings:attendance_relock": post_only(
        organiser_page(ROLL_CALL, method="post", kwargs=pk_of("training_session"))
    ),
    "trainings:attendance_sheet": [page(owner_only("trainer"), kwargs=pk_of("training_session"), content="pdf")],
    "trainings:attendance_csv": [page(owner_only("trainer"), kwargs=pk_of("cohort"), content="csv")],
    "trainings:attendance_xlsx": [page(owner_only("trainer"), kwargs=pk_of("cohort"), content="xlsx")],
    "trainings:checkin": [page(everyone(200))],
    "trainings:checkin_link": [
        # The participant is checked in; anyone else signed in is told the code is not for them.
        page(signed_in(400, participant=200), kwargs=lambda w: {"code": w.checkin_code}),
        page(signed_in(400), kwargs=lambda w: {"code": "XXXXXX"}, label="unknown code"),
    ],
    "trainings:offline_worker": [page(everyone(200), content="js")],
    # --- Trainings: a participant's tests (theirs only: everyone else, organisers too, 404)
    "trainings:test": [
        page(signed_in(404, participant=200), kwargs=kind_of("post")),
        page(signed_in(404, participant=200), kwargs=kind_of("pre"), label="closed"),
        # Starting resumes the attempt in progress: to its page.
        page(signed_in(404, participant=DONE), method="post", kwargs=kind_of("post"), label="start"),
        page(signed_in(404), kwargs=lambda w: {"pk": w.cohort.pk, "kind": "other"}, label="no such kind", outside=True),
    ],
    "trainings:test_attempt": [
        page(signed_in(404, participant=200), kwargs=attempt_of("attempt")),
        page(signed_in(404, participant=DONE), kwargs=attempt_of("done_attempt"), label="submitted: to its result"),
        page(signed_in(404), kwargs=lambda w: {**attempt_of("attempt")(w), "number": 99}, label="none", outside=True),
    ],
    "trainings:test_question": [
        page(signed_in(404, participant=200), kwargs=question_of("attempt")),
        page(
            signed_in(404, participant=DONE),
            method="post",
            kwargs=question_of("attempt"),
            data=lambda w: {"choice": [w.attempt_choice]},
            label="answer",
            writers=("participant",),
        ),
        page(signed_in(404, participant=400), method="post", kwargs=question_of("attempt"), label="no answer"),
        page(signed_in(404, participant=DONE), method="post", kwargs=question_of("done_attempt"), label="submitted"),
    ],
    # Form data is not the JSON it reads: 400 to the participant.
    "trainings:test_answers": post_only(
        page(signed_in(404, participant=400), method="post", kwargs=attempt_of("attempt")),
        get=signed_in(404, participant=405),
    ),
    "trainings:test_submit": [
        page(signed_in(404, participant=200), kwargs=attempt_of("attempt")),
        page(signed_in(404, participant=DONE), method="post", kwargs=attempt_of("attempt"), label="submit"),
    ],
    "trainings:test_result": [
        page(signed_in(404, participant=200), kwargs=attempt_of("done_attempt")),
        page(signed_in(404, participant=DONE), kwargs=attempt_of("attempt"), label="in progress: to the attempt"),
    ],
    # --- Trainings: a course's question bank (its cohorts' trainers, organisers), a cohort's results (its trainers)
    "trainings:question_bank": [
        page(owner_only("trainer"), kwargs=course_of("question")),
        page(owner_only("other_trainer"), kwargs=course_of("other_question"), label="another course's"),
    ],
    "trainings:question_create": [
        page(owner_only("trainer"), kwargs=course_of("question")),
        # Nothing filled in: the form again, with its errors.
        page(owner_only("trainer"), method="post", kwargs=course_of("question"), label="empty"),
    ],
    "trainings:question_update": [
        page(owner_only("trainer"), kwargs=in_course("question")),
        page(
            signed_in(404),
            kwargs=lambda w: {"course_id": w.question.course_id, "pk": w.other_question.pk},
            label="another course's question",
            outside=True,
        ),
    ],
    **{
        name: owners_action("trainer", DONE, in_course("question"))
        for name in ("trainings:question_retire", "trainings:question_restore")
    },
    "trainings:cohort_results": [
        page(owner_only("trainer"), kwargs=pk_of("cohort")),
        page(signed_in(404), kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "trainings:results_csv": [page(owner_only("trainer"), kwargs=pk_of("cohort"), content="csv")],
    "trainings:results_xlsx": [page(owner_only("trainer"), kwargs=pk_of("cohort"), content="xlsx")],
    # --- Certificates
    "certificates:mine": [page(signed_in(200))],
    "certificates:verify": [page(everyone(200))],
    "certificates:verify_code": [
        page(everyone(200), kwargs=lambda w: {"code": w.certificate.code}),
        page(everyone(404), kwargs=lambda w: {"code": "ABCDEFGHJKMNPQ"}, label="unknown code"),
    ],
    # The recipient, the focal point of the certificate's company and organisers; a minor's never to a focal point.
    "certificates:pdf": [
        page(owner_only("participant", "focal_point"), kwargs=lambda w: {"code": w.certificate.code}, content="pdf"),
        page(
            owner_only("other_focal_point"),
            kwargs=lambda w: {"code": w.other_certificate.code},
            content="pdf",
            label="another company's",
        ),
        page(
            owner_only("youth"), kwargs=lambda w: {"code": w.minor_certificate.code}, content="pdf", label="a minor's"
        ),
        page(signed_in(404), kwargs=lambda w: {"code": "ABCDEFGHJKMNPQ"}, label="unknown code", outside=True),
    ],
    # --- Organiser console: forum
    "forum_organiser:editions": [organiser_page()],
    "forum_organiser:edition_create": [organiser_page()],
    "forum_organiser:edition": [
        organiser_page(kwargs=slug),
        organiser_page(kwargs=draft, label="draft"),
        organiser_page(404, kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
    ],
    "forum_organiser:edition_edit": [organiser_page(kwargs=slug)],
    "forum_organiser:edition_publish": post_only(
        organiser_page(FORUM_DONE, method="post", kwargs=slug, data=lambda w: {"publish": "0"})
    ),
    "forum_organiser:edition_quotas": [
        organiser_page(kwargs=slug),
        organiser_page(FORUM_DONE, method="post", kwargs=slug, data=lambda w: {"country": "TH", "seats": "3"}),
    ],
    "forum_organiser:quota_delete": [
        *post_only(organiser_page(FORUM_DONE, method="post", kwargs=in_edition("quota"))),
        organiser_page(404, method="post", kwargs=in_edition("foreign_quota"), label="another edition's", outside=True),
    ],
    "forum_organiser:nominations": [
        organiser_page(kwargs=slug),
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=slug,
            data=nominator_form(lambda w: w.plain.email, "PH"),
            label="named",
            writers=("organiser",),
        ),
        organiser_page(
            method="post",
            kwargs=slug,
            data=nominator_form(lambda w: "nobody@example.org", "PH"),
            label="no such account",
            writers=(),
        ),
    ],
    "forum_organiser:nominator": [
        organiser_page(kwargs=in_edition("nominator")),
        organiser_page(404, kwargs=in_edition("foreign_nominator"), label="another edition's", outside=True),
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=in_edition("nominator"),
            data=nominator_form(lambda w: w.nominator.user.email, "VN", places="4"),
            label="changed",
            writers=("organiser",),
        ),
    ],
    "forum_organiser:nominator_remove": [
        *post_only(
            organiser_page(FORUM_DONE, method="post", kwargs=in_edition("other_nominator"), writers=("organiser",))
        ),
        # One of their delegation registered: refused, with a word on the nominations page.
        organiser_page(
            FORUM_DONE, method="post", kwargs=in_edition("nominator"), label="people registered", writers=()
        ),
        organiser_page(
            404, method="post", kwargs=in_edition("foreign_nominator"), label="another edition's", outside=True
        ),
    ],
    "forum_organiser:edition_policies": [
        organiser_page(kwargs=slug),
        organiser_page(FORUM_DONE, method="post", kwargs=slug, data=lambda w: {"kind": "privacy", "text_en": "New"}),
    ],
    "forum_organiser:certificates": [
        organiser_page(kwargs=slug),
        organiser_page(404, kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
        # Ids not offered: the page again, with the error.
        organiser_page(method="post", kwargs=slug, data=lambda w: {"attended": ["1"]}),
    ],
    "forum_organiser:certificates_speakers": [
        organiser_page(kwargs=slug),
        organiser_page(method="post", kwargs=slug, data=lambda w: {"speakers": ["1"]}),
    ],
    # Attendance: the live page of a day, the check-in exports, a delegate's attendance override.
    "forum_organiser:attendance": [
        organiser_page(kwargs=slug),
        organiser_page(kwargs=slug, query="?day=1999-01-01", label="not one of the forum's days"),
        organiser_page(404, kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
    ],
    "forum_organiser:attendance_export": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "csv"}, content="csv", label="CSV"),
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "xlsx"}, content="xlsx", label="XLSX"),
        organiser_page(
            404, kwargs=lambda w: {"slug": w.edition.slug, "fmt": "csv"}, query="?day=x", label="bad day", outside=True
        ),
    ],
    "forum_organiser:attendance_delegates_export": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "csv"}, content="csv", label="CSV"),
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "xlsx"}, content="xlsx", label="XLSX"),
    ],
    "forum_organiser:attendance_session_export": [
        organiser_page(
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.session.pk, "fmt": "csv"}, content="csv", label="CSV"
        ),
        organiser_page(
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.session.pk, "fmt": "xlsx"}, content="xlsx", label="XLSX"
        ),
        organiser_page(
            404,
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.foreign_session.pk, "fmt": "csv"},
            label="another edition's",
            outside=True,
        ),
    ],
    "forum_organiser:attendance_override": [
        organiser_page(kwargs=in_edition("registration")),
        organiser_page(404, kwargs=in_edition("other_registration"), label="not approved", outside=True),
        organiser_page(404, kwargs=in_edition("foreign_registration"), label="another edition's", outside=True),
        # Without a reason: the page again, with the error beside the field.
        organiser_page(400, method="post", kwargs=in_edition("registration"), label="no reason"),
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=in_edition("registration"),
            data=lambda w: {"action": "grant", "reason": "Signed the paper list"},
            writers=("organiser",),
        ),
    ],
    "forum_organiser:registrations": [
        organiser_page(kwargs=slug),
        organiser_page(kwargs=slug, query="?status=approved&q=x", label="filtered"),
        organiser_page(kwargs=draft, label="draft"),
    ],
    "forum_organiser:registrations_bulk": post_only(
        organiser_page(
            FORUM_DONE, method="post", kwargs=slug, data=lambda w: {"action": "waitlist", "ids": w.registration.pk}
        )
    ),
    "forum_organiser:registrations_export": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "csv"}, content="csv", label="CSV"),
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "xlsx"}, content="xlsx", label="XLSX"),
    ],
    "forum_organiser:visa_export": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "csv"}, content="csv", label="CSV"),
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "fmt": "xlsx"}, content="xlsx", label="XLSX"),
    ],
    "forum_organiser:registration": [
        organiser_page(kwargs=in_edition("registration")),
        organiser_page(kwargs=in_edition("youth_registration"), label="a minor's"),
        organiser_page(404, kwargs=in_edition("foreign_registration"), label="another edition's", outside=True),
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=in_edition("registration"),
            data=lambda w: {"action": "reject", "reason": "No"},
        ),
    ],
    "forum_organiser:visa_review": post_only(
        organiser_page(FORUM_DONE, method="post", kwargs=in_edition("registration"))
    ),
    "forum_organiser:registration_visa_letter": [organiser_page(kwargs=in_edition("registration"), content="pdf")],
    "forum_organiser:youth_resend": post_only(
        organiser_page(FORUM_DONE, method="post", kwargs=in_edition("youth_registration"))
    ),
    # Without a form filled in: the registration page again, with the errors.
    "forum_organiser:youth_paper_consent": post_only(
        organiser_page(400, method="post", kwargs=in_edition("youth_registration"))
    ),
    "forum_organiser:youth_document": [
        organiser_page(
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.youth_on_paper.pk, "consent_pk": w.consent.pk},
            content="pdf",
        ),
        organiser_page(
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.youth_on_paper.pk, "consent_pk": w.consent.pk},
            query="?download=1",
            content="pdf",
            label="download",
        ),
        organiser_page(
            404,
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.youth_registration.pk, "consent_pk": w.consent.pk},
            label="another registration's",
            outside=True,
        ),
    ],
    # --- Organiser console: badges, their print and e-mail jobs, guests and staff
    # --- Organiser console: check-in stations and the walk-in desk
    "forum_organiser:stations": [
        organiser_page(kwargs=slug),
        organiser_page(404, kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
    ],
    "forum_organiser:station_create": [
        organiser_page(kwargs=slug),
        organiser_page(
            method="post",
            kwargs=slug,
            data=lambda w: {
                "name": "Side door",
                "door": "day",
                "day": w.edition.starts_on.isoformat(),
                "language": "km",
                "expires_at": w.edition_end.strftime("%Y-%m-%dT%H:%M"),
            },
            writers=("organiser",),
        ),
    ],
    "forum_organiser:station_link": post_only(
        organiser_page(method="post", kwargs=lambda w: {"slug": w.edition.slug, "pk": w.station.pk})
    ),
    "forum_organiser:station_revoke": post_only(
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.station.pk},
        )
    ),
    "forum_organiser:walk_ins": [organiser_page(kwargs=slug)],
    "forum_organiser:badges": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug}),
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug}, query="?tick=all", label="everyone ticked"),
        organiser_page(
            BADGE_JOB_DONE,
            method="post",
            kwargs=lambda w: {"slug": w.edition.slug},
            data=lambda w: {"kind": "a4"},
            label="everyone's badges",
            writers=("organiser",),
        ),
        organiser_page(404, kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
    ],
    "forum_organiser:badge_guest_add": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug}),
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=lambda w: {"slug": w.edition.slug},
            data=lambda w: {
                "category": "guest",
                "email": "invited.guest@example.org",
                "given_name": "Invited",
                "language": "en",
                "country": "KH",
                "new_organisation_name": "Guest Organisation",
            },
            writers=("organiser",),
        ),
    ],
    "forum_organiser:badge_pdf": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "pk": w.registration.pk}, content="pdf"),
        *BADGE_OUTSIDE,
    ],
    "forum_organiser:badge_reissue": [
        organiser_page(kwargs=lambda w: {"slug": w.edition.slug, "pk": w.registration.pk}),
        *BADGE_OUTSIDE,
        organiser_page(
            FORUM_DONE,
            method="post",
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.registration.pk},
            writers=("organiser",),
        ),
    ],
    **{
        name: post_only(
            organiser_page(BADGE_JOB_DONE, method="post", data=lambda w: {"registration": [w.registration.pk]})
        )
        for name in (
            "forum_organiser:badges_print_a6",
            "forum_organiser:badges_print_a4",
            "forum_organiser:badges_email",
        )
    },
    "forum_organiser:jobs": [organiser_page()],
    "forum_organiser:job": [
        organiser_page(kwargs=lambda w: {"pk": w.badge_job.pk}),
        organiser_page(404, kwargs=lambda w: {"pk": w.job.pk}, label="a certificates job", outside=True),
        organiser_page(404, kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "forum_organiser:job_status": [organiser_page(kwargs=lambda w: {"pk": w.badge_job.pk}, content="json")],
    "forum_organiser:job_retry": post_only(
        organiser_page(BADGE_JOB_DONE, method="post", kwargs=lambda w: {"pk": w.badge_job.pk})
    ),
    "forum_organiser:job_pdf": [organiser_page(kwargs=lambda w: {"pk": w.badge_job.pk}, content="pdf")],
    "forum_organiser:job_zip": [organiser_page(kwargs=lambda w: {"pk": w.badge_job.pk}, content="zip")],
    # --- Organiser console: programme editor
    "forum_organiser:programme": [
        organiser_page(kwargs=slug),
        organiser_page(kwargs=draft, label="draft"),
        organiser_page(404, kwargs=lambda w: {"slug": "nope"}, label="missing", outside=True),
        organiser_page(PROGRAMME_DONE, method="post", kwargs=slug, data=lambda w: {"publish": "1"}),
    ],
    "forum_organiser:programme_rooms": [
        organiser_page(kwargs=slug),
        organiser_page(
            PROGRAMME_DONE,
            method="post",
            kwargs=slug,
            data=lambda w: {"name": "New room", "capacity": "10", "position": "0"},
        ),
    ],
    "forum_organiser:programme_room": [
        organiser_page(kwargs=in_edition("room")),
        organiser_page(
            404,
            kwargs=lambda w: {"slug": w.edition.slug, "pk": w.foreign_session.room.pk},
            label="another edition's",
            outside=True,
        ),
        organiser_page(
            PROGRAMME_DONE,
            method="post",
            kwargs=in_edition("room"),
            data=lambda w: {"name": "Renamed", "capacity": "10", "position": "0"},
        ),
    ],
    "forum_organiser:programme_session_new": [organiser_page(kwargs=slug)],
    "forum_organiser:programme_session": [
        organiser_page(kwargs=in_edition("session")),
        organiser_page(404, kwargs=in_edition("foreign_session"), label="another edition's", outside=True),
        organiser_page(
            PROGRAMME_DONE,
            method="post",
            kwargs=in_edition("session"),
            data=lambda w: {"action": "add_speaker", "role": "speaker", "guest_name": "G"},
        ),
    ],
    # --- Organiser console: trainings
    "trainings_organiser:index": [organiser_page()],
    "trainings_organiser:course_create": [organiser_page()],
    "trainings_organiser:course_update": [organiser_page(kwargs=lambda w: {"pk": w.cohort.course_id})],
    "trainings_organiser:course_delete": [
        organiser_page(TRAININGS_DONE, method="post", kwargs=lambda w: {"pk": w.cohort.course_id})
    ],
    "trainings_organiser:course_results": [organiser_page(kwargs=lambda w: {"pk": w.cohort.course_id})],
    # Surveys: the organiser's builder (a POST without a form filled in: the form again, with its errors; the
    # survey has invitations, so its deletion is refused and leads back to its page), and the results' readers.
    "surveys_organiser:list": [organiser_page()],
    "surveys_organiser:survey_create": [organiser_page(), organiser_page(method="post")],
    "surveys_organiser:survey": [organiser_page(kwargs=pk_of("survey"))],
    "surveys_organiser:survey_delete": post_only(organiser_page(SURVEYS_DONE, method="post", kwargs=pk_of("survey"))),
    "surveys:answer": [
        page(everyone(200), kwargs=lambda w: {"token": w.survey_token}),
        page(everyone(400), method="post", kwargs=lambda w: {"token": w.survey_token}, label="required left out"),
        page(
            everyone(200),
            method="post",
            kwargs=lambda w: {"token": w.survey_token},
            data=lambda w: {f"item_{w.survey_rating.pk}": 4},
            label="answered",
        ),
        page(everyone(200), kwargs=lambda w: {"token": w.answered_survey_token}, label="already answered"),
        page(
            everyone(409),
            method="post",
            kwargs=lambda w: {"token": w.answered_survey_token},
            data=lambda w: {f"item_{w.survey_rating.pk}": 4},
            label="answered twice",
        ),
        page(everyone(404), kwargs=lambda w: {"token": "guessed"}, label="guessed"),
    ],
    "surveys_organiser:questions": [organiser_page()],
    "surveys_organiser:question_create": [organiser_page(), organiser_page(method="post")],
    "surveys_organiser:question_update": [organiser_page(kwargs=pk_of("survey_question"))],
    "survey_results:results": [page(owner_only("trainer"), kwargs=pk_of("survey"))],
    "survey_results:pdf": [page(owner_only("trainer"), kwargs=pk_of("survey"), content="pdf")],
    "survey_results:csv": [page(owner_only("trainer"), kwargs=pk_of("survey"), content="csv")],
    "survey_results:xlsx": [page(owner_only("trainer"), kwargs=pk_of("survey"), content="xlsx")],
    "trainings_organiser:assessment_settings": [
        organiser_page(kwargs=lambda w: {"pk": w.cohort.course_id, "kind": "post"}),
        organiser_page(
            TRAININGS_DONE,
            method="post",
            kwargs=lambda w: {"pk": w.cohort.course_id, "kind": "pre"},
            data=lambda w: {"question_count": "5", "attempts_allowed": "2", "grace_seconds": "120", "is_open": "on"},
        ),
        organiser_page(404, kwargs=lambda w: {"pk": w.cohort.course_id, "kind": "mid"}, label="no such test"),
    ],
    "trainings_organiser:cohort_create": [organiser_page()],
    "trainings_organiser:cohort": [organiser_page(kwargs=pk_of("cohort"))],
    "trainings_organiser:cohort_update": [organiser_page(kwargs=pk_of("cohort"))],
    "trainings_organiser:cohort_delete": [organiser_page(TRAININGS_DONE, method="post", kwargs=pk_of("cohort"))],
    # Without a form filled in: the cohort page again, with the errors.
    "trainings_organiser:session_create": [organiser_page(method="post", kwargs=pk_of("cohort"))],
    "trainings_organiser:scores": [organiser_page(TRAININGS_DONE, method="post", kwargs=pk_of("cohort"))],
    "trainings_organiser:decide": [organiser_page(TRAININGS_DONE, method="post", kwargs=pk_of("cohort"))],
    "trainings_organiser:cohort_certificates": [
        organiser_page(kwargs=pk_of("cohort")),
        organiser_page(404, kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
        organiser_page(
            TRAININGS_DONE,
            method="post",
            kwargs=pk_of("cohort"),
            data=lambda w: {"enrollments": [str(w.enrollment.pk)]},
        ),
    ],
    "trainings_organiser:session_update": [organiser_page(kwargs=pk_of("training_session"))],
    "trainings_organiser:session_delete": [
        organiser_page(TRAININGS_DONE, method="post", kwargs=pk_of("training_session"))
    ],
    "trainings_organiser:enrollment_withdraw": [
        organiser_page(TRAININGS_DONE, method="post", kwargs=pk_of("enrollment"))
    ],
    # --- Organiser console: certificates and their print and e-mail jobs
    "certificates_organiser:list": [organiser_page()],
    "certificates_organiser:detail": [organiser_page(kwargs=pk_of("certificate"))],
    "certificates_organiser:revoke": [
        organiser_page(
            CERTIFICATES_DONE, method="post", kwargs=pk_of("certificate"), data=lambda w: {"reason": "Because"}
        )
    ],
    "certificates_organiser:reissue": [
        organiser_page(
            CERTIFICATES_DONE, method="post", kwargs=pk_of("certificate"), data=lambda w: {"reason": "Because"}
        )
    ],
    "certificates_organiser:pdf": [organiser_page(kwargs=pk_of("certificate"), content="pdf")],
    "certificates_organiser:templates": [organiser_page()],
    "certificates_organiser:template_create": [organiser_page()],
    "certificates_organiser:template_edit": [organiser_page(kwargs=lambda w: {"pk": w.template_version.template_id})],
    "certificates_organiser:version_preview": [organiser_page(kwargs=pk_of("template_version"), content="pdf")],
    "certificates_organiser:signatories": [organiser_page()],
    "certificates_organiser:signatory_create": [organiser_page()],
    "certificates_organiser:print_start": post_only(
        organiser_page(CERTIFICATES_DONE, method="post", data=lambda w: {"certificate": [w.certificate.pk]})
    ),
    "certificates_organiser:deliver_start": post_only(
        organiser_page(CERTIFICATES_DONE, method="post", data=lambda w: {"certificate": [w.certificate.pk]})
    ),
    "certificates_organiser:jobs": [organiser_page()],
    "certificates_organiser:job": [
        organiser_page(kwargs=pk_of("job")),
        organiser_page(404, kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "certificates_organiser:job_status": [organiser_page(kwargs=pk_of("job"), content="json")],
    "certificates_organiser:job_retry": post_only(
        organiser_page(CERTIFICATES_DONE, method="post", kwargs=pk_of("job"))
    ),
    "certificates_organiser:job_pdf": [organiser_page(kwargs=pk_of("job"), content="pdf")],
    "certificates_organiser:job_zip": [organiser_page(kwargs=pk_of("job"), content="zip")],
    # --- Organiser console: the programme report and its generations (documents' job pages)
    "organiser:reports": [
        organiser_page(),
        organiser_page(
            REPORTS_DONE,
            method="post",
            data=lambda w: {"period": "2026-Q4", "language": "km"},
            label="asked for",
            writers=("organiser",),
        ),
        organiser_page(method="post", data=lambda w: {"period": "2026-Q9", "language": "en"}, label="no such quarter"),
    ],
    "organiser:report": [
        organiser_page(kwargs=pk_of("report")),
        organiser_page(404, kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "organiser:report_regenerate": post_only(organiser_page(REPORTS_DONE, method="post", kwargs=pk_of("report"))),
    "organiser:report_jobs:jobs": [organiser_page()],
    "organiser:report_jobs:job": [
        organiser_page(kwargs=pk_of("report_job")),
        organiser_page(404, kwargs=lambda w: {"pk": w.job.pk}, label="a certificates job", outside=True),
    ],
    "organiser:report_jobs:job_status": [organiser_page(kwargs=pk_of("report_job"), content="json")],
    "organiser:report_jobs:job_retry": post_only(
        organiser_page(REPORTS_DONE, method="post", kwargs=pk_of("report_job"))
    ),
    "organiser:report_jobs:job_pdf": [
        organiser_page(kwargs=pk_of("report_job"), content="pdf"),
        organiser_page(404, kwargs=lambda w: {"pk": w.badge_job.pk}, label="a badges job", outside=True),
    ],
    "organiser:report_jobs:job_xlsx": [organiser_page(kwargs=pk_of("report_job"), content="xlsx")],
    # --- Organiser console: home and organisations
    "organiser:index": [organiser_page()],
    "organiser:organisations": [organiser_page()],
    "organiser:organisation": [
        organiser_page(kwargs=pk_of("company")),
        organiser_page(404, kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    # --- Safeguarding: a report and its follow-up link (anyone, no account: the link is the credential). The walker
    # clears the cache before every request, so the rate limit per address never refuses the walk's reports.
    "safeguarding:report": [
        page(everyone(200)),
        page(everyone(200), method="post", data=lambda w: REPORT, label="sent", writers=ANYONE),
        page(everyone(400), method="post", label="empty", writers=()),
    ],
    "safeguarding:follow_up": [
        page(everyone(200), kwargs=follow_up("concern_token")),
        page(
            everyone(FOLLOWED_UP),
            method="post",
            kwargs=follow_up("concern_token"),
            data=lambda w: {"text": "He wrote to her again last night."},
            label="added",
            writers=ANYONE,
        ),
        page(everyone(400), method="post", kwargs=follow_up("concern_token"), label="empty", writers=()),
        page(everyone(404), kwargs=lambda w: {"token": "guessed"}, label="guessed"),
        page(everyone(404), kwargs=follow_up("erased_token"), label="erased case's"),
        page(everyone(404), method="post", kwargs=follow_up("erased_token"), label="erased case's", writers=()),
    ],
    # --- Safeguarding: the officers' pages (officers with two-factor only; organisers and the admin 404). Opening a
    # case, the list or an attachment is logged: the officer writes, and nobody else.
    "safeguarding:cases": [
        officer_page(writers=("officer",)),
        officer_page(query="?status=open&owner=mine", label="filtered", writers=("officer",)),
    ],
    "safeguarding:case": [
        officer_page(kwargs=pk_of("concern"), writers=("officer",)),
        officer_page(kwargs=pk_of("other_concern"), label="another case", writers=("officer",)),
        officer_page(kwargs=pk_of("erased_concern"), label="erased", writers=("officer",)),
        officer_page(404, kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "safeguarding:case_status": [
        *post_only(case_change("concern", lambda w: {"status": Concern.Status.ASSESSING}, writers=("officer",))),
        # A step the case may not take, and a change to an erased case: refused with a message, nothing written.
        case_change("concern", lambda w: {"status": Concern.Status.RECEIVED}, label="not offered", writers=()),
        case_change("erased_concern", lambda w: {"status": Concern.Status.ASSESSING}, label="erased", writers=()),
        officer_page(404, method="post", kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "safeguarding:case_owner": post_only(
        case_change("concern", lambda w: {"owner": w.officer.pk}, writers=("officer",))
    ),
    "safeguarding:case_entry": [
        *post_only(
            case_change("concern", lambda w: {"kind": "note", "note-text": "Spoke to her."}, writers=("officer",))
        ),
        # Nothing written in the note: the case again (its opening logged), the error beside the field.
        officer_page(400, method="post", kwargs=pk_of("concern"), data=lambda w: {"kind": "note"}, label="empty"),
        case_change("concern", label="no kind", writers=()),
        case_change("erased_concern", lambda w: {"kind": "note", "note-text": "Late."}, label="erased", writers=()),
    ],
    "safeguarding:action_done": [
        *post_only(
            officer_page(
                case_done("concern"),
                method="post",
                kwargs=lambda w: {"pk": w.concern.pk, "entry": w.action.pk},
                writers=("officer",),
            )
        ),
        # Another case's action under this case's address: 404, officers too.
        officer_page(
            404,
            method="post",
            kwargs=lambda w: {"pk": w.concern.pk, "entry": w.other_action.pk},
            label="another case's",
            outside=True,
        ),
    ],
    "safeguarding:case_attachment": [
        officer_page(kwargs=attachment_of("concern", "attachment"), content="png", writers=("officer",)),
        # Another case's attachment under this case's address, and one under an erased case: 404, officers too.
        officer_page(404, kwargs=attachment_of("concern", "other_attachment"), label="another case's", outside=True),
        officer_page(404, kwargs=attachment_of("erased_concern", "attachment"), label="erased case", outside=True),
    ],
    "safeguarding:log": [
        officer_page(),
        officer_page(query=lambda w: f"?case={w.concern.pk}", label="one case's"),
    ],
    # --- Safeguarding: what organisers decide (officers, retention, emergency numbers); never a case.
    "safeguarding_organiser:settings": [
        organiser_page(),
        organiser_page(
            SAFEGUARDING_DONE,
            method="post",
            data=lambda w: {"officer-email": w.plain.email},
            label="officer named",
            writers=("organiser",),
        ),
        organiser_page(
            method="post", data=lambda w: {"officer-email": "nobody@example.org"}, label="no such account", writers=()
        ),
        organiser_page(
            SAFEGUARDING_DONE,
            method="post",
            data=lambda w: {"retention-days": "400"},
            label="retention",
            writers=("organiser",),
        ),
        organiser_page(method="post", data=lambda w: {"retention-days": "5"}, label="retention too short", writers=()),
        organiser_page(SAFEGUARDING_DONE, method="post", label="no form", writers=()),
    ],
    "safeguarding_organiser:officer_remove": [
        *post_only(organiser_page(SAFEGUARDING_DONE, method="post", kwargs=pk_of("officer"), writers=("organiser",))),
        organiser_page(404, method="post", kwargs=lambda w: {"pk": 999999}, label="missing", outside=True),
    ],
    "safeguarding_organiser:contacts": [
        organiser_page(),
        organiser_page(query="?edition=atf-2027", label="an edition's"),
        organiser_page(404, query="?edition=nope", label="missing edition", outside=True),
        organiser_page(
            SAFEGUARDING_DONE,
            method="post",
            query="?edition=atf-2027",
            data=lambda w: {"helpline_name": "Child Helpline Cambodia", "helpline_phone": "1280"},
            label="saved",
            writers=("organiser",),
        ),
        organiser_page(method="post", data=lambda w: {"police_phone": "call me"}, label="not a number", writers=()),
    ],
    # --- Privacy: how long past editions keep personal data, and the log of bulk reveals (organisers only)
    "privacy_organiser:retention": [
        organiser_page(),
        organiser_page(
            PRIVACY_DONE, method="post", data=retention_days("400"), label="days saved", writers=("organiser",)
        ),
        # Refused beside the field: out of bounds, not a number, an edition anonymised already.
        organiser_page(method="post", data=retention_days("5"), label="too few days", writers=()),
        organiser_page(method="post", data=retention_days("many"), label="not a number", writers=()),
        organiser_page(method="post", data=retention_days("400", "anonymised"), label="anonymised edition", writers=()),
        organiser_page(
            404,
            method="post",
            data=lambda w: {"edition": "999999", "edition-999999-days": "400"},
            label="missing edition",
            outside=True,
        ),
        organiser_page(404, method="post", label="no edition", outside=True),
    ],
    "privacy_organiser:log": [
        organiser_page(),
        organiser_page(query="?page=2", label="second page"),
        # Past the last page: the last one; not a number: the first.
        organiser_page(query="?page=99", label="past the end"),
        organiser_page(query="?page=x", label="bad page"),
    ],
}


# Answers that differ from WALK today: findings to fix in the views, not in the table. The walk accepts them (and
# nothing else) for now, and fails once one no longer happens, so that its line goes.
# (url name, case title, role): (the answer today, why it is wrong)
KNOWN: dict = {}

# --- The walk -----------------------------------------------------------------------------------------------


def skipped(name: str | None, route: str) -> bool:
    if name in WALK:
        return False
    if route.startswith(tuple(SKIPPED_ROUTES)):
        return True
    return name is not None and any(fnmatch.fnmatchcase(name, rule) for rule in SKIPPED)


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
SESSION_TABLE = "django_session"


class Writes:
    """The tables a request writes to (statements sent, whether or not they are rolled back afterwards)."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


@dataclass
class Got:
    status: int
    location: str = ""
    content_type: str = ""
    writes: set = field(default_factory=set)
    mails: int = 0
    error: str = ""

    def __str__(self):
        if self.error:
            return self.error
        if self.status in (301, 302):
            return f"{self.status} to {self.location}"
        return str(self.status)


class Walker:
    def __init__(self, world):
        self.world = world
        self.clients = {role: Client() for role in ROLES}  # one each: the middleware chain is built once
        self.requests = 0

    def send(self, role: str, case: Case, path: str) -> Got:
        client = self.clients[role]
        client.cookies = SimpleCookie()  # the session as after login, nothing a former request left
        if role in self.world.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.world.sessions[role]
        cache.clear()  # rate limits (verification, check-in codes, allauth) count nothing from former requests
        mail.outbox = []
        writes = Writes()
        data = case.data(self.world) if case.data else {}
        self.requests += 1
        with transaction.atomic(), connection.execute_wrapper(writes):
            try:
                response = getattr(client, case.method)(path, data)
                if response.streaming:
                    # Read to the end: the test client then closes the response (never close it again: that
                    # would also close the database connection, through request_finished).
                    b"".join(response.streaming_content)
                got = Got(
                    status=response.status_code,
                    location=response.get("Location", ""),
                    content_type=response.get("Content-Type", ""),
                )
            except Exception as error:  # reported with the other mismatches
                got = Got(status=0, error=f"raised {error.__class__.__name__}: {error}"[:200])
            transaction.set_rollback(True)
        got.writes = writes.tables - {SESSION_TABLE}
        got.mails = len(mail.outbox)
        return got


def _resolve(value, w):
    return value(w) if callable(value) else value


def mismatch(expected, got: Got, case: Case, role: str, w) -> str | None:
    """Why `got` is not the `expected` answer, or None."""
    if got.error:
        return got.error
    if got.status == 403 and expected == 404:
        return "403 where 404 is due: a 403 tells that the object exists"
    if isinstance(expected, Redirect):
        if got.status != 302:
            return "not a redirect"
        if expected is LOGIN:
            url = urllib.parse.urlsplit(got.location)
            back = urllib.parse.parse_qs(url.query).get("next", [""])[0]
            if url.path != LOGIN.prefix or not back.startswith("/en/"):
                return "not to the login page, and back"
        elif expected.to is not None:
            if got.location != _resolve(expected.to, w):
                return f"not to {_resolve(expected.to, w)}"
        elif expected.prefix is not None:
            if not got.location.startswith(_resolve(expected.prefix, w)):
                return f"not to {_resolve(expected.prefix, w)}..."
        elif got.location.startswith(("/en/accounts/login/", TOTP.to)):
            return "to the login or two-factor page, not where the action leads"
    elif got.status != expected:
        return "another status"
    elif expected == 200:
        wanted = CONTENT_TYPES[case.content]
        if not got.content_type.startswith(wanted):
            return f"a 200 of {got.content_type}, not {wanted}"
    if case.writes(role) and not got.writes:
        return "wrote nothing"
    if expected in REFUSALS or (case.writers is not None and not case.writes(role)):
        if got.writes:
            return f"refused, but wrote to {sorted(got.writes)}"
        if got.mails:
            return f"refused, but sent {got.mails} e-mail(s)"
    return None


def cases():
    for name, entries in WALK.items():
        for case in entries:
            yield name, case


def _path(name: str, case: Case, w) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=case.kwargs(w)) + _resolve(case.query, w)


@pytest.fixture
def quiet_request_log():
    """Django logs a warning for every 404 and 405: some thousand lines the walk's report says better."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


# --- The tests ----------------------------------------------------------------------------------------------


def test_walk_has_an_entry_for_every_url_pattern():
    """A new URL pattern fails here until WALK says what every role gets (or SKIPPED says why not)."""
    names = {}
    unnamed = []
    for name, route, _pattern in url_patterns():
        if skipped(name, route):
            continue
        if name is None:
            unnamed.append(route)
        else:
            names[name] = route
    missing = [f"  {name}  /{names[name]}" for name in sorted(set(names) - set(WALK))]
    stale = [f"  {name}" for name in sorted(set(WALK) - set(names))]
    problems = []
    if unnamed:
        problems.append(f"URL patterns without a name cannot be walked: {unnamed}")
    if missing:
        problems.append("URL patterns without an entry in WALK (add what every role gets):\n" + "\n".join(missing))
    if stale:
        problems.append("WALK has entries for URL patterns that no longer exist:\n" + "\n".join(stale))
    assert not problems, "\n".join(problems)


def test_walk_table_says_what_every_role_gets():
    incomplete = [
        (name, case.method, case.label, sorted(set(WRITTEN) ^ set(case.expect)))
        for name, case in cases()
        if set(WRITTEN) != set(case.expect)
    ]
    assert not incomplete, incomplete
    decided_elsewhere = [(name, case.title) for name, case in cases() if set(DERIVED) & set(case.expect)]
    assert not decided_elsewhere, f"{DERIVED}' answers are derived (Case.answer), never written: {decided_elsewhere}"
    titles = [(name, case.title) for name, case in cases()]
    assert len(titles) == len(set(titles)), "two cases of a URL pattern need labels that tell them apart"
    unknown = [key for key in KNOWN if (key[0], key[1]) not in titles or key[2] not in ROLES]
    assert not unknown, f"KNOWN names cases that WALK does not have: {unknown}"


def test_walk_never_lets_a_role_see_what_is_outside_its_scope():
    """An object that is another's (another edition's, company's, registration's, another case's) or missing:
    nobody but an organiser with two-factor (the admin is one) gets a 200 for it, and the answer that refuses is a
    404, never a 403."""
    leaks = [
        (name, case.label, role, answer)
        for name, case in cases()
        if case.outside
        for role in ROLES
        if (answer := case.answer(role)) not in (404, LOGIN, TOTP) and role not in ("organiser", "admin")
    ]
    assert not leaks, leaks


def test_walk_officers_get_what_plain_gets_elsewhere():
    """Being a safeguarding officer opens the officers' pages and nothing else: on every other page the officer's
    answer is plain's (the walk also compares their responses)."""
    differ = [
        (name, case.title, case.expect["officer"], case.expect["plain"])
        for name, case in cases()
        if not case.officer_only and case.expect["officer"] != case.expect["plain"]
    ]
    assert not differ, differ


def test_walk_only_officers_open_a_case():
    """The issue's bar: on every officers' page (every case page among them), nobody but the officer with two-factor
    is let through, organisers and the admin included; a reporter's link is the one other way to a case."""
    let_through = [
        (name, case.title, role, answer)
        for name, case in cases()
        if name.startswith("safeguarding:") and name not in ("safeguarding:report", "safeguarding:follow_up")
        for role in ROLES
        if role != "officer" and (answer := case.answer(role)) not in (404, LOGIN, TOTP)
    ]
    assert not let_through, let_through
    unmarked = [
        (name, case.title)
        for name, case in cases()
        if name.startswith("safeguarding:")
        and not (case.officer_only or name in ("safeguarding:report", "safeguarding:follow_up"))
    ]
    assert not unmarked, f"officers' pages not marked officer_only: {unmarked}"


def test_walk_every_url_every_role(world, db, templates_not_recorded, quiet_request_log):
    started = time.monotonic()
    walker = Walker(world)
    mismatches = []
    for name, case in cases():
        try:
            path = _path(name, case, world)
        except NoReverseMatch as error:
            mismatches.append(("?", name, case.title, "every role", "a URL", "none", str(error)))
            continue
        got = {role: walker.send(role, case, path) for role in ROLES}
        for role in ROLES:
            expected = case.answer(role)
            why = mismatch(expected, got[role], case, role, world)
            known = KNOWN.get((name, case.title, role))
            if known is not None:
                if why is None:
                    why = f"no longer happens (remove it from KNOWN): {known[1]}"
                else:
                    expected = known[0]
                    why = mismatch(expected, got[role], case, role, world)
            if why:
                mismatches.append((path, name, case.title, role, str(expected), str(got[role]), why))
        # Without two-factor, an organiser (an officer) gets exactly what a signed-in person with no tie gets; so does
        # an officer with it, but on the officers' pages.
        as_plain = [
            role
            for role, gated in (
                ("organiser_no_mfa", case.organiser_only),
                ("officer_no_mfa", case.officer_only),
                ("officer", case.officer_only),
            )
            if not gated
        ]
        for role in as_plain:
            plain, other = got["plain"], got[role]
            if (plain.status, plain.location) != (other.status, other.location):
                mismatches.append((path, name, case.title, role, str(plain), str(other), "not as plain"))
    elapsed = time.monotonic() - started
    print(
        f"\npermission walk: {walker.requests} requests, {len(WALK)} URL patterns, {len(ROLES)} roles, {elapsed:.1f} s"
    )
    report = "\n".join(
        f"  {title.split()[0]} {path} [{name}, {title}] as {role}: expected {expected}, got {got} ({why})"
        for path, name, title, role, expected, got, why in mismatches
    )
    assert not mismatches, f"{len(mismatches)} answers differ from WALK:\n{report}"


def test_admin_shows_no_safeguarding_model(world, db, quiet_request_log):
    """Django's admin is no way round the officers' pages: for the admin (a superuser organiser with two-factor) its
    index names no safeguarding model, and every address a ModelAdmin of one would have answers 404."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["admin"]
    index = client.get("/admin/")
    assert index.status_code == 200
    html = index.content.decode()
    assert "/admin/people/" in html  # the index lists the models it has
    assert "/admin/safeguarding/" not in html and "afeguarding" not in html
    addresses = ["/admin/safeguarding/"]
    for model, pk in [
        ("concern", world.concern.pk),
        ("officer", world.officer.pk),
        ("attachment", world.attachment.pk),
        ("caseentry", world.action.pk),
        ("accesslog", None),
        ("emergencycontacts", None),
        ("retention", None),
    ]:
        addresses += [f"/admin/safeguarding/{model}/", f"/admin/safeguarding/{model}/add/"]
        if pk is not None:
            addresses += [f"/admin/safeguarding/{model}/{pk}/change/", f"/admin/safeguarding/{model}/{pk}/delete/"]
    answers = {address: client.get(address).status_code for address in addresses}
    assert answers == dict.fromkeys(addresses, 404)


# Refused the erasure whatever the password: they hold a role others rely on (privacy.rules.erasure_check): the
# organisers and the admin, the officers, the nominator of a delegation with an invitation standing, the trainers of
# cohorts not ended, the only focal point of a company whose staff are in training.
ERASE_REFUSED = (
    "organiser",
    "organiser_no_mfa",
    "admin",
    "officer",
    "officer_no_mfa",
    "nominator",
    "trainer",
    "other_trainer",
    "focal_point",
)


def test_erase_with_the_right_password(world, db, quiet_request_log):
    """The erase form with the right password, which WALK cannot hold: there the organiser without two-factor and
    the officers must get plain's answer, and no request of the walk erases one of the world's accounts. Those who
    hold a role others rely on get the page with its reason again, and nothing is written or sent (each request in
    the walker's savepoint, rolled back all the same); a throwaway account with nothing of its own is erased,
    signed out and sent home (what an erasure does is tests/privacy's)."""
    walker = Walker(world)
    case = page(signed_in(200), method="post", data=lambda w: {**WRONG_PASSWORD, "password": DEFAULT_PASSWORD})
    path = _path("privacy:erase", case, world)
    got = {role: walker.send(role, case, path) for role in ERASE_REFUSED}
    answers = {role: (str(answer), sorted(answer.writes), answer.mails) for role, answer in got.items()}
    assert answers == dict.fromkeys(ERASE_REFUSED, ("200", [], 0))
    with transaction.atomic():
        throwaway = UserFactory()
        client = Client()
        client.force_login(throwaway)
        response = client.post(path, case.data(world))
        erased = User.objects.get(pk=throwaway.pk)
        transaction.set_rollback(True)
    assert (response.status_code, response["Location"]) == (302, "/en/")
    assert not erased.is_active and erased.email == f"erased-{throwaway.pk}@erased.invalid"
