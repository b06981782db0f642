"""A participant takes the pre-test on a 360 px phone, in Khmer, and the server goes down in the middle: the answer
given meanwhile waits on the phone, the page opens again from the phone at the next question, the answer arrives
when the server is back, and they finish and read their result.

The server is taken down with ServerSwitch (a proxy whose port closes), as in test_browser_offline.py: Playwright's
`set_offline` does not stop a service worker's fetches.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import BROWSER, assert_fits, log_in
from tests.factories import (
    AssessmentFactory,
    CohortFactory,
    EnrollmentFactory,
    QuestionFactory,
    TrainingSessionFactory,
    UserFactory,
)
from trainings.models import Attempt

pytestmark = BROWSER


@pytest.fixture
def phone(browser, switch):
    context = switch.phone(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def pre_test():
    cohort = CohortFactory(code="COP-PRE-01")
    TrainingSessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    for _ in range(3):
        QuestionFactory(course=cohort.course)
    return AssessmentFactory(course=cohort.course, question_count=3, time_limit_minutes=30)


def _right_choice(attempt, position: int) -> int:
    item = attempt.items.get(position=position)
    return next(pk for pk in item.choice_order if item.version.choices.get(pk=pk).is_correct)


def _answer(page, attempt, position: int) -> None:
    question = page.locator(f"#q-{position}")
    expect(question).to_be_visible()
    expect(question.locator(".t-text")).to_have_text(attempt.items.get(position=position).version.text_km)
    question.locator(f"#c-{position}-{_right_choice(attempt, position)}").check()
    question.locator(".t-save").click()


def test_pre_test_in_khmer_survives_the_server_going_down(phone, switch, pre_test, artifact_path):
    cohort = pre_test.course.cohorts.get()
    enrollment = EnrollmentFactory(cohort=cohort, user=UserFactory(language="km"))
    log_in(phone, switch, enrollment.user)
    phone.goto(f"/km/trainings/cohorts/{cohort.pk}/tests/pre/")
    phone.locator("#test-go").click()
    phone.wait_for_url(f"**/km/trainings/cohorts/{cohort.pk}/tests/pre/1/")
    attempt = Attempt.objects.get()
    expect(phone.locator(".t-offline-ready")).to_be_visible(timeout=15000)  # kept on the phone
    expect(phone.locator("#t-countdown")).not_to_be_empty()

    # Online: the first answer is saved at once.
    _answer(phone, attempt, 1)
    expect(phone.locator("#q-1 .t-state")).to_have_attribute("data-state", "saved", timeout=10000)

    # The server goes down; the second answer waits on the phone.
    switch.down()
    heard = len(switch.requests)
    _answer(phone, attempt, 2)
    expect(phone.locator("#q-2 .t-state")).to_have_attribute("data-state", "waiting")
    expect(phone.locator("#t-connection")).not_to_be_empty(timeout=15000)
    # The tab is reloaded without a connection: the attempt opens from the phone at its third question, the second
    # answer still given and waiting.
    phone.reload()
    expect(phone.locator("#q-3")).to_be_visible()
    expect(phone.locator("#q-2 .t-state")).to_have_attribute("data-state", "waiting")
    expect(phone.locator(f"#c-2-{_right_choice(attempt, 2)}")).to_be_checked()
    assert_fits(phone, 360)
    phone.screenshot(path=artifact_path("test-server-down-km-360.png"), full_page=True)
    assert switch.requests[heard:] == []  # nothing reached the server: the page came from the phone
    assert attempt.items.filter(answered_at__isnull=False).count() == 1

    # The server is back: the waiting answer arrives (the page retries every 5 s).
    switch.up()
    expect(phone.locator("#q-2 .t-state")).to_have_attribute("data-state", "saved", timeout=20000)
    assert attempt.items.get(position=2).selected.get().pk == _right_choice(attempt, 2)

    # They finish, submit and read their result, explanations included, in Khmer.
    _answer(phone, attempt, 3)
    expect(phone.locator("#q-3 .t-state")).to_have_attribute("data-state", "saved", timeout=10000)
    phone.locator("#t-finish").click()
    phone.locator("#t-submit").click()
    phone.wait_for_url("**/tests/pre/1/result/")
    expect(phone.locator("#t-score")).to_contain_text("100%")
    expect(phone.locator("#t-review")).to_contain_text(attempt.items.get(position=1).version.explanation_km)
    assert_fits(phone, 360)
    phone.screenshot(path=artifact_path("test-result-km-360.png"), full_page=True)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.correct_count) == (100, 3)
