"""A participant's test pages: the test's page, the attempt (one question at a time), answers by JSON and by form,
the server's deadline, the submission and the result in the reader's language; the cohort page's link."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AssessmentFactory,
    EnrollmentFactory,
    OrganiserFactory,
    QuestionFactory,
    UserFactory,
)
from trainings.models import Attempt
from trainings.services.assessments import answer_save, attempt_start, attempt_submit
from trainings.views.assessments import MAX_ANSWERS_PER_POST

pytestmark = pytest.mark.django_db


def _bank(course, count: int):
    for _ in range(count):
        QuestionFactory(course=course)


@pytest.fixture
def pre_test(upcoming):
    _bank(upcoming.course, 5)
    return AssessmentFactory(course=upcoming.course, question_count=5, time_limit_minutes=20, attempts_allowed=2)


@pytest.fixture
def enrollment(upcoming):
    return EnrollmentFactory(cohort=upcoming)


@pytest.fixture
def taker(client, enrollment):
    client.force_login(enrollment.user)
    return client


def _url(name, cohort, kind="pre", *args):
    return reverse(f"trainings:{name}", args=[cohort.pk, kind, *args])


def _right(item):
    return [choice.pk for choice in item.version.choices.all() if choice.is_correct]


def _post_answers(client, attempt, answers):
    cohort = attempt.enrollment.cohort
    return client.post(
        _url("test_answers", cohort, attempt.assessment.kind, attempt.number),
        data=json.dumps({"answers": answers}),
        content_type="application/json",
    )


def test_start_page_and_start(taker, upcoming, pre_test):
    response = taker.get(_url("test", upcoming))
    assert response.status_code == 200
    assert "20 minutes" in response.text and 'id="attempts-left">2 / 2' in response.text
    response = taker.post(_url("test", upcoming))
    attempt = Attempt.objects.get()
    assert response.url == _url("test_attempt", upcoming, "pre", 1)
    assert taker.post(_url("test", upcoming)).url == response.url  # a second start resumes
    assert Attempt.objects.count() == 1
    page = taker.get(response.url).text
    assert page.count('class="t-question"') == 5
    assert page.count('" hidden><input') == 4  # one question shown
    assert "js/assessment.js" in page and 'name="offline-worker"' in page
    assert attempt.items.get(position=1).version.text_en in page


def test_others_get_404(client, upcoming, pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    urls = [_url("test", upcoming), _url("test_attempt", upcoming, "pre", 1), _url("test_result", upcoming, "pre", 1)]
    for user in (UserFactory(), OrganiserFactory()):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
    other = EnrollmentFactory(cohort=upcoming)
    client.force_login(other.user)
    assert client.get(_url("test_attempt", upcoming, "pre", attempt.number)).status_code == 404
    assert client.get(_url("test", upcoming, "post")).status_code == 404  # no post-test


def test_form_answer_moves_to_next_and_refuses_foreign_choice(taker, upcoming, pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    one, two = attempt.items.order_by("position")[:2]
    response = taker.post(_url("test_question", upcoming, "pre", 1, 1), {"choice": [str(one.choice_order[1])]})
    assert response.url == _url("test_question", upcoming, "pre", 1, 2)
    assert list(one.selected.values_list("pk", flat=True)) == [one.choice_order[1]]
    response = taker.post(_url("test_question", upcoming, "pre", 1, 2), {"choice": [str(one.choice_order[0])]})
    assert response.status_code == 400
    assert "choose among the answers of this question" in response.text
    assert taker.post(_url("test_question", upcoming, "pre", 1, 2), {"choice": ["x"]}).status_code == 400
    response = taker.post(_url("test_question", upcoming, "pre", 1, 5), {"choice": [str(two.choice_order[0])]})
    assert response.status_code == 400
    last = attempt.items.get(position=5)
    response = taker.post(_url("test_question", upcoming, "pre", 1, 5), {"choice": [str(last.choice_order[0])]})
    assert response.url == _url("test_submit", upcoming, "pre", 1)


def test_json_answers_saved_refused_and_unreadable(taker, pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    one = attempt.items.get(position=1)
    answers = [
        {"id": "a", "position": 1, "choices": _right(one)},
        {"id": "a", "position": 1, "choices": _right(one)},  # sent again: one answer
        {"id": "b", "position": 2, "choices": [one.choice_order[0]]},
        {"id": "c", "position": "2", "choices": "x"},
    ]
    data = _post_answers(taker, attempt, answers).json()
    assert [result["outcome"] for result in data["results"]] == ["saved", "saved", "refused", "refused"]
    assert data["closed"] is False and isinstance(data["now"], int)
    assert one.selected.count() == 1
    for body in ({"answers": "x"}, {"answers": [1]}, []):
        response = taker.post(
            _url("test_answers", attempt.enrollment.cohort, "pre", 1),
            data=json.dumps(body),
            content_type="application/json",
        )
        assert response.status_code == 400
    assert (
        taker.post(
            _url("test_answers", attempt.enrollment.cohort, "pre", 1), data="{", content_type="application/json"
        ).status_code
        == 400
    )


def test_json_answer_after_deadline_and_grace_is_refused(taker, pre_test, enrollment):
    started = timezone.now() - datetime.timedelta(minutes=20, seconds=pre_test.grace_seconds + 5)
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test, now=started)
    one = attempt.items.get(position=1)
    data = _post_answers(taker, attempt, [{"id": "a", "position": 1, "choices": _right(one)}]).json()
    assert data["closed"] is True and data["results"][0]["outcome"] == "refused"
    assert "reached the server after the deadline" in data["results"][0]["message"]
    assert not one.selected.exists()
    page = taker.get(_url("test_attempt", enrollment.cohort, "pre", 1)).text
    assert 'id="t-over"' in page


def test_submit_result_in_khmer_and_submit_twice(taker, upcoming, pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    items = list(attempt.items.order_by("position"))
    for item in items[:4]:
        answer_save(attempt=attempt, position=item.position, choice_ids=_right(item))
    page = taker.get(_url("test_submit", upcoming, "pre", 1)).text
    assert "You have answered 4 of 5 questions." in page
    response = taker.post(_url("test_submit", upcoming, "pre", 1))
    assert response.url == _url("test_result", upcoming, "pre", 1)
    again = taker.post(_url("test_submit", upcoming, "pre", 1), follow=True)
    assert "already been submitted" in again.text
    result = taker.get("/km" + _url("test_result", upcoming, "pre", 1)[3:]).text
    assert "80%" in result
    assert items[0].version.text_km in result and items[0].version.explanation_km in result
    assert items[0].version.text_en not in result
    assert taker.get(_url("test_attempt", upcoming, "pre", 1)).url == _url("test_result", upcoming, "pre", 1)


def test_cohort_page_links_the_tests(taker, upcoming, pre_test, enrollment):
    page = taker.get(reverse("trainings:cohort", args=[upcoming.pk])).text
    assert _url("test", upcoming) in page and "Take the test" in page
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    page = taker.get(reverse("trainings:cohort", args=[upcoming.pk])).text
    assert _url("test_attempt", upcoming, "pre", 1) in page and "Resume" in page
    attempt_submit(attempt=attempt)
    page = taker.get(reverse("trainings:cohort", args=[upcoming.pk])).text
    assert "Best score: 0%" in page


@pytest.mark.parametrize("count", [5, 50])
def test_attempt_and_result_query_count(taker, upcoming, enrollment, django_assert_num_queries, count):
    _bank(upcoming.course, count)
    test = AssessmentFactory(course=upcoming.course, question_count=count)
    attempt = attempt_start(enrollment=enrollment, assessment=test)
    one = attempt.items.get(position=1)
    answer_save(attempt=attempt, position=1, choice_ids=_right(one))
    with django_assert_num_queries(11):
        page = taker.get(_url("test_attempt", upcoming, "pre", 1)).text
    assert page.count('class="t-question"') == count
    attempt_submit(attempt=attempt)
    with django_assert_num_queries(14):
        page = taker.get(_url("test_result", upcoming, "pre", 1)).text
    assert page.count('class="card mb-3') == count


@pytest.mark.parametrize("count", [5, 50])
def test_json_answer_query_count(taker, upcoming, enrollment, django_assert_num_queries, count):
    _bank(upcoming.course, count)
    test = AssessmentFactory(course=upcoming.course, question_count=count)
    attempt = attempt_start(enrollment=enrollment, assessment=test)
    answer = {"id": "a", "position": count, "choices": _right(attempt.items.get(position=count))}
    with django_assert_num_queries(13):
        data = _post_answers(taker, attempt, [answer]).json()
    assert data["results"][0]["outcome"] == "saved"


def test_start_refused_when_closed(taker, upcoming, pre_test, enrollment):
    session = upcoming.sessions.get()
    session.starts_at = timezone.now() - datetime.timedelta(minutes=1)  # the pre-test closed as it started
    session.save()
    page = taker.get(_url("test", upcoming)).text
    assert "This test is not open now." in page and 'id="test-go"' not in page
    response = taker.post(_url("test", upcoming))
    assert response.status_code == 409 and "This test is not open now." in response.text
    assert not Attempt.objects.exists()


def test_json_answers_past_the_limit_are_refused_unread(taker, pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    one = attempt.items.get(position=1)
    answer = {"id": "a", "position": 1, "choices": _right(one)}
    response = _post_answers(taker, attempt, [answer] * (MAX_ANSWERS_PER_POST + 1))
    assert response.status_code == 400
    assert not one.selected.exists()  # not one of them was saved
    assert _post_answers(taker, attempt, [answer] * MAX_ANSWERS_PER_POST).status_code == 200


def test_nothing_before_the_submission_tells_the_right_answers(taker, upcoming, pre_test, enrollment):
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    one = attempt.items.get(position=1)
    data = _post_answers(taker, attempt, [{"id": "a", "position": 1, "choices": [one.choice_order[0]]}]).json()
    assert set(data["results"][0]) == {"id", "position", "outcome", "message"}  # saved, not judged
    for url in (_url("test_attempt", upcoming, "pre", 1), _url("test_submit", upcoming, "pre", 1)):
        page = taker.get(url).text
        assert one.version.explanation_en not in page and "right answer" not in page
    assert taker.get(_url("test_result", upcoming, "pre", 1)).url == _url("test_attempt", upcoming, "pre", 1)


def test_an_answer_by_form_after_the_participant_withdrew_says_so(taker, upcoming, pre_test, enrollment):
    """Found by the fuzz against the production setup: a participant withdrawn while an attempt was open posted an
    answer by the form (no JavaScript) and got a server error. Now: the test's page, with the reason."""
    attempt = attempt_start(enrollment=enrollment, assessment=pre_test)
    enrollment.status, enrollment.withdrawn_at = enrollment.Status.WITHDRAWN, timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    item = attempt.items.get(position=1)
    response = taker.post(
        _url("test_question", upcoming, "pre", attempt.number, 1), {"choice": [str(item.choice_order[0])]}
    )
    assert response.status_code == 302 and response.url == _url("test", upcoming)
    page = taker.get(response.url)
    assert "Only people who hold a place in this cohort can take its tests." in page.text
    assert not attempt.items.filter(answered_at__isnull=False).exists()
