"""The answering page /<lang>/surveys/<token>/: no account needed, one page of questions, errors next to the
questions with the input kept, the thank-you, "already answered" and "closed" states; never cached, no referrer;
and no survey token in any request log."""

import datetime
import logging
import re
import types

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.log import ServerFormatter
from gunicorn.config import Config

from config.gunicorn_logging import RedactingLogger
from surveys.models import SurveyInvitation, SurveyQuestion, SurveyResponse
from tests.factories import (
    EnrollmentFactory,
    PastCohortFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    SurveyItemFactory,
)
from trainings.models import AttendanceRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    cohort = PastCohortFactory()
    enrollment = EnrollmentFactory(cohort=cohort, attended=[AttendanceRecord.Status.PRESENT, None, None])
    survey = SurveyFactory(subject=cohort, with_items=True)
    return SurveyInvitationFactory(survey=survey, user=enrollment.user, sent_at=timezone.now())


def _url(invitation, language="km"):
    from django.utils import translation

    with translation.override(language):
        return reverse("surveys:answer", kwargs={"token": invitation.token})


def _items(invitation):
    return list(invitation.survey.items.order_by("position"))


def test_the_page_opens_without_an_account_never_cached_and_without_referrer(client, invitation):
    response = client.get(_url(invitation))

    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert invitation.survey.title_km in html
    rating = _items(invitation)[0]
    assert html.count(f'name="item_{rating.pk}"') == 5
    assert "<textarea" in html


def test_a_wrong_token_is_a_404(client):
    response = client.get("/km/surveys/not-a-real-token/")
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "strict-origin"


def test_a_required_question_left_out_shows_its_error_and_keeps_the_input(client, invitation):
    rating, choice, text = _items(invitation)
    option = choice.question.options.first()

    response = client.post(_url(invitation, "en"), {f"item_{choice.pk}": option.pk, f"item_{text.pk}": "Good pace."})

    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "Good pace." in html
    assert re.search(rf'name="item_{choice.pk}" value="{option.pk}"[^>]*checked', html)
    assert not SurveyResponse.objects.exists()


def test_answering_thanks_then_says_already_answered(client, invitation):
    rating, _choice, _text = _items(invitation)

    response = client.post(_url(invitation, "en"), {f"item_{rating.pk}": 5})
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert SurveyResponse.objects.get().respondent is None

    again = client.post(_url(invitation, "en"), {f"item_{rating.pk}": 1})
    assert again.status_code == 409
    assert "already answered" in again.content.decode()
    assert "already answered" in client.get(_url(invitation, "en")).content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_closed_survey_says_so_and_takes_nothing(client, invitation):
    SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - datetime.timedelta(days=40))
    invitation.survey.open_days = 1
    invitation.survey.save()
    rating = _items(invitation)[0]

    assert "not open" in client.get(_url(invitation, "en")).content.decode()
    assert client.post(_url(invitation, "en"), {f"item_{rating.pk}": 5}).status_code == 409
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("questions", [2, 20])
def test_the_page_costs_the_same_queries_whatever_the_questions(
    client, invitation, django_assert_num_queries, questions
):
    survey = invitation.survey
    survey.items.all().delete()
    kinds = [SurveyQuestion.Kind.RATING, SurveyQuestion.Kind.CHOICE, SurveyQuestion.Kind.TEXT]
    for position in range(1, questions + 1):
        SurveyItemFactory(survey=survey, position=position, question__kind=kinds[position % len(kinds)])
    # The invitation; the subject's part (twice: the state, the page); the items; their options.
    with django_assert_num_queries(5):
        response = client.get(_url(invitation))
    assert response.content.decode().count('name="item_') >= questions
    assert len(_items(invitation)) == questions


def test_no_request_log_holds_a_survey_token(client, invitation, caplog):
    rating = _items(invitation)[0]
    caplog.set_level(logging.INFO)

    client.get(_url(invitation).replace(invitation.token, invitation.token + "x"))  # a 404
    client.post(_url(invitation), {})  # a 400, logged as a warning
    client.post(_url(invitation), {f"item_{rating.pk}": 4})  # answered
    client.post(_url(invitation), {f"item_{rating.pk}": 4})  # a 409
    # A CSRF refusal's line, as Django logs it.
    logging.getLogger("django.security.csrf").warning("Forbidden (%s): %s", "Origin checking failed", _url(invitation))

    lines = [record.getMessage() for record in caplog.records]
    assert any("Not Found" in line for line in lines)
    assert any("Forbidden" in line for line in lines)
    assert any("/km/surveys/[token]/" in line for line in lines)
    assert not [line for line in lines if invitation.token in line]
    assert not [record for record in caplog.records if hasattr(record, "request") and "surveys" in record.getMessage()]


def test_the_development_servers_request_lines_hold_no_survey_token(invitation):
    # django.server does not propagate (caplog cannot see it): its handler's filters are asked directly.
    handler = next(h for h in logging.getLogger("django.server").handlers if isinstance(h.formatter, ServerFormatter))
    line = f"POST {_url(invitation)} HTTP/1.1"
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s', (line, 200, 12), None)

    assert handler.filter(record)
    assert record.getMessage() == '"POST /km/surveys/[token]/ HTTP/1.1" 200 12'


def test_gunicorns_access_log_holds_no_survey_token(invitation):
    path = f"/km/surveys/{invitation.token}/"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://forum.example.org{path}",
    }
    response = types.SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = types.SimpleNamespace(headers=[("REFERER", f"https://forum.example.org{path}")])

    atoms = RedactingLogger(Config()).atoms(response, request, environ, datetime.timedelta(seconds=1))

    assert atoms["r"] == "POST /km/surveys/[token]/ HTTP/1.1"
    assert not [value for value in atoms.values() if invitation.token in str(value)]
