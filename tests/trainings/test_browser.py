"""The focal point's main path in a real browser: enrol two staff, one of them new, who accepts the invitation and
then shows on the company page."""

import re
from urllib.parse import urlsplit

from django.core import mail

from people.models import User
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import CohortFactory, FocalPointFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.people import DEFAULT_PASSWORD
from trainings.models import Enrollment

pytestmark = BROWSER


def test_focal_point_enrols_two_staff_and_new_person_accepts_invitation(
    laptop_page, artifact_path, browser, live_server
):
    mail.outbox = []
    company = OrganisationFactory(name="Mekong Mobile")
    focal_point = FocalPointFactory(
        organisation=company, user=UserFactory(email="focal@mekong.example", given_name="Sreymom", family_name="Pich")
    ).user
    staff = MembershipFactory(organisation=company, user=UserFactory(given_name="Vannak", family_name="Sok")).user
    cohort = CohortFactory(code="COP-2027-01", capacity=10, course__title_en="Child online protection")
    page = laptop_page

    page.goto("/en/accounts/login/")
    page.fill("input[name=login]", focal_point.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form").first.locator("button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/en/"))

    page.get_by_role("link", name="My company").click()
    page.wait_for_url(re.compile(rf"/en/trainings/company/{company.pk}/"))

    member_form = page.locator("#enrol-member-form")
    member_form.get_by_label("Person").select_option(value=str(staff.pk))
    member_form.get_by_label("Cohort").select_option(value=str(cohort.pk))
    member_form.get_by_role("button", name="Enrol this person").click()
    page.get_by_text("Vannak Sok is enrolled in COP-2027-01.").wait_for()

    new_form = page.locator("#enrol-new-form")
    new_form.get_by_label("Given name").fill("Sophea")
    new_form.get_by_label("Family name").fill("Lim")
    new_form.get_by_label("E-mail address").fill("Sophea.Lim@Example.org")
    new_form.get_by_label("Language of the invitation").select_option("en")
    new_form.get_by_label("Cohort").select_option(value=str(cohort.pk))
    new_form.get_by_role("button", name="Enrol and invite").click()
    # The same answer whether the address has an account or not; Sophea shows once she accepts.
    page.get_by_text(
        "If sophea.lim@example.org can be enrolled, an invitation to COP-2027-01 is on its way."
    ).wait_for()

    table = page.locator("#company-enrolments")
    assert table.locator("tbody tr", has_text="Vannak Sok").count() == 1
    assert table.locator("tbody tr", has_text="Sophea Lim").count() == 0
    page.screenshot(path=artifact_path("trainings-focal-point-enrolled.png"), full_page=True)
    assert set(Enrollment.objects.filter(cohort=cohort).values_list("user__given_name", flat=True)) == {"Vannak"}

    invitations = [message for message in mail.outbox if message.to == ["sophea.lim@example.org"]]
    assert len(invitations) == 1
    link = re.search(r"https?://\S+/trainings/invitation/\S+/", invitations[0].body).group(0)

    # The invited person, in their own browser.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.url)
    invitee = context.new_page()
    invitee.goto(urlsplit(link).path)
    invitee.locator("input[name=new_password1]").fill("Mekong-river-2027")
    invitee.locator("input[name=new_password2]").fill("Mekong-river-2027")
    invitee.get_by_role("button", name="Set my password").click()
    invitee.wait_for_url(re.compile(r"/en/trainings/$"))
    invitee.get_by_text("Your password is set").wait_for()
    invitee.get_by_text("You are enrolled in COP-2027-01.").wait_for()
    assert invitee.get_by_role("button", name="Sign out").count() == 1
    assert invitee.locator("#my-enrolments-heading").count() == 1
    invitee.screenshot(path=artifact_path("trainings-invitation-accepted.png"), full_page=True)
    context.close()

    user = User.objects.get(email="sophea.lim@example.org")
    assert user.check_password("Mekong-river-2027")
    assert user.emailaddress_set.get().verified
    page.reload()
    assert page.locator("#company-enrolments tbody tr", has_text="Sophea Lim").count() == 1


def test_participant_enrols_themselves_at_phone_width(phone_page, live_server, artifact_path):
    company = OrganisationFactory(name="Angkor Net")
    person = UserFactory(given_name="Bopha", family_name="Heng")
    cohort = CohortFactory(code="COP-2027-02", capacity=3, course__title_en="Child online protection")
    page = phone_page

    log_in(page, live_server, person)
    page.goto(f"/en/trainings/cohorts/{cohort.pk}/")
    assert_fits(page, 360)
    page.get_by_label("Your company").select_option(value=str(company.pk))
    page.get_by_role("button", name="Enrol", exact=True).click()
    page.get_by_text("You are enrolled in COP-2027-02.").wait_for()
    assert page.locator("#places-left").inner_text() == "2 / 3"
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("trainings-cohort-phone.png"), full_page=True)
    enrollment = Enrollment.objects.get(user=person)
    assert enrollment.organisation == company
    assert person.memberships.get().status == "pending"
