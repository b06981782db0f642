"""Structured logs: a request id per request (kept from a proxy when safe), one line per request without query
strings, tokens or a reporter's identity, the id carried by the tasks the request enqueues and by their lines, the
JSON format, and the Sentry scrubber."""

import io
import json
import logging

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from operations.error_reports import before_send
from operations.logs import JsonFormatter, request_id, task_log_context
from people.emails import queue_message
from people.mail import Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TRACED_TASKS = {"default": {"BACKEND": "operations.backend.TracedDatabaseBackend", "QUEUES": ["default"]}}


def _lines(caplog, logger="operations.requests"):
    return [record for record in caplog.records if record.name == logger]


def test_a_request_gets_an_id_and_one_line_without_its_query(client, caplog):
    user = UserFactory()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="operations.requests"):
        response = client.get(reverse("home") + "?email=sok@example.org")
    (line,) = _lines(caplog)
    assert len(response["X-Request-ID"]) == 32
    assert (line.method, line.path, line.status, line.user_id) == ("GET", reverse("home"), 200, user.pk)
    formatted = json.loads(JsonFormatter().format(line))
    assert formatted["request_id"] == response["X-Request-ID"]
    assert formatted["path"] == reverse("home") and "sok@example.org" not in json.dumps(formatted)
    assert isinstance(formatted["duration_ms"], int)


def test_a_proxys_request_id_is_kept_when_safe_and_replaced_otherwise(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})["X-Request-ID"] == "lb-1234abcd"
    given = "<script>alert(1)</script>"
    assert client.get("/healthz", headers={"X-Request-ID": given})["X-Request-ID"] != given


def test_a_reporters_request_names_nobody_and_a_links_token_is_left_out(client, caplog):
    client.force_login(UserFactory())
    with caplog.at_level(logging.INFO, logger="operations.requests"):
        client.get(reverse("safeguarding:report"))
        client.get(reverse("safeguarding:follow_up", args=["follow-up-secret-token-1234"]))
        client.get(reverse("surveys:answer", args=["survey-secret-token-5678"]))
        client.get(reverse("forum:consent", args=["guardian:secret-token-9012"]))
    lines = _lines(caplog)
    assert [getattr(line, "view", None) for line in lines[:3]] == [
        "safeguarding:report",
        "safeguarding:follow_up",
        "surveys:answer",
    ]
    assert all(not hasattr(line, "user_id") and not hasattr(line, "path") for line in lines[:3])
    assert "[token]" in lines[3].path
    everything = " ".join(JsonFormatter().format(line) for line in lines)
    assert "secret-token" not in everything


def test_a_task_keeps_the_id_of_the_request_that_enqueued_it_and_its_line_says_so(caplog):
    token = request_id.set("req-0123456789")
    try:
        with override_settings(TASKS=TRACED_TASKS):
            queue_message(Message(subject="Badge", body="Text", to=["sok@example.org"]), language="en")
    finally:
        request_id.reset(token)
    row = DBTaskResult.objects.get()
    assert row.args_kwargs["meta"] == {"request_id": "req-0123456789"}
    assert row.task_result.kwargs["subject"] == "Badge"  # the arguments read as before
    written = io.StringIO()  # a handler formats a line as it is written, inside the task
    handler = logging.StreamHandler(written)
    handler.setFormatter(JsonFormatter())
    logging.getLogger("people.tasks").addHandler(handler)
    try:
        with caplog.at_level(logging.INFO, logger="operations.tasks"), task_log_context(row):
            logging.getLogger("people.tasks").warning("inside the task")
    finally:
        logging.getLogger("people.tasks").removeHandler(handler)
    assert json.loads(written.getvalue())["request_id"] == "req-0123456789"
    (line,) = _lines(caplog, "operations.tasks")
    assert (line.task, line.task_id, line.attempt, line.request_id) == (
        "people.tasks.send_email",
        str(row.pk),
        0,
        "req-0123456789",
    )
    assert "sok@example.org" not in JsonFormatter().format(line)


def test_the_sentry_scrubber_keeps_the_error_and_drops_personal_data():
    event = {
        "request": {
            "method": "POST",
            "url": "https://forum.example.org/en/surveys/tok-abcdefghijklmnopqrstuvwxyz/?next=x",
            "headers": {"Cookie": "sessionid=abc", "User-Agent": "phone", "Authorization": "Basic x"},
            "data": {"email": "sok@example.org", "password": "hunter22"},
            "cookies": {"sessionid": "abc"},
            "query_string": "email=sok@example.org",
        },
        "user": {"email": "sok@example.org", "ip_address": "10.0.0.1"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "no seat for sok@example.org with token Abcdefghijklmnopqrstuvwxyz0123",
                    "stacktrace": {"frames": [{"function": "register", "vars": {"password": "hunter22"}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": "mail to mum@example.org"}]},
    }
    scrubbed = json.dumps(before_send(event, None))
    for secret in ("sok@example.org", "mum@example.org", "hunter22", "sessionid", "10.0.0.1", "Abcdefghijk", "tok-"):
        assert secret not in scrubbed
    assert "ValueError" in scrubbed and "register" in scrubbed and '"User-Agent": "phone"' in scrubbed
