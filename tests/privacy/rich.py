"""A person with everything the site can keep about someone, for the erasure tests: an account with a native name,
a second (confirmed) address and an authenticator; a youth registration years ago (guardian, chaperone, a signed
consent form);
a registration in a forum that ended last week (passport, needs, check-ins, an agenda and its calendar feed,
attendance overrides and history with reasons naming them, a nomination naming them, a participation certificate)
and one in a forum to come (passport, the only seat, someone waiting for it, a guest speaker row with their address);
a finished training with attendance, a test attempt, a survey answer naming them and a certificate, and a running
one; e-mails sent to their addresses (notes, a queued and a failed queue row), a delivered e-mail to an organiser
that names them, admin log lines about their account, a registration and a certificate, a print job item with their
address, and a safeguarding appointment and removal. What an erasure leaves by design: the note of an e-mail to
someone else that names them in its subject (`note_about_them`) and a youth delegate's registration that names them
as its guardian (`guarded`). Beside them, another person with their own data, which an erasure must leave alone.

Values are distinctive ("Zephyrine Quillfeather") so that a search of the whole database can find no other row by
chance.
"""

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.tasks import TaskResultStatus
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from documents.models import PrintJob, PrintJobItem
from forum.models import (
    CheckIn,
    ConsentLink,
    ForumEdition,
    GuardianConsent,
    Participation,
    Registration,
    Station,
    YouthDetails,
)
from forum.services.agenda import agenda_feed_renew
from forum.services.attendance import attendance_override_grant, attendance_override_remove
from forum.services.certificates import participation_certificates_issue
from forum.services.credentials import credentials_issue_missing
from forum.services.lifecycle import registration_approve, registration_waitlist
from people.models import SentEmail
from people.tasks import send_email
from safeguarding.officers import officer_appoint, officer_remove
from tests.factories import (
    AgendaChoiceFactory,
    AssessmentFactory,
    AttemptFactory,
    CertificateFactory,
    CertificateTemplateVersionFactory,
    CohortFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    NominationFactory,
    NominatorFactory,
    OrganisationFactory,
    OrganiserFactory,
    PastCohortFactory,
    RegistrationEventFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
    UserFactory,
    VisaRequestFactory,
)
from tests.forum.helpers import submit_adult
from tests.uploads import PDF
from trainings.models import Enrollment

GIVEN, FAMILY = "Zephyrine", "Quillfeather"
NAME = f"{GIVEN} {FAMILY}"
NATIVE = "ហ្សេហ្វីរីន ឃ្វីលហ្វេសឺ"
EMAIL = "zephyrine.quillfeather@example.org"
SECOND_EMAIL = "zq.second-address@example.org"
PASSPORTS = ("ZQ9081726", "ZQ5517340")
PASSWORD = "Quill-feather-2031!"

OTHER_NAME = "Odalys Brightwater"
OTHER_EMAIL = "odalys.brightwater@example.org"
OTHER_PASSPORT = "OB4455667"


@dataclass
class Rich:
    user: object
    organiser: object
    other: object
    waiting: Registration  # someone else, waiting for the seat of `future`
    youth: Registration
    past: Registration
    future: Registration
    enrolment: Enrollment
    running: Enrollment
    certificates: list = field(default_factory=list)
    consent: GuardianConsent | None = None
    note_about_them: SentEmail | None = None  # to someone else, naming them in its subject: it stays
    guarded: YouthDetails | None = None  # someone else's youth registration naming them as guardian: it stays

    @property
    def editions_begun(self) -> list[ForumEdition]:
        return [self.youth.edition, self.past.edition]

    @property
    def certificate_files(self) -> list[str]:
        return [certificate.pdf_file.name for certificate in self.certificates]


def _dates(days_from_today: int, length: int = 2) -> dict:
    starts = timezone.localdate() + datetime.timedelta(days=days_from_today)
    return {
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=length),
        "registration_opens_at": timezone.now() + datetime.timedelta(days=days_from_today - 60),
        "registration_closes_at": timezone.now() + datetime.timedelta(days=days_from_today - 5),
    }


def _youth_registration(user, organiser) -> tuple[Registration, GuardianConsent]:
    edition = ForumEditionFactory(mode=ForumEdition.Mode.REVIEW, **_dates(-400))
    registration = RegistrationFactory(
        edition=edition,
        user=user,
        is_youth=True,
        category=Registration.Category.YOUTH,
        status=Registration.Status.APPROVED,
        position="Youth ambassador",
        organisation=OrganisationFactory(kind="ngo", sector=""),
    )
    details = YouthDetails.objects.create(
        registration=registration,
        date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 16, day=1),
        guardian_name="Marigold Quillfeather-Ashdown",
        guardian_relationship="mother",
        guardian_email="marigold.ashdown@example.org",
        guardian_phone="+855 12 909 808",
        chaperone_name="Thaddeus Ravensworth",
        chaperone_phone="+855 17 111 222",
        participation=Participation.GIVEN,
        name_consent=True,
        consent_given_at=timezone.now() - datetime.timedelta(days=420),
    )
    consent = GuardianConsent(
        youth=details,
        method=GuardianConsent.Method.PAPER,
        participation=Participation.GIVEN,
        name_consent=True,
        text_version="1",
        signed_name="Marigold Quillfeather-Ashdown",
        recorded_by=organiser,
        document_type="application/pdf",
    )
    consent.document.save("consent-zq.pdf", ContentFile(PDF), save=False)
    consent.save()
    ConsentLink.objects.create(
        youth=details, secret_hash=uuid.uuid4().hex, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    return registration, consent


def _past_registration(user, organiser, other) -> Registration:
    edition = ForumEditionFactory(mode=ForumEdition.Mode.REVIEW, capacity=10, **_dates(-10))
    registration = RegistrationFactory(
        edition=edition,
        user=user,
        status=Registration.Status.APPROVED,
        position=f"Head of trust, office of {NAME}",
        dietary_needs=f"No nuts please ({NAME})",
        accessibility_needs="Step-free access",
        needs_visa_letter=True,
    )
    VisaRequestFactory(registration=registration, passport_name=NAME.upper(), passport_number=PASSPORTS[0])
    RegistrationEventFactory(registration=registration, actor=user, reason=f"{NAME} asked to join the panel")
    RegistrationEventFactory(
        registration=registration,
        from_status="submitted",
        to_status="approved",
        actor=organiser,
        reason=f"Approved after a call with {NAME} ({EMAIL})",
    )
    # Someone else at the same forum, who must keep everything.
    other_registration = RegistrationFactory(
        edition=edition, user=other, status=Registration.Status.APPROVED, needs_visa_letter=True
    )
    VisaRequestFactory(registration=other_registration, passport_name=OTHER_NAME, passport_number=OTHER_PASSPORT)
    credentials = credentials_issue_missing(registrations=[registration, other_registration])
    station = Station.objects.create(
        edition=edition,
        name="Main door",
        day=edition.starts_on,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        created_by=organiser,
    )
    for day, person in [(0, registration), (1, registration), (0, other_registration)]:
        CheckIn.objects.create(
            station=station,
            registration=person,
            credential=credentials[person.pk],
            day=edition.starts_on + datetime.timedelta(days=day),
            scan_id=uuid.uuid4(),
            scanned_at=timezone.now() - datetime.timedelta(days=10 - day),
            outcome=CheckIn.Outcome.ADMITTED,
            counts=True,
        )
    session = SessionFactory(room=RoomFactory(edition=edition))
    AgendaChoiceFactory(registration=registration, session=session)
    agenda_feed_renew(registration=registration)
    SessionSpeakerFactory(
        session=session, registration=registration, guest_name="", guest_title="", guest_organisation=""
    )
    attendance_override_grant(registration=registration, reason=f"{NAME} signed the paper list", by=organiser)
    attendance_override_remove(registration=registration, reason=f"Wrong {NAME}", by=organiser)
    attendance_override_grant(registration=registration, reason=f"Badge of {NAME} left at the hotel", by=organiser)
    nominator = NominatorFactory(edition=edition, user=UserFactory(), country="KH")
    NominationFactory(nominator=nominator, name=NAME, email=EMAIL, status="taken", registration=registration)
    return registration


def _future_registration(user, organiser, other) -> tuple[Registration, Registration]:
    edition = ForumEditionFactory(mode=ForumEdition.Mode.REVIEW, capacity=1)
    visa = {
        "passport_name": NAME,
        "nationality": "KH",
        "passport_number": PASSPORTS[1],
        "passport_expiry": timezone.localdate() + datetime.timedelta(days=900),
    }
    registration = submit_adult(edition, user=user, visa=visa, needs_visa_letter=True, dietary_needs="Vegan")
    registration_approve(registration=registration, by=organiser, reason=f"Welcome, {NAME}")
    waiting = submit_adult(edition, user=other)
    registration_waitlist(registration=waiting, by=organiser)
    SessionSpeakerFactory(
        session=SessionFactory(room=RoomFactory(edition=edition)),
        guest_name=NAME,
        guest_title="Founder",
        guest_organisation="Quillfeather Labs",
        guest_email=SECOND_EMAIL,
    )
    return registration, waiting


def _trainings(user, organiser) -> tuple[Enrollment, Enrollment, Certificate]:
    cohort = PastCohortFactory()
    enrolment = EnrollmentFactory(
        cohort=cohort,
        user=user,
        status=Enrollment.Status.COMPLETED,
        decided_at=timezone.now() - datetime.timedelta(days=6),
        attended=["present", "late", "present"],
    )
    AttemptFactory(
        assessment=AssessmentFactory(course=cohort.course),
        enrollment=enrolment,
        submitted_at=timezone.now() - datetime.timedelta(days=7),
        score=80,
        correct_count=4,
    )
    running = EnrollmentFactory(
        cohort=CohortFactory(
            starts_on=timezone.localdate() - datetime.timedelta(days=1),
            ends_on=timezone.localdate() + datetime.timedelta(days=1),
        ),
        user=user,
    )
    survey = SurveyFactory(subject=cohort, is_anonymous=False, with_items=True)
    SurveyInvitationFactory(survey=survey, user=user, has_answered=True)
    response = SurveyResponseFactory(survey=survey, respondent=user, part_id=cohort.pk)
    rating, _choice, text = survey.items.order_by("position")
    SurveyAnswerFactory(response=response, item=rating, rating=5)
    SurveyAnswerFactory(response=response, item=text, text=f"I am {NAME}, and this helped my team a lot.")
    certificate = CertificateFactory(
        recipient=user,
        recipient_name_latin=NAME,
        recipient_name_native=NATIVE,
        source_key=f"enrollment:{enrolment.pk}",
        subject_en=cohort.course.title_en,
        hours=Decimal("9"),
        organisation=enrolment.organisation,
    )
    return enrolment, running, certificate


def _queue_email(status, to: list[str], body: str) -> None:
    now = timezone.now()
    DBTaskResult.objects.create(
        task_path=send_email.module_path,
        args_kwargs={"args": [], "kwargs": {"subject": "Registration", "body": body, "to": to}},
        status=status,
        backend_name="default",
        queue_name="default",
        run_after=now,
        finished_at=None if status == TaskResultStatus.READY else now,
    )


def _traces(user, organiser, registration, certificate) -> SentEmail:
    """The machinery's traces of them; returns the note of an e-mail to someone else that names them."""
    SentEmail.objects.create(address=EMAIL, subject="Welcome to the programme")
    SentEmail.objects.create(address=SECOND_EMAIL, subject=f"Your certificate, {NAME}")
    note = SentEmail.objects.create(
        address="someone.else@example.org", subject=f"Your consent is needed: {NAME} at ATF"
    )
    _queue_email(TaskResultStatus.READY, [EMAIL], f"Dear {NAME}, your seat is confirmed.")
    _queue_email(TaskResultStatus.FAILED, [SECOND_EMAIL], f"Dear {NAME}, your certificate {PASSPORTS[1]}.")
    # Delivered to an organiser: it leaves the queue as the periodic prune would take it.
    _queue_email(
        TaskResultStatus.SUCCESSFUL, [organiser.email], f"{NAME} <{EMAIL}> registered; passport {PASSPORTS[0]}."
    )
    LogEntry.objects.log_actions(organiser.pk, [user], CHANGE, change_message=f"Renamed to {NAME}")
    LogEntry.objects.log_actions(organiser.pk, [registration], CHANGE, change_message=f"Position of {NAME}")
    LogEntry.objects.log_actions(organiser.pk, [certificate], CHANGE, change_message=f"Name: {NATIVE}")
    job = PrintJob.objects.create(kind="certificates.email", title_en="Certificates by e-mail", scope_key="zq")
    PrintJobItem.objects.create(job=job, item_id=certificate.pk, email=EMAIL, delivery=PrintJobItem.Delivery.SENT)
    officer = officer_appoint(email=EMAIL, by=organiser)
    officer_remove(officer=officer, by=organiser)
    return note


def _guarded(edition) -> YouthDetails:
    """Someone else's youth registration, which names the rich person as its guardian."""
    registration = RegistrationFactory(
        edition=edition, is_youth=True, category=Registration.Category.YOUTH, status=Registration.Status.APPROVED
    )
    return YouthDetails.objects.create(
        registration=registration,
        date_of_birth=edition.starts_on.replace(year=edition.starts_on.year - 15, day=1),
        guardian_name=NAME,
        guardian_relationship="legal_guardian",
        guardian_email=EMAIL,
        participation=Participation.GIVEN,
        consent_given_at=timezone.now() - datetime.timedelta(days=30),
    )


def _other_traces(other) -> None:
    """The other person's own traces, which stay."""
    SentEmail.objects.create(address=OTHER_EMAIL, subject="Welcome to the programme")
    DBTaskResult.objects.create(
        task_path=send_email.module_path,
        args_kwargs={"args": [], "kwargs": {"subject": "Seat", "body": f"Dear {OTHER_NAME}", "to": [OTHER_EMAIL]}},
        status=TaskResultStatus.READY,
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )


def rich_person() -> Rich:
    """Build the world of the module's docstring, its e-mails sent as a request's would be (on commit)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        organiser = OrganiserFactory(with_totp=True)
        user = UserFactory(
            email=EMAIL,
            given_name=GIVEN,
            family_name=FAMILY,
            native_name=NATIVE,
            position="Head of trust",
            sex="female",
            age_band="25_39",
            country="KH",
            password=PASSWORD,
        )
        EmailAddress.objects.create(user=user, email=SECOND_EMAIL, verified=True, primary=False)
        TOTP.activate(user, generate_totp_secret())
        other = UserFactory(email=OTHER_EMAIL, given_name="Odalys", family_name="Brightwater", sex="male")
        youth, consent = _youth_registration(user, organiser)
        past = _past_registration(user, organiser, other)
        future, waiting = _future_registration(user, organiser, other)
        CertificateTemplateVersionFactory(template__kind=Certificate.Kind.FORUM_PARTICIPATION)
        outcome = participation_certificates_issue(edition=past.edition, registration_ids=[past.pk], by=organiser)
        enrolment, running, training_certificate = _trainings(user, organiser)
        certificates = [*outcome.issued, training_certificate]
        for certificate in certificates:
            certificate.pdf_file.save(f"{certificate.serial}.pdf", ContentFile(PDF))
        note = _traces(user, organiser, past, training_certificate)
        guarded = _guarded(past.edition)
        _other_traces(other)
    return Rich(
        user=user,
        organiser=organiser,
        other=other,
        waiting=waiting,
        youth=youth,
        past=past,
        future=future,
        enrolment=enrolment,
        running=running,
        certificates=certificates,
        consent=consent,
        note_about_them=note,
        guarded=guarded,
    )
