"""Certificate pages in Chromium at 360 px and 1280 px: the organiser ticks people and issues, the focal point
sees the company's certificates. No page-wide horizontal scrolling, touch targets of at least 44 px.
Screenshots in var/artifacts/certificates_integration_*."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate, Kind
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import (
    CertificateTemplateFactory,
    CertificateTemplateVersionFactory,
    CohortFactory,
    CourseFactory,
    EnrollmentFactory,
    FocalPointFactory,
    ForumEditionFactory,
    OrganisationFactory,
    OrganiserFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    UserFactory,
)
from tests.factories.programme import RoomFactory
from tests.forum.attendance.helpers import check_in

pytestmark = BROWSER

PEOPLE = [
    ("Sokha", "Chan", "សុខា ចាន់"),
    ("Somchai", "Wongsakul", "สมชาย วงศ์สกุล"),
    ("Lan", "Nguyen", "Nguyễn Lan"),
    ("Aung", "Kyaw", "အောင်ကျော်"),
]


def _small_targets(page) -> list:
    return page.evaluate(
        """() => [...document.querySelectorAll('main .btn, main td label, main .nav-link')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )


def _check_layout(page, width) -> None:
    assert_fits(page, width)
    assert _small_targets(page) == []


def _templates():
    for kind in (Kind.TRAINING_COMPLETION, Kind.FORUM_PARTICIPATION, Kind.FORUM_SPEAKER):
        CertificateTemplateVersionFactory(template=CertificateTemplateFactory(kind=kind))


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_organiser_issues_cohort_certificates(request, live_server, artifact_path, fixture, width):
    page = request.getfixturevalue(fixture)
    _templates()
    today = timezone.localdate()
    company = OrganisationFactory(name="Mekong Mobile")
    cohort = CohortFactory(
        code="COP-2027-03",
        course=CourseFactory(title_en="Child online protection for technology companies"),
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=8),
    )
    enrollments = []
    for index, (given, family, native) in enumerate(PEOPLE):
        status = "completed" if index < 3 else "not_completed"
        enrollments.append(
            EnrollmentFactory(
                cohort=cohort,
                organisation=company,
                status=status,
                decided_at=timezone.now(),
                user=UserFactory(given_name=given, family_name=family, native_name=native),
            )
        )
    log_in(page, live_server, OrganiserFactory(with_totp=True))

    page.goto(f"/en/organiser/trainings/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Certificates of this cohort").click()
    assert page.locator("h1", has_text="Certificates").is_visible()
    # Completed people without a certificate are ticked by default; the organiser also ticks the fourth.
    page.locator(f"#enrollment-{enrollments[3].pk}").check()
    page.get_by_role("button", name="Issue certificates for the ticked people").click()
    assert page.get_by_text("Certificates issued: 4. Already issued before: 0.").is_visible()
    assert Certificate.objects.filter(source_key__startswith="enrollment:").count() == 4
    assert page.get_by_role("button", name="Print certificates").is_visible()
    _check_layout(page, width)
    page.screenshot(path=artifact_path(f"certificates_integration_cohort_{width}.png"), full_page=True)

    # The company's focal point sees them on the company page.
    focal = FocalPointFactory(organisation=company, user=UserFactory(given_name="Dara", family_name="Focal")).user
    log_in(page, live_server, focal)
    page.goto(f"/en/trainings/company/{company.pk}/")
    table = page.locator("#company-certificates")
    assert table.get_by_role("cell", name="Sokha Chan សុខា ចាន់").is_visible()
    assert table.get_by_role("link", name="PDF").count() == 4
    page.screenshot(path=artifact_path(f"certificates_integration_company_{width}.png"), full_page=True)
    _check_layout(page, width)


@pytest.mark.parametrize(("fixture", "width"), [("phone_page", 360), ("laptop_page", 1280)])
def test_organiser_issues_forum_certificates(request, live_server, artifact_path, fixture, width):
    page = request.getfixturevalue(fixture)
    _templates()
    today = timezone.localdate()
    edition = ForumEditionFactory(
        slug="atf-2027",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today - datetime.timedelta(days=1),
        registration_opens_at=timezone.now() - datetime.timedelta(days=60),
        registration_closes_at=timezone.now() - datetime.timedelta(days=5),
    )
    registrations = [
        RegistrationFactory(
            edition=edition,
            status="approved",
            user=UserFactory(given_name=given, family_name=family, native_name=native),
        )
        for given, family, native in PEOPLE
    ]
    RegistrationFactory(edition=edition, status="approved", is_youth=True, user=UserFactory(given_name="Srey"))
    for registration in registrations[:3]:  # checked in at the door: they attended
        check_in(registration, day=0)
    session = SessionFactory(room=RoomFactory(edition=edition), title_en="Safety by design")
    SessionSpeakerFactory(session=session, registration=registrations[0], guest_name="", guest_title="")
    SessionSpeakerFactory(session=session, guest_name="Dr Sophea Chan", guest_email="sophea@lab.example")
    log_in(page, live_server, OrganiserFactory(with_totp=True))

    page.goto(f"/en/organiser/forum/{edition.slug}/")
    page.get_by_role("link", name="Participation certificates").click()
    for registration in registrations[:3]:
        page.locator(f"#attended-{registration.pk}").check()
    page.get_by_role("button", name="Issue participation certificates for the ticked delegates").click()
    assert page.get_by_text("Certificates issued: 3. Already issued before: 0.").is_visible()
    assert page.get_by_text("Youth delegate").first.is_visible()
    _check_layout(page, width)
    page.screenshot(path=artifact_path(f"certificates_integration_forum_{width}.png"), full_page=True)

    page.get_by_role("link", name="Speakers", exact=True).click()
    for checkbox in page.locator("input[name=speakers]").all():
        checkbox.check()
    page.get_by_role("button", name="Issue speaker certificates for the ticked speakers").click()
    assert page.get_by_text("Certificates issued: 2. Already issued before: 0.").is_visible()
    assert Certificate.objects.filter(kind=Kind.FORUM_SPEAKER, recipient=None).count() == 1
    _check_layout(page, width)
    page.screenshot(path=artifact_path(f"certificates_integration_speakers_{width}.png"), full_page=True)
