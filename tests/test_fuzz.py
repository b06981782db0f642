"""Every form and JSON endpoint of the site, fuzzed with generated data as each role that may use it.

The forms are not listed here: the walk takes every URL pattern from the resolver, fills its arguments from a world
built once for the module, opens each page as each role and reads the <form> elements of the HTML it gets (inputs,
selects and their options, textareas, file inputs, submit buttons, `formaction` and `form="..."`). JSON endpoints
are found the same way, from the `data-*-url` attributes that the pages' scripts read. So a form or an endpoint
added later is fuzzed without anyone remembering to; a URL pattern whose arguments the walk cannot fill fails the
walk until it gets a line in URL_KWARGS (or, with its reason, in EXCLUDED).

Hypothesis then posts, per form and role, values that keep the page's own (so that deeper code runs) mixed with
text in every ASEAN script and control characters, huge and negative numbers, dates out of range, wrong types,
missing and repeated fields, wrong and oversized files and a decompression bomb (each of the files once in every
form that takes one: `file_cases`; a form whose page leaves its required fields empty starts from FORM_FILLED's
values, so that those files reach the service behind it). Each case runs in a savepoint that is rolled back
afterwards, so the world stays as built. A case fails on a response >= 500, on any exception a view lets escape
(the test client re-raises it), and on a row saved during the request that breaks its model's rules
(`full_clean()`).
"""

import copy
import datetime
import json
import math
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.signals import post_save
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from documents.jobs import job_create
from forum.jobs import BADGES_A6
from forum.services.stations import station_create
from reports.periods import year_period
from reports.services import report_request
from safeguarding.models import Attachment
from surveys.services import survey_invitations_send
from tests.factories import (
    AgendaChoiceFactory,
    AssessmentFactory,
    EnrollmentFactory,
    PastCohortFactory,
    QuestionFactory,
    SessionSpeakerFactory,
    SurveyFactory,
)
from tests.factories.people import DEFAULT_PASSWORD
from tests.uploads import bomb_png, image_bytes
from tests.world import World, build_world, built_once, in_edition, pk_of, session_cookies, slug, url_patterns
from trainings.services.assessments import attempt_start

# --- What is fuzzed, as whom, and how much ------------------------------------------------------------------

# Cases per run, shared among the targets found; each target gets at least MIN_CASES_PER_TARGET.
TOTAL_CASES = 2000
MIN_CASES_PER_TARGET = 3
JSON_WEIGHT = 24

ROLES = [
    "anonymous",
    "delegate",
    "youth",
    "focal_point",
    "participant",
    "trainer",
    "nominator",
    "nominee",
    "organiser_no_mfa",
    "organiser",
    "officer",
]

# Pages that are files, not HTML: the walk fills their URLs but does not open them to look for forms.
FILE_SUFFIXES = (".pdf", ".ics", ".csv", ".xlsx", ".zip", ".json")

# Apps whose rows must keep their model's rules.
OUR_APPS = {"people", "forum", "trainings", "certificates", "documents", "safeguarding"}

# URL patterns left out of the walk, by route (the start of their path), each with its reason.
EXCLUDED = {
    # Django's own admin: generic ModelAdmin pages behind the organiser gate; they render Django's forms, whose
    # answers to bad input are Django's (the rules of ours they reach are the models', checked by their tests).
    "admin/": "Django's admin",
}

# How each URL pattern with arguments is filled from the world. A new pattern with arguments must be added here; one
# without may be too, for a query string (under QUERY) that leads to another form.
QUERY = "?"
URL_KWARGS = {
    "account_confirm_email": lambda w: {"key": w.email_key},
    "account_reset_password_from_key": lambda w: {"uidb36": w.reset_uid, "key": w.reset_key},
    "forum:consent": lambda w: {"token": w.consent_token},
    "forum:guardian_link": slug,
    "forum:edition": slug,
    "forum:register": slug,
    "forum:registration": slug,
    "forum:registration_edit": slug,
    "forum:registration_cancel": slug,
    "forum:visa_letter": slug,
    "forum:programme": slug,
    "forum:programme_ics": slug,
    "forum:programme_pdf": slug,
    "forum:session": in_edition("session"),
    "forum:my_agenda": slug,
    "forum:my_agenda_pdf": slug,
    "forum:my_agenda_ics": lambda w: {"slug": w.edition.slug, "token": w.agenda_token},
    # The nominator's delegation: its open invitation (and, to replace, the one taken up); a nominee's link.
    "forum:delegation": slug,
    "forum:delegation_paste": slug,
    **dict.fromkeys(
        ["forum:delegation_resend", "forum:delegation_withdraw", "forum:delegation_head"], in_edition("nomination")
    ),
    "forum:delegation_replace": lambda w: [
        {"slug": w.edition.slug, "pk": nomination.pk} for nomination in (w.nomination, w.taken_nomination)
    ],
    "forum:invitation": lambda w: {"slug": w.edition.slug, "token": w.nomination_token},
    "trainings:cohort": pk_of("cohort"),
    "trainings:cohort_enrol": pk_of("cohort"),
    "trainings:cohort_withdraw": pk_of("cohort"),
    "trainings:company": lambda w: {"org_id": w.company.pk},
    "trainings:company_enrol_member": lambda w: {"org_id": w.company.pk},
    "trainings:company_enrol_new": lambda w: {"org_id": w.company.pk},
    "trainings:company_membership_confirm": lambda w: {"org_id": w.company.pk, "membership_id": w.pending.pk},
    "trainings:company_withdraw": lambda w: {"org_id": w.company.pk, "enrollment_id": w.enrollment.pk},
    "trainings:invitation": lambda w: {"token": w.invitation_token},
    "surveys:answer": lambda w: {"token": w.survey_token},
    "surveys_organiser:survey": lambda w: {"pk": w.survey.pk},
    "surveys_organiser:survey_delete": lambda w: {"pk": w.survey.pk},
    "surveys_organiser:question_update": lambda w: {"pk": w.survey_question.pk},
    "survey_results:results": lambda w: {"pk": w.survey.pk},
    "survey_results:pdf": lambda w: {"pk": w.survey.pk},
    "survey_results:csv": lambda w: {"pk": w.survey.pk},
    "survey_results:xlsx": lambda w: {"pk": w.survey.pk},
    "trainings:attendance": pk_of("training_session"),
    "trainings:attendance_marks": pk_of("training_session"),
    "trainings:attendance_mark": pk_of("training_session"),
    "trainings:attendance_code": pk_of("training_session"),
    "trainings:attendance_history": pk_of("training_session"),
    "trainings:attendance_unlock": pk_of("training_session"),
    "trainings:attendance_relock": pk_of("training_session"),
    "trainings:attendance_sheet": pk_of("training_session"),
    "trainings:attendance_csv": pk_of("cohort"),
    "trainings:attendance_xlsx": pk_of("cohort"),
    "trainings:checkin_link": lambda w: {"code": w.checkin_code},
    **dict.fromkeys(
        ["trainings:question_bank", "trainings:question_create"], lambda w: {"course_id": w.question.course_id}
    ),
    **dict.fromkeys(
        ["trainings:question_update", "trainings:question_retire", "trainings:question_restore"],
        lambda w: {"course_id": w.question.course_id, "pk": w.question.pk},
    ),
    **dict.fromkeys(["trainings:cohort_results", "trainings:results_csv", "trainings:results_xlsx"], pk_of("cohort")),
    "certificates:verify_code": lambda w: {"code": w.certificate.code},
    "certificates:pdf": lambda w: {"code": w.certificate.code},
    "forum_organiser:edition": slug,
    "forum_organiser:edition_edit": slug,
    "forum_organiser:edition_publish": slug,
    "forum_organiser:edition_quotas": slug,
    "forum_organiser:quota_delete": in_edition("quota"),
    "forum_organiser:edition_policies": slug,
    "forum_organiser:nominations": slug,
    "forum_organiser:nominator": in_edition("nominator"),
    "forum_organiser:nominator_remove": in_edition("nominator"),
    "forum_organiser:certificates": slug,
    "forum_organiser:certificates_speakers": slug,
    "forum_organiser:attendance": slug,
    "forum_organiser:attendance_export": lambda w: {"slug": w.edition.slug, "fmt": "csv"},
    "forum_organiser:attendance_delegates_export": lambda w: {"slug": w.edition.slug, "fmt": "csv"},
    "forum_organiser:attendance_session_export": lambda w: {"slug": w.edition.slug, "pk": w.session.pk, "fmt": "csv"},
    "forum_organiser:attendance_override": in_edition("registration"),
    "forum_organiser:registrations": slug,
    "forum_organiser:registrations_bulk": slug,
    "forum_organiser:registrations_export": lambda w: {"slug": w.edition.slug, "fmt": "csv"},
    "forum_organiser:visa_export": lambda w: {"slug": w.edition.slug, "fmt": "csv"},
    "forum_organiser:registration": lambda w: [
        {"slug": w.edition.slug, "pk": registration.pk}
        for registration in (w.registration, w.youth_registration, w.youth_on_paper)
    ],
    "forum_organiser:registration_visa_letter": in_edition("registration"),
    "forum_organiser:visa_review": in_edition("registration"),
    "forum_organiser:youth_resend": in_edition("youth_registration"),
    "forum_organiser:youth_paper_consent": in_edition("youth_registration"),
    "forum_organiser:youth_document": lambda w: {
        "slug": w.edition.slug,
        "pk": w.youth_on_paper.pk,
        "consent_pk": w.consent.pk,
    },
    "forum:station": lambda w: {"slug": w.edition.slug, "token": w.station_token},
    "forum:station_manifest": lambda w: {"slug": w.edition.slug, "token": w.station_token},
    "forum:station_sync": lambda w: {"slug": w.edition.slug, "token": w.station_token},
    "forum_organiser:stations": slug,
    "forum_organiser:station_create": slug,
    "forum_organiser:station_link": in_edition("station"),
    "forum_organiser:station_revoke": in_edition("station"),
    "forum_organiser:walk_ins": slug,
    "forum_organiser:badges": lambda w: {"slug": w.edition.slug},
    "forum_organiser:badge_guest_add": lambda w: {"slug": w.edition.slug},
    "forum_organiser:badge_reissue": lambda w: {"slug": w.edition.slug, "pk": w.registration.pk},
    "forum_organiser:badge_pdf": lambda w: {"slug": w.edition.slug, "pk": w.registration.pk},
    "forum_organiser:job": lambda w: {"pk": w.badge_job.pk},
    "forum_organiser:job_status": lambda w: {"pk": w.badge_job.pk},
    "forum_organiser:job_retry": lambda w: {"pk": w.badge_job.pk},
    "forum_organiser:job_pdf": lambda w: {"pk": w.badge_job.pk},
    "forum_organiser:job_zip": lambda w: {"pk": w.badge_job.pk},
    "forum_organiser:programme": slug,
    "forum_organiser:programme_rooms": slug,
    "forum_organiser:programme_room": in_edition("room"),
    "forum_organiser:programme_session_new": slug,
    "forum_organiser:programme_session": in_edition("session"),
    "trainings_organiser:course_update": lambda w: {"pk": w.cohort.course_id},
    "trainings_organiser:course_delete": lambda w: {"pk": w.cohort.course_id},
    "trainings_organiser:course_results": lambda w: {"pk": w.cohort.course_id},
    "trainings_organiser:assessment_settings": lambda w: {"pk": w.cohort.course_id, "kind": "post"},
    "trainings_organiser:cohort": pk_of("cohort"),
    "trainings_organiser:cohort_update": pk_of("cohort"),
    "trainings_organiser:cohort_delete": pk_of("cohort"),
    "trainings_organiser:session_create": pk_of("cohort"),
    "trainings_organiser:scores": pk_of("cohort"),
    "trainings_organiser:decide": pk_of("cohort"),
    "trainings_organiser:cohort_certificates": pk_of("cohort"),
    "trainings_organiser:session_update": pk_of("training_session"),
    "trainings_organiser:session_delete": pk_of("training_session"),
    "trainings_organiser:enrollment_withdraw": pk_of("enrollment"),
    "certificates_organiser:detail": pk_of("certificate"),
    "certificates_organiser:revoke": pk_of("certificate"),
    "certificates_organiser:reissue": pk_of("certificate"),
    "certificates_organiser:pdf": pk_of("certificate"),
    "certificates_organiser:template_edit": lambda w: {"pk": w.template_version.template_id},
    "certificates_organiser:version_preview": pk_of("template_version"),
    "certificates_organiser:job": pk_of("job"),
    "certificates_organiser:job_status": pk_of("job"),
    "certificates_organiser:job_retry": pk_of("job"),
    "certificates_organiser:job_pdf": pk_of("job"),
    "certificates_organiser:job_zip": pk_of("job"),
    "organiser:organisation": pk_of("company"),
    "organiser:report": pk_of("report"),
    "organiser:report_regenerate": pk_of("report"),
    **dict.fromkeys(
        [f"organiser:report_jobs:{name}" for name in ("job", "job_status", "job_retry", "job_pdf", "job_xlsx")],
        lambda w: {"pk": w.report.job_id},
    ),
    # A participant's post-test and their attempt in progress.
    "trainings:test": lambda w: {"pk": w.cohort.pk, "kind": "post"},
    **dict.fromkeys(
        ["trainings:test_attempt", "trainings:test_answers", "trainings:test_submit", "trainings:test_result"],
        lambda w: {"pk": w.cohort.pk, "kind": "post", "number": w.attempt.number},
    ),
    "trainings:test_question": lambda w: {"pk": w.cohort.pk, "kind": "post", "number": w.attempt.number, "position": 1},
    # Safeguarding: the reporter's follow-up link; the officers' case (its forms: status, owner, entries, the open
    # action) and its attachment; the organisers' emergency numbers, for everything else and for the edition.
    "safeguarding:follow_up": lambda w: {"token": w.concern_token},
    **dict.fromkeys(
        ["safeguarding:case", "safeguarding:case_status", "safeguarding:case_owner", "safeguarding:case_entry"],
        pk_of("concern"),
    ),
    "safeguarding:action_done": lambda w: {"pk": w.concern.pk, "entry": w.action.pk},
    "safeguarding:case_attachment": lambda w: {"pk": w.concern.pk, "attachment": w.attachment.pk},
    "safeguarding_organiser:officer_remove": pk_of("officer"),
    "safeguarding_organiser:contacts": lambda w: [{}, {QUERY: f"?edition={w.edition.slug}"}],
}

# The shape of what a known JSON endpoint reads; an endpoint found but not listed gets {} and the generic cases.
JSON_SHAPES = {
    "forum:station_sync": lambda w: {
        "scans": [
            {
                "id": "8f0e6b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c",
                "h": "0" * 64,
                "ref": w.registration.reference,
                "at": "2027-03-01T09:00:00Z",
                "offline": True,
            }
        ]
    },
    "trainings:test_answers": lambda w: {
        "answers": [{"id": "8f0e6b2c-3d4e", "position": 1, "choices": [w.attempt.items.get().choice_order[0]]}]
    },
    "trainings:attendance_marks": lambda w: {
        "marks": [
            {
                "id": "8f0e6b2c-3d4e-4f5a-9b6c-7d8e9f0a1b2c",
                "enrollment": w.enrollment.pk,
                "status": "present",
                "at": "2027-03-01T09:00:00Z",
                "offline": False,
            }
        ]
    },
}


# What a person types into a form whose page leaves its required fields empty: the fuzz starts from these values in
# place of the page's own, so that a case with one field spoilt (a file among them) reaches the service behind it.
# Never the erase form's (privacy:erase): its password is the one thing that lets it erase an account, and the fuzz
# must not know it (Fuzzer.send refuses to type it), so the form is fuzzed up to the password check and no further
# (tests/privacy erases). The own-data download (privacy:data, 5 an hour per account) has no field to fill: each
# role gets its share of cases (3 today), under the limit; a 429 past it would pass all the same, and the cache
# (its counters) is cleared after every test.
FORM_FILLED = {
    "safeguarding:report": lambda w: {
        "what_happened": "A man asked a girl of the delegation for photos.",
        "place": "forum",
        "danger_now": "no",
    },
    "safeguarding:follow_up": lambda w: {"text": "He wrote to her again last night."},
}


# --- The world ----------------------------------------------------------------------------------------------


def _build_world() -> World:
    """The shared world (tests/world.py), and what only the fuzz needs: speakers and an agenda choice, another
    enrolment, the invitation link as a focal point's page makes it, and the links of allauth's e-mails."""
    w = build_world(slug="atf-fuzz", youth_language="km", starts_on=timezone.localdate() + datetime.timedelta(days=60))
    SessionSpeakerFactory(session=w.session)
    SessionSpeakerFactory(session=w.session, registration=w.registration, guest_name="")
    AgendaChoiceFactory(session=w.session, registration=w.registration)
    EnrollmentFactory(cohort=w.cohort)

    # A participant's post-test (open: the cohort's one session has started), an attempt in progress.
    QuestionFactory(course=w.cohort.course)
    post_test = AssessmentFactory(course=w.cohort.course, kind="post", question_count=1, attempts_allowed=2)
    w.attempt = attempt_start(enrollment=w.enrollment, assessment=post_test)

    # The invitation link as a focal point's page makes it, read from the e-mail it sends.
    inviter = Client()
    inviter.force_login(w.focal_point)
    with TestCase.captureOnCommitCallbacks(execute=True):
        inviter.post(
            reverse("trainings:company_enrol_new", kwargs={"org_id": w.company.pk}),
            {
                "new-given_name": "Invited",
                "new-family_name": "Person",
                "new-email": "invited.person@example.org",
                "new-language": "en",
                "new-cohort": w.cohort.pk,
            },
        )
    links = [part for message in mail.outbox for part in message.body.split() if "/trainings/invitation/" in part]
    assert links, "the focal point's invitation sent no link"
    w.invitation_token = links[-1].rstrip("/").rsplit("/", 1)[-1]

    # A survey's answering link, read from the invitation e-mail it sends to who attended (its form is fuzzed).
    past = PastCohortFactory()
    EnrollmentFactory(cohort=past, attended=["present", None, None])
    w.survey = SurveyFactory(subject=past, with_items=True)
    w.survey_question = w.survey.items.first().question
    with TestCase.captureOnCommitCallbacks(execute=True):
        survey_invitations_send()
    links = [part for message in mail.outbox for part in message.body.split() if "/surveys/" in part]
    assert links, "the survey sent no link"
    w.survey_token = links[-1].rstrip("/").rsplit("/", 1)[-1]

    # A check-in station whose link is unspent, and a walk-in desk (the walk-in form is fuzzed).
    until = timezone.now() + datetime.timedelta(days=400)
    w.station, w.station_token = station_create(
        edition=w.edition, by=w.organiser, name="Main door", day=w.edition.starts_on, expires_at=until
    )
    station_create(
        edition=w.edition,
        by=w.organiser,
        name="Desk",
        day=w.edition.starts_on,
        expires_at=until,
        admits_walk_ins=True,
    )

    # A badge job of the approved delegate, queued: its pages are walked (their answers are documents' views').
    w.badge_job = job_create(kind=BADGES_A6, ids=[w.registration.pk], title="Fuzz badges", by=w.organiser)
    # A programme report asked for (its generation queued): the report's page, its form and its job's pages.
    w.report, _created = report_request(period=year_period(w.edition.starts_on.year), language="en", by=w.organiser)

    address = EmailAddress.objects.get(user=w.registration.user)
    w.email_key = EmailConfirmationHMAC(address).key
    w.reset_uid = user_pk_to_url_str(w.registration.user)
    w.reset_key = default_token_generator.make_token(w.registration.user)
    mail.outbox = []
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back after its last test. A safeguarding report (and a
    follow-up) is refused past a few an hour from one address, and every case comes from the same one: the limits
    are raised so that valid cases reach the service. The files attached to the reports the fuzz sends stay in
    private storage when their rows are rolled back: deleted at the end."""
    attached = []

    def keep_name(sender, instance, **kwargs):
        attached.append(instance.file.name)

    post_save.connect(keep_name, sender=Attachment, weak=False, dispatch_uid="fuzz-attachments")
    limits = override_settings(SAFEGUARDING_REPORTS_PER_HOUR=10**6, SAFEGUARDING_FOLLOW_UPS_PER_HOUR=10**6)
    try:
        with limits, built_once(django_db_blocker, _build_world) as w:
            yield w
    finally:
        post_save.disconnect(sender=Attachment, dispatch_uid="fuzz-attachments")
        storage = Attachment._meta.get_field("file").storage
        for name in attached:
            storage.delete(name)


# --- The walk: URL patterns, pages, forms -------------------------------------------------------------------


def _url_arguments(route: str, pattern: URLPattern) -> set[str]:
    """The pattern's own arguments, and those of the includes it sits in (a prefix such as cohorts/<int:pk>/...)."""
    return set(pattern.pattern.regex.groupindex) | set(re.findall(r"<(?:\w+:)?(\w+)>", route))


def walk_urls(world) -> tuple[dict[str, list[str]], list[str]]:
    """Every URL pattern filled from the world: {name: [path, ...]}, and the names the walk could not fill."""
    filled, unfilled = {}, []
    for name, route, pattern in url_patterns():
        if route.startswith(tuple(EXCLUDED)):
            continue
        arguments = _url_arguments(route, pattern)
        if name is None or (arguments and name not in URL_KWARGS):
            unfilled.append(name or str(pattern.pattern))
            continue
        kwargs = URL_KWARGS[name](world) if name in URL_KWARGS else {}
        filled[name] = [
            reverse(name, kwargs={key: value for key, value in each.items() if key != QUERY}) + each.get(QUERY, "")
            for each in (kwargs if isinstance(kwargs, list) else [kwargs])
        ]
    return filled, unfilled


@dataclass
class Control:
    name: str
    kind: str  # text, number, date, datetime-local, email, checkbox, radio, hidden, file, select, textarea, submit
    values: list[str] = field(default_factory=list)  # options, radio/checkbox/submit values
    default: list[str] = field(default_factory=list)  # what the page would send as it is
    multiple: bool = False


@dataclass
class Target:
    role: str
    method: str  # get, post or json
    path: str
    page: str
    controls: dict[str, Control] = field(default_factory=dict)
    url_name: str = ""

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path} as {self.role} (from {self.page})"


class _FormParser(HTMLParser):
    """The forms of a page with their controls, and the URLs in data-*-url attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.orphans: list[tuple[str, dict]] = []  # controls outside their form (form="id")
        self.data_urls: set[str] = set()
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        for key, value in attrs.items():
            if key.startswith("data-") and key.endswith("-url") and value.startswith("/"):
                self.data_urls.add(value)
        if tag == "form":
            self._form = {"attrs": attrs, "controls": []}
            self.forms.append(self._form)
        elif tag in ("input", "button", "select", "textarea"):
            control = {"tag": tag, "attrs": attrs, "options": [], "text": ""}
            if attrs.get("form"):
                self.orphans.append((attrs["form"], control))
            elif self._form is not None:
                self._form["controls"].append(control)
            if tag == "select":
                self._select = control
            elif tag == "textarea":
                self._textarea = control
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data


def _controls(raw_controls) -> tuple[dict[str, Control], list[dict]]:
    """The named controls of a form, and its submit buttons (which may carry their own formaction)."""
    controls: dict[str, Control] = {}
    buttons = []
    for raw in raw_controls:
        attrs, tag = raw["attrs"], raw["tag"]
        kind = attrs.get("type", "submit" if tag == "button" else "text").lower() if tag in ("input", "button") else tag
        if kind in ("submit", "image", "button", "reset"):
            if kind == "submit" or (tag == "button" and kind == "submit"):
                buttons.append(attrs)
            continue
        name = attrs.get("name")
        if not name or "disabled" in attrs:
            continue
        control = controls.setdefault(name, Control(name=name, kind=kind))
        if tag == "select":
            control.multiple = "multiple" in attrs
            control.values += [option.get("value", "") for option in raw["options"]]
            control.default += [option.get("value", "") for option in raw["options"] if "selected" in option]
            if not control.default and raw["options"] and not control.multiple:
                control.default.append(raw["options"][0].get("value", ""))
        elif tag == "textarea":
            control.default.append(raw["text"].lstrip("\n"))
        elif kind in ("checkbox", "radio"):
            control.values.append(attrs.get("value", "on"))
            if "checked" in attrs:
                control.default.append(attrs.get("value", "on"))
            control.multiple = control.multiple or kind == "checkbox"
        elif kind == "file":
            control.multiple = "multiple" in attrs
        else:
            control.default.append(attrs.get("value", ""))
    return controls, buttons


def _same_site_path(base: str, link: str) -> str | None:
    url = urllib.parse.urlsplit(urllib.parse.urljoin(base, link))
    if url.scheme and url.netloc and url.netloc != "testserver":
        return None
    return urllib.parse.urlunsplit(("", "", url.path, url.query, ""))


def page_targets(role: str, page: str, html: str) -> list[Target]:
    """What a page offers to send: one target per form and submit action, one per JSON URL."""
    parser = _FormParser()
    parser.feed(html)
    by_id = {form["attrs"].get("id"): form for form in parser.forms if form["attrs"].get("id")}
    for form_id, control in parser.orphans:
        if form_id in by_id:
            by_id[form_id]["controls"].append(control)
    targets = []
    for form in parser.forms:
        controls, buttons = _controls(form["controls"])
        method = form["attrs"].get("method", "get").lower()
        action = _same_site_path(page, form["attrs"].get("action", "") or page)
        actions = {action}
        for button in buttons:
            if button.get("formaction"):
                actions.add(_same_site_path(page, button["formaction"]))
            if button.get("name"):
                submit = controls.setdefault(button["name"], Control(name=button["name"], kind="submit"))
                submit.values.append(button.get("value", ""))
        for path in actions - {None}:
            targets.append(
                Target(role=role, method="post" if method == "post" else "get", path=path, page=page, controls=controls)
            )
    for link in parser.data_urls:
        path = _same_site_path(page, link)
        if path:
            targets.append(Target(role=role, method="json", path=path, page=page))
    return targets


def _resolve_name(path: str) -> str:
    match = get_resolver().resolve(urllib.parse.urlsplit(path).path)
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def discover(world) -> list[Target]:
    """GET every filled URL as every role; the forms and JSON URLs found, once per role and shape."""
    urls, unfilled = walk_urls(world)
    assert not unfilled, f"the walk cannot fill {unfilled}: add them to URL_KWARGS (or to EXCLUDED, with a reason)"
    clients = {role: _client_for(user) for role, user in world.users.items()}
    seen, targets = set(), []
    for path in (path for paths in urls.values() for path in paths):
        if path.endswith(FILE_SUFFIXES):  # PDFs, calendars, exports: no form to find, and slow to make
            continue
        for role in ROLES:
            response = clients[role].get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for target in page_targets(role, path, response.content.decode()):
                key = (target.role, target.method, target.path, tuple(sorted(target.controls)))
                if key in seen:
                    continue
                seen.add(key)
                target.url_name = _resolve_name(target.path)
                filled = FORM_FILLED.get(target.url_name, lambda w: {})(world)
                for name, value in filled.items():
                    if name in target.controls:
                        target.controls[name].default = [value]
                targets.append(target)
    return targets


def file_cases(target: Target) -> list[dict]:
    """The page's own values with each of FILES in each of its file inputs: every wrong and oversized file and both
    bombs reach every form that takes a file, whatever Hypothesis draws."""
    own = {name: list(control.default) for name, control in target.controls.items()}
    return [
        {"fields": {**own, name: [("file", index)]}, "extra": {}, "khmer": False}
        for name, control in target.controls.items()
        if control.kind == "file"
        for index in range(len(FILES))
    ]


# --- What is sent --------------------------------------------------------------------------------------------

# Every script of ASEAN's languages: Khmer, Thai, Lao, Myanmar, Vietnamese (Latin with stacked marks), Chinese,
# Tamil, Jawi (Arabic), Baybayin, Javanese and Balinese, and Latin for Malay, Indonesian, Filipino and Tetum.
SCRIPTS = [
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0x1EA0, 0x1EFF),  # Vietnamese precomposed Latin
    (0x0300, 0x036F),  # combining marks
    (0x4E00, 0x9FFF),  # Chinese
    (0x0B80, 0x0BFF),  # Tamil
    (0x0600, 0x06FF),  # Jawi
    (0x1700, 0x171F),  # Baybayin (Tagalog)
    (0xA980, 0xA9DF),  # Javanese
    (0x1B00, 0x1B7F),  # Balinese
    (0x0020, 0x007E),  # Latin
    (0x00C0, 0x024F),  # Latin with diacritics (Tetum, Filipino)
]
CONTROL_CHARACTERS = [chr(code) for code in [*range(0x00, 0x20), 0x7F, 0x85, 0xA0, 0xAD]] + [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202e",  # right-to-left override
    "\u2028",
    "\u2029",
    "\u2066",
    "\ufeff",
    "\ufffd",
    "\U0001f600",
]
NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "ព្រះរាជាណាចក្រកម្ពុជា",
    "สวัสดีครับ",
    "ສະບາຍດີ",
    "မင်္ဂလာပါ",
    "Nguyễn Thị Ngọc Ánh",
    "新加坡 陈伟明",
    "வணக்கம்",
    "جاوي",
    "ᜊᜌ᜔ᜊᜌᜒᜈ᜔",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "{name.__class__.__init__.__globals__}",
    "%s%s%n",
    "../../../../etc/passwd",
    '=HYPERLINK("http://evil.example")',
    "\U0001f1f0\U0001f1ed",  # a flag: two code points
]


class Long(str):
    """A long value that Hypothesis reports by its length and start, not in full."""

    def __repr__(self):
        return f"<{len(self)} characters: {str.__repr__(self[:12])}...>"

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


class LongBytes(bytes):
    def __repr__(self):
        return f"<{len(self)} bytes: {bytes.__repr__(self[:16])}...>"

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


LONG_TEXT = st.sampled_from([("a", 5000), ("ក", 70_000), ("\u200b", 3000)]).map(lambda pair: Long(pair[0] * pair[1]))
NASTY_NUMBERS = [
    "0",
    "-1",
    "-0",
    "1.5",
    "1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "1" * 20,
    "1" * 25,
    "-" + "9" * 30,
    "²",
    "٣",
    " 7 ",
    "0x10",
    "1_000",
    "true",
]
NASTY_DATES = [
    "0001-01-01",
    "0001-01-01T00:00",
    "0001-01-01T08:00",
    "1899-12-31T23:59",
    "1900-01-01T00:00",
    "2100-12-31T23:59",
    "2101-01-01",
    "9999-12-31",
    "9999-12-31T23:59",
    "9999-12-31T23:59:59+14:00",
    "0000-00-00",
    "2027-02-30",
    "2027-13-01",
    "2027-03-01T25:61",
    "2027-03-01T09:00:00-23:59",
    "31/12/2027",
    "yesterday",
    "-2027-01-01",
    "+002027-01-01",
]


def _files():
    """Uploads: real small images, a bomb (error and warning), other content, empty and oversized files."""
    png = image_bytes("PNG")
    return [
        ("signature.png", png, "image/png"),
        ("logo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("bomb.png", bomb_png(), "image/png"),
        ("bomb-warning.png", bomb_png(10_000, 10_000), "image/png"),
        ("notes.png", b"this is not an image at all", "image/png"),
        ("form.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF", "application/pdf"),
        ("evil.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image/svg+xml"),
        ("empty.png", b"", "image/png"),
        ("big.png", png + b"\0" * (1024 * 1024 + 1), "image/png"),
        ("huge.pdf", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024 + 1), "application/pdf"),
        ("../../../etc/passwd\x00.png", png, "image/png"),
        ("ស្នាមមេដៃ.png", png, "image/png"),
    ]


FILES = _files()

_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    LONG_TEXT,
    st.text(
        alphabet=st.one_of(
            *[st.characters(min_codepoint=low, max_codepoint=high) for low, high in SCRIPTS],
            st.sampled_from(CONTROL_CHARACTERS),
        ),
        max_size=60,
    ),
)
_number = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.just(5000).map(lambda digits: Long("1" * digits)),
)
# Dates that overflow once moved to UTC (year 1 before 07:00 in Phnom Penh) or past the calendar's end, drawn as
# often as all the others together.
EDGE_DATES = ["0001-01-01", "0001-01-01T00:00", "0001-01-01T06:59", "9999-12-31T23:59", "9999-12-31T23:59:59-12:00"]
_date = st.one_of(st.sampled_from(EDGE_DATES), st.sampled_from(NASTY_DATES))
_file = st.one_of(st.sampled_from(range(len(FILES))), st.just(None))


_TEMPORAL = {"date", "datetime-local", "time", "month", "week"}
_NUMERIC = {"number", "range", "select", "radio", "checkbox", "hidden", "submit"}


def _hostile(control: Control):
    """Values that a person or a script could send in place of the control's, most often of its own kind."""
    if control.kind in _TEMPORAL:
        strategies = [_date, _date, _date, _number, _text]
    elif control.kind in _NUMERIC:
        strategies = [_number, _number, _number, _text, _date]
    else:
        strategies = [_text, _text, _text, _number, _date]
    if control.values:
        # Its own values with their numbers replaced: ids hide in them ("12:present").
        strategies += [st.sampled_from(control.values), _mutated(control.values), _mutated(control.values)]
    return st.one_of(*strategies)


def _mutated(values: list[str]):
    """One of the control's own values with its numbers replaced ("12:present" -> "1111...1:present", "²:present")."""
    with_digits = [value for value in values if re.search(r"\d", value)]
    if not with_digits:
        return st.sampled_from(values)
    return st.tuples(st.sampled_from(with_digits), _number).map(lambda pair: re.sub(r"\d+", pair[1], pair[0]))


def _own_values(control: Control):
    """What the page would send: its own value, or another of its choices."""
    own = st.just(list(control.default))
    if not control.values:
        return own
    if control.multiple:
        return st.one_of(own, st.lists(st.sampled_from(control.values), max_size=3, unique=True))
    return st.one_of(own, st.sampled_from(control.values).map(lambda value: [value]))


def _bad_values(control: Control):
    """What a person or a script could send instead: a hostile value, several, or none."""
    if control.kind == "file":
        return st.one_of(st.just([]), _file.map(lambda index: [] if index is None else [("file", index)]))
    hostile = _hostile(control).map(lambda value: [value])
    repeated = st.lists(_hostile(control), min_size=2, max_size=3)
    return st.one_of(hostile, hostile, hostile, repeated, st.just([]))


# Fields that the form does not have (a script's guess, a mass-assignment attempt).
EXTRA_FIELDS = st.dictionaries(
    st.sampled_from(["id", "pk", "status", "is_organiser", "is_staff", "user", "edition", "csrfmiddlewaretoken"]),
    st.lists(st.one_of(_text, _number), min_size=1, max_size=2),
    max_size=2,
)


def form_case(target: Target):
    """The page's own values with one to three fields spoilt (so that the rest passes and deeper code runs), or,
    one case in five, every field drawn at random."""
    names = sorted(target.controls)
    own = {name: _own_values(target.controls[name]) for name in names}
    bad = {name: _bad_values(target.controls[name]) for name in names}
    anything = {name: st.one_of(own[name], bad[name]) for name in names}
    spoilt = st.sets(st.sampled_from(names), min_size=1, max_size=3) if names else st.just(set())
    return _form_case(names, own, bad, anything, spoilt)


@st.composite
def _form_case(draw, names, own, bad, anything, spoilt):
    everything = draw(st.integers(min_value=0, max_value=4)) == 0
    chosen = set() if everything else draw(spoilt)
    fields = {}
    for name in names:
        strategy = anything[name] if everything else bad[name] if name in chosen else own[name]
        fields[name] = draw(strategy)
    return {"fields": fields, "extra": draw(EXTRA_FIELDS), "khmer": draw(st.booleans())}


# Any JSON value (and the NaN and Infinity that json.dumps writes, which are not JSON).
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**25), max_value=10**25),
        st.floats(),
        _text,
        st.sampled_from(NASTY_DATES),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=8,
)


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _replaced(value, path, new):
    if not path:
        return new
    changed = dict(value) if isinstance(value, dict) else list(value)
    changed[path[0]] = _replaced(value[path[0]], path[1:], new)
    return changed


@st.composite
def _mutate(draw, shape):
    """The shape with one or two of its leaves replaced, or a key dropped, or its one list emptied or repeated."""
    value = copy.deepcopy(shape)
    leaves = list(_leaves(shape))
    if leaves:
        for path in draw(st.sets(st.sampled_from(leaves), min_size=1, max_size=2)):
            value = _replaced(value, path, draw(JSON_VALUES))
    how = draw(st.sampled_from(["leaves", "leaves", "drop", "repeat", "anything"]))
    if how == "drop" and isinstance(value, dict) and leaves:
        path = draw(st.sampled_from(leaves))
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict):
            del parent[path[-1]]
    elif how == "repeat" and isinstance(value, dict):
        value = {
            key: (item * draw(st.integers(0, 3)) if isinstance(item, list) else item) for key, item in value.items()
        }
    elif how == "anything":
        value = draw(JSON_VALUES)
    return value


RAW_BODIES = [
    b"",
    b"not json",
    b"{",
    b"[]",
    b"null",
    b'"marks"',
    b'{"marks": NaN}',
    b'{"marks": [Infinity]}',
    b'{"marks": [{"enrollment": 1e400}]}',
    b'{"a": "\xff\xfe"}',
    '{"marks": [{"status": "présent ព្រះ"}]}'.encode("utf-16"),
]


# Bodies too big to list (so that Hypothesis's reports stay short): built when drawn.
BIG_BODIES = st.sampled_from(["digits", "nested", "nested-marks"]).map(
    lambda kind: LongBytes(
        {
            "digits": b'{"marks": [{"enrollment": ' + b"9" * 5000 + b"}]}",
            "nested": b"[" * 100_000 + b"]" * 100_000,
            "nested-marks": b'{"marks": ' + b"[" * 3000 + b"]" * 3000 + b"}",
        }[kind]
    )
)


def json_case(target: Target, world):
    shape = JSON_SHAPES.get(target.url_name, lambda w: {})(world)
    structured = _mutate(shape).map(lambda value: LongBytes(json.dumps(value).encode()))
    return st.fixed_dictionaries(
        {
            "body": st.one_of(structured, structured, st.sampled_from(RAW_BODIES), BIG_BODIES),
            "content_type": st.sampled_from(["application/json", "application/json", "text/plain"]),
            "khmer": st.booleans(),
        }
    )


# --- Sending and checking -----------------------------------------------------------------------------------


def _localised(path: str, khmer: bool) -> str:
    return "/km/" + path[4:] if khmer and path.startswith("/en/") else path


def _form_data(case) -> dict:
    data = {}
    for name, values in {**case["fields"], **case["extra"]}.items():
        sent = []
        for value in values:
            if isinstance(value, tuple):  # a file
                filename, content, content_type = FILES[value[1]]
                sent.append(SimpleUploadedFile(filename, content, content_type=content_type))
            else:
                sent.append(value)
        if sent:
            data[name] = sent if len(sent) > 1 else sent[0]
    return data


class _SavedRows:
    """The rows of our apps saved while it is open."""

    def __init__(self):
        self.rows = set()

    def __enter__(self):
        post_save.connect(self._saved, weak=False, dispatch_uid="fuzz-saved-rows")
        return self

    def __exit__(self, *exc):
        post_save.disconnect(dispatch_uid="fuzz-saved-rows")

    def _saved(self, sender, instance, raw=False, **kwargs):
        if sender._meta.app_label in OUR_APPS:
            self.rows.add((sender, instance.pk))


def _model_rules_broken(rows) -> list[str]:
    broken = []
    for model, pk in rows:
        instance = model._default_manager.filter(pk=pk).first()
        if instance is None:  # deleted later in the same request
            continue
        try:
            instance.full_clean()
        except ValidationError as error:
            broken.append(f"{model._meta.label} #{pk}: {error.message_dict}")
    return broken


class Fuzzer:
    def __init__(self, world):
        self.world = world
        self.sessions = session_cookies(world.users)
        self.cases = 0
        self.rows_checked = 0
        self.statuses = {}

    def client(self, role: str) -> Client:
        client = Client()  # raises what a view lets escape, as a failure of the case
        if role in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return client

    def send(self, target: Target, case) -> None:
        self.cases += 1
        path = _localised(target.path, case["khmer"])
        typed = [value for values in case.get("fields", {}).values() for value in values]
        assert DEFAULT_PASSWORD not in typed, f"{target.label}: the fuzz typed the world's password"
        with transaction.atomic(), _SavedRows() as saved:
            client = self.client(target.role)
            if target.method == "json":
                response = client.post(path, data=case["body"], content_type=case["content_type"])
            elif target.method == "post":
                response = client.post(path, _form_data(case))
            else:
                response = client.get(path, _form_data(case))
            status = response.status_code
            if response.streaming:
                # Read to the end: the test client then closes the response (never close it again: that would
                # also close the database connection, through request_finished).
                b"".join(response.streaming_content)
            broken = _model_rules_broken(saved.rows)
            self.rows_checked += len(saved.rows)
            transaction.set_rollback(True)
        self.statuses[status // 100] = self.statuses.get(status // 100, 0) + 1
        assert status < 500, f"{target.label}: {status}"
        assert not broken, f"{target.label}: rows saved that break their model's rules: {broken}"


def _fuzz(target: Target, strategy, examples: int, send, explicit=()) -> None:
    @hypothesis_settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
        print_blob=False,
    )
    @given(case=strategy)
    def run(case):
        send(target, case)

    for case in explicit:
        run = example(case=case)(run)
    run()


def _weight(target: Target) -> float:
    if target.method == "json":
        return JSON_WEIGHT if target.url_name in JSON_SHAPES else 4
    return 4 + min(len(target.controls), 16)


def _shape(target: Target) -> tuple:
    return (target.method, target.path, tuple(sorted(target.controls)))


def _budget(targets: list[Target]) -> list[int]:
    """TOTAL_CASES shared among the targets, at least MIN_CASES_PER_TARGET each.

    A form with more fields has more to get wrong, and a JSON endpoint reads a body of any shape: they weigh more.
    The roles that get the same form share its weight (the register form is the same for everyone not registered).
    """
    roles = {}
    for target in targets:
        roles[_shape(target)] = roles.get(_shape(target), 0) + 1
    weights = [_weight(target) / roles[_shape(target)] for target in targets]
    total = sum(weights)
    return [max(MIN_CASES_PER_TARGET, math.ceil(TOTAL_CASES * weight / total)) for weight in weights]


# --- The tests ----------------------------------------------------------------------------------------------


def test_fuzz_walk_fills_every_url_pattern(world, db):
    """A new URL pattern with arguments fails here until URL_KWARGS fills it (or EXCLUDED says why not)."""
    urls, unfilled = walk_urls(world)
    assert not unfilled, f"add these URL patterns to URL_KWARGS in {__file__} (or to EXCLUDED, with a reason)"
    stale = set(URL_KWARGS) - set(urls)
    assert not stale, f"URL_KWARGS names patterns that no longer exist: {stale}"


def test_fuzz_every_form_and_json_endpoint_as_every_role(world, db, templates_not_recorded):
    started = time.monotonic()
    targets = discover(world)
    discovered = time.monotonic() - started
    kinds = {method: sum(1 for t in targets if t.method == method) for method in ("post", "get", "json")}
    assert kinds["post"] >= 40 and kinds["json"] >= 1, kinds  # the walk finds the site's forms, not nothing
    fuzzer = Fuzzer(world)
    with_files = set()  # the shapes whose every file was sent already (as the first role that got the form)
    for target, examples in zip(targets, _budget(targets), strict=True):
        strategy = json_case(target, world) if target.method == "json" else form_case(target)
        explicit = [] if target.method == "json" or _shape(target) in with_files else file_cases(target)
        with_files.add(_shape(target))
        _fuzz(target, strategy, examples, fuzzer.send, explicit)
    elapsed = time.monotonic() - started
    print(
        f"\nfuzz: {fuzzer.cases} cases over {len(targets)} targets ({kinds}) in {elapsed:.1f} s "
        f"(finding them: {discovered:.1f} s); {fuzzer.rows_checked} rows saved and checked; "
        f"responses by class: {dict(sorted(fuzzer.statuses.items()))}"
    )
    assert fuzzer.cases >= TOTAL_CASES
