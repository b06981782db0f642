"""A participant answers a survey on a 360 px phone, in Khmer, from the link in their e-mail (no login): they leave
the required rating out first (the error shows beside it, what they wrote stays), then send it."""

from playwright.sync_api import expect

from surveys.models import SurveyResponse
from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import EnrollmentFactory, PastCohortFactory, SurveyFactory, SurveyInvitationFactory, UserFactory
from trainings.models import AttendanceRecord

pytestmark = BROWSER


def test_a_participant_answers_a_survey_in_khmer_on_a_phone(phone_page, artifact_path):
    page = phone_page
    cohort = PastCohortFactory()
    person = UserFactory(language="km")
    EnrollmentFactory(cohort=cohort, user=person, attended=[AttendanceRecord.Status.PRESENT, None, None])
    survey = SurveyFactory(subject=cohort, with_items=True)
    invitation = SurveyInvitationFactory(survey=survey, user=person)
    rating, choice, text = survey.items.order_by("position")
    option = choice.question.options.order_by("position").last()

    page.goto(f"/km/surveys/{invitation.token}/")
    expect(page.locator("h1")).to_have_text(survey.title_km)
    expect(page.locator("html")).to_have_attribute("lang", "km")
    page.locator(f"input[name=item_{choice.pk}][value='{option.pk}']").check()
    page.locator(f"textarea[name=item_{text.pk}]").fill("ល្អណាស់ ប៉ុន្តែខ្លីពេក")
    page.locator("form input[type=submit]").click()

    expect(page.locator("[data-error-summary]")).to_be_visible()
    expect(page.locator(f"#div_id_item_{rating.pk}")).to_contain_text(str(rating.question.text_km))
    expect(
        page.locator(f"#div_id_item_{rating.pk} .invalid-feedback, #div_id_item_{rating.pk} .text-danger")
    ).not_to_have_count(0)
    expect(page.locator(f"input[name=item_{choice.pk}][value='{option.pk}']")).to_be_checked()
    expect(page.locator(f"textarea[name=item_{text.pk}]")).to_have_value("ល្អណាស់ ប៉ុន្តែខ្លីពេក")
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("survey-km-360-error.png"), full_page=True)

    page.locator(f"label[for=id_item_{rating.pk}_3]").click()  # the fourth of five: 4 – Good
    page.locator("form input[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert_fits(page, 360)
    page.screenshot(path=artifact_path("survey-km-360-thanks.png"), full_page=True)
    response = SurveyResponse.objects.get()
    assert response.respondent is None
    assert {answer.item_id: (answer.rating, answer.option_id, answer.text) for answer in response.answers.all()} == {
        rating.pk: (4, None, ""),
        choice.pk: (None, option.pk, ""),
        text.pk: (None, None, "ល្អណាស់ ប៉ុន្តែខ្លីពេក"),
    }


def test_a_signed_in_person_on_the_survey_page_switches_language_and_signs_out(laptop_page, live_server):
    # The page's forms other than its own (the header's language switcher, "Sign out") post to CSRF-checked views:
    # under Referrer-Policy no-referrer the browser sent them with Origin: null and Django refused them with a 403
    # (surveys.views: the page is sent under strict-origin).
    page = laptop_page
    cohort = PastCohortFactory()
    person = UserFactory(language="km")
    survey = SurveyFactory(subject=cohort, with_items=True)
    invitation = SurveyInvitationFactory(survey=survey, user=person)
    log_in(page, live_server, person)
    referers = []
    page.on("request", lambda request: referers.append(request.headers.get("referer", "")))

    page.goto(f"/km/surveys/{invitation.token}/")
    page.locator(".language-switcher [lang=en]").click()
    expect(page.locator("h1")).to_have_text(survey.title_en)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    with page.expect_response(lambda response: "/accounts/logout/" in response.url) as logged_out:
        page.get_by_role("button", name="Sign out").click()
    assert logged_out.value.status < 400
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()
    # The page's assets, the switch and the sign-out learnt the site's address only, never the link.
    assert len(referers) > 3 and not [referer for referer in referers if invitation.token in referer]
    assert f"{live_server.url}/" in referers
