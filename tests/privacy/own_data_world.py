"""A person with something of every kind the download of their own data holds, `count` times over (registrations
with what hangs on each, enrolments with marks and a test attempt, certificates, survey answers), written directly
with the factories; and how a test opens the download."""

import datetime
import io
import json
import uuid
import zipfile

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from forum.models import AttendanceOverride, CheckIn, GuardianConsent, Registration, Station, YouthDetails
from people.models import SentEmail
from tests.factories import (
    AgendaChoiceFactory,
    AssessmentFactory,
    AttemptFactory,
    AttemptQuestionFactory,
    CertificateFactory,
    CourseFactory,
    EnrollmentFactory,
    ForumEditionFactory,
    MembershipFactory,
    NominationFactory,
    NominatorFactory,
    PastCohortFactory,
    QuestionFactory,
    RegistrationEventFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveyResponseFactory,
    UserFactory,
    VisaRequestFactory,
)
from trainings.models import Assessment

FAKE_PDF = b"%PDF-1.4\n% a cached certificate\n%%EOF\n"


def download(client):
    """POST the download; (response, {name in the archive: bytes})."""
    response = client.post(reverse("privacy:data"))
    if response.status_code != 200:
        return response, {}
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return response, {name: archive.read(name) for name in archive.namelist()}


def parsed(files: dict, name: str) -> dict:
    return json.loads(files[name].decode("utf-8"))


def person(**fields):
    """An account with a second, confirmed address (in capitals, as people type them) and a confirmed membership."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=f"Second.{user.email}".upper(), verified=True, primary=False)
    MembershipFactory(user=user)
    return user


def registration_with_everything(user, n: int, *, youth: bool = False) -> Registration:
    """An approved registration in an edition of its own, with passport details, two status changes, a check-in,
    an attendance override, an agenda choice, a speaker role, the nomination it took up and the person's role as
    a nominator; with `youth`, a youth delegate's details and a guardian's decision (no document)."""
    edition = ForumEditionFactory()
    registration = RegistrationFactory(
        edition=edition, user=user, status=Registration.Status.APPROVED, needs_visa_letter=True, is_youth=youth
    )
    VisaRequestFactory(registration=registration, passport_number=f"PN{n:06d}")
    RegistrationEventFactory(registration=registration)
    RegistrationEventFactory(
        registration=registration, from_status="submitted", to_status="approved", actor=None, reason="Seat left."
    )
    door = Station.objects.create(
        edition=edition, name="Main door", expires_at=timezone.now() + datetime.timedelta(days=30)
    )
    CheckIn.objects.create(
        station=door,
        registration=registration,
        day=edition.starts_on,
        scan_id=uuid.uuid4(),
        scanned_at=timezone.now(),
        outcome=CheckIn.Outcome.ADMITTED,
        counts=True,
    )
    AttendanceOverride.objects.create(registration=registration, reason="Signed the paper list.")
    session = SessionFactory(room__edition=edition)
    AgendaChoiceFactory(registration=registration, session=session)
    SessionSpeakerFactory(session=session, registration=registration, guest_name="", role="moderator")
    NominatorFactory(edition=edition, user=user, places=3)
    NominationFactory(
        nominator__edition=edition,
        email=user.email,
        name="As my nominator typed me",
        status="taken",
        registration=registration,
    )
    if youth:
        details = YouthDetails.objects.create(
            registration=registration,
            guardian_name="Chea Dara",
            guardian_email="dara.guardian@example.org",
            participation="given",
            consent_given_at=timezone.now(),
        )
        GuardianConsent.objects.create(
            youth=details, method="paper", participation="given", text_version="1", signed_name="Chea Dara"
        )
    return registration


def enrolment_with_everything(user, *, late_counts: bool = False):
    """An enrolment in a cohort that is over (three sessions marked present, late, absent), on a course whose
    late marks count only with `late_counts`, with a submitted post-test attempt scoring 80 (pass mark 70) whose
    one question was answered right."""
    course = CourseFactory(late_counts_as_attended=late_counts, has_assessment=True, pass_mark=70)
    enrollment = EnrollmentFactory(
        cohort=PastCohortFactory(course=course), user=user, attended=["present", "late", "absent"]
    )
    post_test = AssessmentFactory(course=course, kind=Assessment.Kind.POST)
    attempt = AttemptFactory(
        assessment=post_test, enrollment=enrollment, submitted_at=timezone.now(), score=80, correct_count=4
    )
    version = QuestionFactory(course=course).versions.get()
    item = AttemptQuestionFactory(attempt=attempt, version=version, is_correct=True, answered_at=timezone.now())
    item.selected.set([version.choices.get(position=1)])
    return enrollment


def certificate_cached(user, **fields):
    """A valid certificate whose PDF is in the cache (as issuing with an e-mail leaves it)."""
    certificate = CertificateFactory(recipient=user, **fields)
    certificate.pdf_file.save(f"{certificate.serial}-v1.pdf", ContentFile(FAKE_PDF), save=False)
    certificate.pdf_cached_version = certificate.pdf_version
    certificate.save()
    return certificate


def survey_answered(user):
    """A named survey (not anonymous) the person was invited to and answered with a rating of 4."""
    survey = SurveyFactory(is_anonymous=False, with_items=True)
    SurveyInvitationFactory(survey=survey, user=user, has_answered=True)
    response = SurveyResponseFactory(survey=survey, respondent=user)
    SurveyAnswerFactory(response=response, item=survey.items.get(position=1), rating=4)
    return survey


def world(user, count: int, *, youth: bool = True) -> None:
    """`count` of everything for `user` (the first registration a youth delegate's with `youth`)."""
    for n in range(count):
        registration_with_everything(user, n, youth=youth and n == 0)
        enrolment_with_everything(user).cohort.trainers.add(user)
        certificate_cached(user)
        survey_answered(user)
        SentEmail.objects.create(address=user.email, subject=f"Message {n}", language="en")
