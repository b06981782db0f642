"""The world of the two walks over every URL of the site: tests/test_permissions.py (what every role gets) and
tests/test_fuzz.py (every form and JSON endpoint, fuzzed).

`build_world` makes one of everything the URL patterns' arguments name, and one person per role; each walk builds it
once for its module (`built_once`), adds what only it needs, and has it all rolled back after its last test.
`url_patterns` is the one walk through the resolver that both start from.
"""

import contextlib
import datetime

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import FileField
from django.db.models.signals import post_save
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from certificates.jobs import PRINT
from certificates.models import Kind
from documents.jobs import job_create
from forum.models import ForumEdition, Registration
from forum.services.agenda import agenda_feed_renew
from forum.services.nominations import nomination_take
from forum.services.programme import programme_publish
from people.models import Membership
from safeguarding.models import CaseEntry, Concern, Officer
from safeguarding.services import case_add_entry, concern_report
from tests.factories import (
    CertificateFactory,
    CertificateTemplateFactory,
    CertificateTemplateVersionFactory,
    CohortFactory,
    CountryQuotaFactory,
    EnrollmentFactory,
    FocalPointFactory,
    ForumEditionFactory,
    MembershipFactory,
    NominationFactory,
    NominatorFactory,
    OrganisationFactory,
    OrganiserFactory,
    QuestionFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SignatoryFactory,
    TrainingSessionFactory,
    UserFactory,
    VisaRequestFactory,
)
from tests.forum.youth.helpers import guardian_token, record_paper, submit_youth, youth_data
from tests.uploads import image_bytes, pdf_upload
from trainings.services.checkin import checkin_code_current


class World:
    """Everything the URL patterns' arguments name, and one person per role."""


def build_world(slug: str, *, youth_language: str = "en", **edition) -> World:
    """The objects every URL pattern's arguments can be filled from, and `users`: one person per role (None for the
    anonymous visitor), as {role: user}.

    The forum: an organiser (with an authenticator app); the edition `slug` (`edition`: more of its fields), taking
    open registration and nominations, its programme published, with a country quota, an approved delegate with a
    visa request and an agenda feed, a submitted delegate, a room and a session with sign-up. Two youth delegates
    through the service: one waiting for the guardian's answer (the link e-mailed: `consent_token`), speaking
    `youth_language`; one whose guardian's paper form is on file. The country nominator for Viet Nam (`nominator`;
    the role is its `user`) with an open invitation (`nomination`, its link `nomination_token`) of the address of
    `nominee`'s account, and one taken up by a registration (`taken_nomination`).
    Trainings: a company, its focal point, a pending member and a participant enrolled in a cohort whose session is
    on now, taught by a trainer (`checkin_code`: the session's code now). Certificates: a template of each kind, a
    signatory, the participant's certificate (the company's) and a print job not run yet.
    Safeguarding: an officer with an authenticator app (`officer`; the role is its `user`) and one without; a
    concern as a reporter sends it, with a PNG (`attachment`, in private storage), its follow-up link
    (`concern_token`) and an open action (`action`); another concern with its own attachment and action
    (`other_attachment`, `other_action`).
    """
    w = World()
    mail.outbox = []
    now = timezone.now()
    w.organiser = OrganiserFactory(with_totp=True, given_name="Chenda", family_name="Organiser")

    w.edition = ForumEditionFactory(slug=slug, **{"intake": ForumEdition.Intake.BOTH, **edition})
    programme_publish(edition=w.edition)
    w.quota = CountryQuotaFactory(edition=w.edition, country="KH", seats=10)
    w.registration = RegistrationFactory(edition=w.edition, status=Registration.Status.APPROVED, needs_visa_letter=True)
    VisaRequestFactory(registration=w.registration)
    w.agenda_token = agenda_feed_renew(registration=w.registration).token
    w.other_registration = RegistrationFactory(edition=w.edition, status=Registration.Status.SUBMITTED)
    w.room = RoomFactory(edition=w.edition, name="Mekong Room")
    w.session = SessionFactory(room=w.room, requires_signup=True, signup_capacity=30)

    # The guardian's link is e-mailed once the registration commits.
    w.youth = UserFactory(language=youth_language, given_name="Sopheap", family_name="Youth")
    with TestCase.captureOnCommitCallbacks(execute=True):
        w.youth_registration = submit_youth(w.edition, user=w.youth)
    w.consent_token = guardian_token()
    with TestCase.captureOnCommitCallbacks(execute=True):
        w.youth_on_paper = submit_youth(w.edition, youth=youth_data(w.edition, guardian_email="paper@example.org"))
    w.consent = record_paper(w.youth_on_paper, by=w.organiser, document=pdf_upload("signed.pdf"))

    # A delegation: the invitations as rows (NominationFactory knows the link whose digest it stores), one taken up.
    w.nominator = NominatorFactory(
        edition=w.edition, country="VN", user=UserFactory(given_name="Lan", family_name="Nominator")
    )
    w.nominee = UserFactory(given_name="Mai", family_name="Tran")
    w.nomination = NominationFactory(nominator=w.nominator, name="Mai Tran", email=w.nominee.email)
    w.nomination_token = w.nomination.token
    w.taken_nomination = NominationFactory(nominator=w.nominator, name="Minh Pham")
    nomination_take(nomination=w.taken_nomination, registration=RegistrationFactory(edition=w.edition, country="VN"))

    w.company = OrganisationFactory(name="Mekong Mobile")
    w.focal_point = FocalPointFactory(organisation=w.company).user
    w.pending = MembershipFactory(organisation=w.company, status=Membership.Status.PENDING)
    w.trainer = UserFactory(given_name="Dara", family_name="Trainer")
    w.cohort = CohortFactory(
        starts_on=timezone.localdate(now) - datetime.timedelta(days=1),
        ends_on=timezone.localdate(now) + datetime.timedelta(days=1),
        trainers=[w.trainer],
        capacity=50,
    )
    w.training_session = TrainingSessionFactory(
        cohort=w.cohort, starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=2)
    )
    w.participant = MembershipFactory(organisation=w.company).user
    w.enrollment = EnrollmentFactory(cohort=w.cohort, user=w.participant, organisation=w.company)
    w.checkin_code = checkin_code_current(session=w.training_session, by=w.trainer).code
    w.question = QuestionFactory(course=w.cohort.course)  # the course's question bank

    for kind in Kind.values:
        w.template_version = CertificateTemplateVersionFactory(template=CertificateTemplateFactory(kind=kind))
    SignatoryFactory()
    w.certificate = CertificateFactory(recipient=w.participant, organisation=w.company)
    w.job = job_create(kind=PRINT, ids=[w.certificate.pk], title="World", by=w.organiser)

    w.officer = officer(given_name="Sophea", family_name="Officer")
    w.concern, w.concern_token = reported("A man asked a girl of the delegation for photos.", place_details="Hall")
    w.attachment = w.concern.attachments.get()
    w.action = case_add_entry(
        concern=w.concern,
        kind=CaseEntry.Kind.ACTION,
        text="Call the child's organisation",
        officer=w.officer,
        due_on=timezone.localdate(now) + datetime.timedelta(days=3),
    )
    w.other_concern, _token = reported("Someone sent a child messages online.", place=Concern.Place.ONLINE)
    w.other_attachment = w.other_concern.attachments.get()
    w.other_action = case_add_entry(
        concern=w.other_concern, kind=CaseEntry.Kind.ACTION, text="Ask the platform", officer=w.officer
    )

    w.users = {
        "anonymous": None,
        "delegate": w.registration.user,
        "youth": w.youth,
        "focal_point": w.focal_point,
        "participant": w.participant,
        "trainer": w.trainer,
        "nominator": w.nominator.user,
        "nominee": w.nominee,
        "organiser_no_mfa": OrganiserFactory(with_totp=False),
        "organiser": w.organiser,
        "officer": w.officer.user,
        "officer_no_mfa": officer(with_totp=False).user,
    }
    mail.outbox = []
    return w


def officer(*, with_totp: bool = True, **user) -> Officer:
    """A safeguarding officer, with an authenticator app unless `with_totp=False` (as OrganiserFactory)."""
    person = UserFactory(**user)
    if with_totp:
        TOTP.activate(person, generate_totp_secret())
    return Officer.objects.create(user=person)


def reported(what: str, **data) -> tuple[Concern, str]:
    """A concern as the report form sends it, with a small PNG attached, and its follow-up link's token."""
    return concern_report(
        data={"what_happened": what, "place": Concern.Place.FORUM, "danger_now": False, **data},
        attachment=SimpleUploadedFile("photo.png", image_bytes(), content_type="image/png"),
        language="en",
    )


def _remove_files(w: World) -> None:
    for file in (w.consent.document, w.job.pdf_file, w.job.zip_file, w.attachment.file, w.other_attachment.file):
        if file:
            file.storage.delete(file.name)


@contextlib.contextmanager
def _saved_files():
    """The files that rows saved while it is open point to, as {(storage, name)}: a request rolled back leaves its
    files behind (a certificate's PDF cached by a download, a print job's results), and so does the world."""
    files = set()

    def saved(sender, instance, raw=False, **kwargs):
        for model_field in sender._meta.concrete_fields:
            if isinstance(model_field, FileField):
                file = getattr(instance, model_field.attname)
                if file and file.name:
                    files.add((file.storage, file.name))

    post_save.connect(saved, weak=False, dispatch_uid="world-saved-files")
    try:
        yield files
    finally:
        post_save.disconnect(dispatch_uid="world-saved-files")


@contextlib.contextmanager
def built_once(django_db_blocker, build):
    """The world that `build` makes, for a module-scoped fixture: built outside any test, everything it wrote (and
    every test after it) rolled back at the end, its files (and those of every row saved meanwhile) deleted."""
    with django_db_blocker.unblock(), _saved_files() as files, transaction.atomic():
        w = build()
        try:
            yield w
        finally:
            _remove_files(w)
            for storage, name in files:
                storage.delete(name)
            transaction.set_rollback(True)


def session_cookies(users: dict) -> dict:
    """{role: the value of its session cookie} for every signed-in role, as after logging in (without the login
    form, its rate limits and two-factor step)."""
    cookies = {}
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def url_patterns(patterns=None, namespace=None, prefix=""):
    """(namespace:name, route, pattern) of every URL pattern, through includes, namespaces and the language prefix
    (the name is None for a pattern without one)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


# --- How URL patterns' arguments are filled from the world ---------------------------------------------------


def slug(w) -> dict:
    """The arguments of one of the edition's pages: its slug."""
    return {"slug": w.edition.slug}


def pk_of(name: str):
    """The arguments of the page of the world's object `name`: its pk."""
    return lambda w: {"pk": getattr(w, name).pk}


def in_edition(name: str):
    """The arguments of the page of the world's object `name` within the edition: the edition's slug and its pk."""
    return lambda w: {"slug": w.edition.slug, "pk": getattr(w, name).pk}
