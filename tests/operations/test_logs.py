"""Structured logs: the request id (kept when safe, sent back, stored with the tasks a request enqueues), the one
JSON line per request and per task, the anonymous pages logged without user, address or token, production's JSON
default (gunicorn's lines too), and the Sentry scrubber (no network)."""

import datetime
import io
import json
import logging
import logging.config
import os
import runpy
import secrets
import subprocess
import sys
import types
import uuid

import pytest
from django.http import HttpResponse
from django.tasks import task
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from gunicorn.config import Config

from config.gunicorn_logging import RedactingLogger
from config.log_redaction import RedactSurveyTokens, scrub_text
from config.settings.logs import logging_config
from operations.errors_report import scrub_event
from operations.logs import (
    JSONFormatter,
    current_request_id,
    new_request_id,
    task_log_context,
    task_request_id,
)
from operations.request_log import RequestLogMiddleware
from tests.factories import (
    EnrollmentFactory,
    PastCohortFactory,
    SurveyFactory,
    SurveyInvitationFactory,
    UserFactory,
)
from tests.safeguarding.report_helpers import VALID, follow_up_url, report_url, reported
from trainings.models import AttendanceRecord

pytestmark = pytest.mark.django_db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDRESS = "203.0.113.77"
DATABASE_TASKS = {"default": {"BACKEND": "operations.backend.RequestIdDatabaseBackend", "QUEUES": ["default"]}}


@task
def send_a_letter(*, to: str) -> str:
    logging.getLogger("tests.letters").info("writing the letter")
    return "sent"


@pytest.fixture
def capture():
    """Lines of the loggers named as production writes them: the JSON formatter behind the redaction filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RedactSurveyTokens())
    loggers = []

    def lines(*names: str):
        for name in names:
            loggers.append(logging.getLogger(name))
            loggers[-1].addHandler(handler)
        return lambda: [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.fixture
def request_lines(capture):
    return capture("operations.requests")


@pytest.fixture
def task_lines(capture):
    return capture("operations.tasks", "tests.letters")


def test_a_request_gets_an_id_and_one_json_line_without_query_string_address_or_email(client, request_lines):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("certificates:mine") + f"?email={user.email}&q=1", REMOTE_ADDR=ADDRESS)

    request_id = response["X-Request-ID"]
    assert response.status_code == 200 and len(request_id) == 36
    [line] = request_lines()
    assert line["method"] == "GET" and line["path"] == reverse("certificates:mine") and line["status"] == 200
    assert line["user_id"] == user.pk and line["request_id"] == request_id
    assert line["logger"] == "operations.requests" and line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("+00:00")
    raw = json.dumps(line)
    assert ADDRESS not in raw and user.email not in raw and "email=" not in raw and "q=1" not in raw


def test_a_safe_incoming_request_id_is_kept_and_a_bad_one_replaced(client, request_lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c01e2")
    replaced = [
        client.get("/healthz", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        for bad in ("short", "a b c d e f g h", "person@example.org", "x" * 65, '"quoted"-value-1234')
    ]

    assert kept["X-Request-ID"] == "lb-7f3a9c01e2"
    assert all(str(uuid.UUID(value)) == value for value in replaced) and len(set(replaced)) == 5
    assert [line["request_id"] for line in request_lines()] == ["lb-7f3a9c01e2", *replaced]
    assert "person@example.org" not in json.dumps(request_lines())


def test_an_anonymous_survey_answer_is_logged_by_its_route_without_user_or_token(client, request_lines):
    cohort = PastCohortFactory()
    enrollment = EnrollmentFactory(cohort=cohort, attended=[AttendanceRecord.Status.PRESENT, None, None])
    survey = SurveyFactory(subject=cohort, with_items=True)
    invitation = SurveyInvitationFactory(survey=survey, user=enrollment.user, sent_at=timezone.now())
    client.force_login(enrollment.user)  # signed in, still named nowhere
    url = reverse("surveys:answer", kwargs={"token": invitation.token})

    client.get(url, REMOTE_ADDR=ADDRESS)
    client.post(url, {}, REMOTE_ADDR=ADDRESS)
    client.get(url.replace(invitation.token, invitation.token + "x"))  # a 404
    client.get(f"/km/surveys/{invitation.token}/not-a-page/")  # no route

    lines = request_lines()
    assert [(line["path"], line["status"]) for line in lines[:3]] == [
        ("surveys:answer", 200),
        ("surveys:answer", 400),  # the required question left out
        ("surveys:answer", 404),
    ]
    assert lines[3]["path"] == "/km/surveys/[token]/not-a-page/"
    assert not [line for line in lines[:3] if "user_id" in line]
    raw = json.dumps(lines)
    assert invitation.token not in raw and ADDRESS not in raw and enrollment.user.email not in raw


def test_a_safeguarding_report_and_its_follow_up_are_logged_without_user_or_token(client, request_lines):
    concern, token = reported()
    user = UserFactory()
    client.force_login(user)

    client.post(report_url(), VALID, REMOTE_ADDR=ADDRESS)
    client.get(follow_up_url(token, "km"), REMOTE_ADDR=ADDRESS)

    lines = request_lines()
    assert [line["path"] for line in lines] == ["safeguarding:report", "safeguarding:follow_up"]
    assert not [line for line in lines if "user_id" in line]
    raw = json.dumps(lines)
    assert token not in raw and ADDRESS not in raw and user.email not in raw and "/safeguarding/" not in raw


def test_other_links_with_a_token_are_logged_with_the_token_left_out(client, request_lines):
    client.get("/en/forum/some-edition/invitation/Secret_Token-123/")

    [line] = request_lines()
    assert line["path"] == "/en/forum/some-edition/invitation/[token]/"


def _enqueue_in_a_request(request_id: str, **headers):
    def view(request):
        send_a_letter.enqueue(to="person@example.org")
        return HttpResponse()

    request = RequestFactory().get("/en/somewhere/", HTTP_X_REQUEST_ID=request_id, **headers)
    return RequestLogMiddleware(view)(request)


@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_enqueued_during_a_request_carries_its_request_id():
    response = _enqueue_in_a_request("proxy-4d2c1b0a")

    row = DBTaskResult.objects.get(task_path=send_a_letter.module_path)
    assert response["X-Request-ID"] == "proxy-4d2c1b0a"
    assert row.args_kwargs["meta"] == {"request_id": "proxy-4d2c1b0a"}
    assert task_request_id(row) == "proxy-4d2c1b0a"
    assert row.task_result.args == [] and row.task_result.kwargs == {"to": "person@example.org"}
    assert current_request_id.get() is None  # the request's id does not outlive it


@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_enqueued_outside_a_request_has_no_request_id():
    send_a_letter.enqueue(to="person@example.org")

    row = DBTaskResult.objects.get(task_path=send_a_letter.module_path)
    assert "meta" not in row.args_kwargs and task_request_id(row) is None


class LoggedWorker(Worker):
    """What operations' run_worker does with each task it claims."""

    def run_task(self, db_task_result):
        with task_log_context(db_task_result):
            super().run_task(db_task_result)


def _worker() -> LoggedWorker:
    options = {"queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default"}
    return LoggedWorker(**options, startup_delay=False, max_tasks=None, worker_id="w1", excluded_queue_names=[])


@override_settings(TASKS=DATABASE_TASKS)
def test_a_worker_writes_one_task_line_with_the_request_id_and_no_arguments(task_lines):
    _enqueue_in_a_request("proxy-4d2c1b0a")
    row = DBTaskResult.objects.get(task_path=send_a_letter.module_path)
    row.claim("w1")

    _worker().run_task(row)

    letter, done = task_lines()
    assert letter["message"] == "writing the letter" and letter["request_id"] == "proxy-4d2c1b0a"
    assert done["logger"] == "operations.tasks" and done["level"] == "INFO"
    assert done["task_path"] == send_a_letter.module_path and done["task_id"] == str(row.id)
    assert done["status"] == "SUCCESSFUL" and done["attempts"] == 1 and done["request_id"] == "proxy-4d2c1b0a"
    assert isinstance(done["duration_ms"], float)
    assert "person@example.org" not in json.dumps(task_lines())
    assert current_request_id.get() is None


@override_settings(TASKS=DATABASE_TASKS)
def test_a_failed_task_without_request_id_gets_a_new_one_and_a_warning(task_lines):
    send_a_letter.enqueue(to=None)
    row = DBTaskResult.objects.get(task_path=send_a_letter.module_path)
    row.args_kwargs = {"args": [1], "kwargs": {}}  # a wrong call: the task raises TypeError
    row.save(update_fields=["args_kwargs"])
    row.claim("w1")
    row.claim("w2")  # claimed again after its first worker died

    _worker().run_task(row)

    [done] = task_lines()
    assert done["status"] == "FAILED" and done["level"] == "WARNING" and done["attempts"] == 2
    assert len(done["request_id"]) == 36


def test_production_logs_json_and_never_imports_sentry_without_a_dsn():
    script = (
        "import django, json, logging, sys; django.setup();"
        "logging.getLogger('operations.requests').info('GET /km/surveys/Secret_Token_123/ 200', "
        "extra={'path': '/km/surveys/Secret_Token_123/', 'status': 200});"
        "print(json.dumps('sentry_sdk' in sys.modules))"
    )
    environ = {key: value for key, value in os.environ.items() if key not in {"LOG_FORMAT", "SENTRY_DSN"}}
    environ |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": "a-long-random-key-" + "k" * 40}
    result = subprocess.run(  # noqa: S603 - our own interpreter on a fixed script
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )

    [line] = [json.loads(raw) for raw in result.stderr.splitlines() if raw.startswith("{")]
    assert line["message"] == "GET /km/surveys/[token]/ 200" and line["path"] == "/km/surveys/[token]/"
    assert line["level"] == "INFO" and line["status"] == 200 and line["request_id"] is None
    assert result.stdout.strip() == "false"


def test_gunicorns_lines_are_json_with_json_logs(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    error_log = RedactingLogger(Config()).error_log
    record = logging.LogRecord("gunicorn.error", logging.ERROR, __file__, 1, "Error handling request %s", ("x",), None)
    record.args = ("/km/surveys/Secret_Token_123/",)

    assert error_log.filter(record)
    line = json.loads(error_log.handlers[0].format(record))
    assert line["message"] == "Error handling request /km/surveys/[token]/" and line["level"] == "ERROR"
    monkeypatch.setenv("LOG_FORMAT", "text")
    assert not isinstance(RedactingLogger(Config()).error_log.handlers[0].formatter, JSONFormatter)


def _crafted_event() -> dict:
    return {
        "message": "Could not mail person@example.org",
        "logentry": {"message": "Link %s failed", "params": ["/km/surveys/Q2x_8kLp-3mNaaaaaaaaaaaaaaaaaaaaaa/"]},
        "request": {
            "method": "POST",
            "url": "https://forum.example.org/en/safeguarding/follow-up/Abc_12-xyz9/?email=a%40b.org",
            "query_string": "email=a%40b.org",
            "data": {"what_happened": "A man asked a girl for her photos"},
            "cookies": {"sessionid": "s3cr3t-session"},
            "headers": {"Cookie": "sessionid=s3cr3t-session", "X-Forwarded-For": ADDRESS, "Accept": "text/html"},
            "env": {"REMOTE_ADDR": ADDRESS},
        },
        "user": {"id": 42, "email": "person@example.org", "ip_address": ADDRESS, "username": "person"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "no invitation for token 5f1c9e0b7a2d4c6e8f10a3b5c7d9e1f2 of someone@example.org",
                    "stacktrace": {"frames": [{"function": "post", "lineno": 3, "vars": {"email": "x@y.org"}}]},
                }
            ]
        },
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": "SELECT 1 WHERE email = %s", "data": {"db.params": ["p@q.org"]}},
                {"category": "httplib", "data": {"url": "https://x.example/?token=abc", "method": "GET"}},
            ]
        },
        "extra": {"note": "sent to z@example.org"},
    }


def test_the_sentry_scrubber_removes_emails_tokens_cookies_bodies_addresses_and_locals():
    reset = current_request_id.set("proxy-4d2c1b0a")
    try:
        event = scrub_event(_crafted_event(), {})
    finally:
        current_request_id.reset(reset)

    raw = json.dumps(event)
    for secret in ("@example.org", "x@y.org", "p@q.org", "a%40b.org", "s3cr3t", ADDRESS, "girl", "Abc_12-xyz9"):
        assert secret not in raw, secret
    assert "Q2x_8kLp" not in raw and "5f1c9e0b7a2d4c6e8f10a3b5c7d9e1f2" not in raw and "token=abc" not in raw
    assert event["request"] == {
        "method": "POST",
        "url": "https://forum.example.org/en/safeguarding/follow-up/[token]/",
        "headers": {"Accept": "text/html"},
    }
    assert event["user"] == {"id": 42}
    assert event["exception"]["values"][0]["value"] == "no invitation for token [token] of [email]"
    assert event["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "post", "lineno": 3}]
    assert event["message"] == "Could not mail [email]"
    assert [crumb["data"] for crumb in event["breadcrumbs"]["values"]] == [
        {},
        {"method": "GET", "url": "https://x.example/"},
    ]
    assert event["tags"] == {"request_id": "proxy-4d2c1b0a"}


def test_with_a_dsn_sentry_starts_with_the_scrubber_and_without_personal_data():
    script = (
        "import django, json, sentry_sdk; django.setup(); options = sentry_sdk.get_client().options;"
        "print(json.dumps([options['send_default_pii'], options['include_local_variables'],"
        "options['before_send'].__qualname__, options['environment'], options['max_request_body_size']]))"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    environ |= {"SECRET_KEY": "a-long-random-key-" + "k" * 40, "SENTRY_DSN": "https://public@127.0.0.1:9/1"}
    result = subprocess.run(  # noqa: S603 - our own interpreter on a fixed script; the DSN's port is closed
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, check=True
    )

    assert json.loads(result.stdout) == [False, False, "scrub_event", "production", "never"]


def test_an_exceptions_text_and_traceback_are_written_without_addresses_or_tokens(capture):
    lines = capture("tests.failures")
    token = "Zq8xK2mPvT5nLw9rYb3cHd"
    try:
        raise ValueError(f"mail to sok.dara@example.org refused for invitation {token}")
    except ValueError:
        logging.getLogger("tests.failures").exception("could not send to sok.dara@example.org")
    record = logging.LogRecord("tests.failures", logging.ERROR, __file__, 1, "failed", (), None)
    record.exc_text = f"Traceback ...\nValueError: {token} of sok.dara@example.org"
    record.stack_info = f"Stack (most recent call last):\n  a frame holding {token}"
    logging.getLogger("tests.failures").handle(record)

    logged, cached = lines()  # each one JSON object
    for line in (logged, cached):
        raw = json.dumps(line)
        assert "sok.dara" not in raw and "example.org" not in raw and token not in raw
    assert logged["message"] == "could not send to [email]"
    assert logged["exception"].startswith("Traceback") and "ValueError: mail to [email] refused" in logged["exception"]
    assert cached["exception"].endswith("ValueError: [token] of [email]") and "[token]" in cached["stack"]


def test_text_logs_are_scrubbed_like_json_ones():
    formatters = logging_config(log_format="text", level="INFO")["formatters"]
    formatter = logging.config.DictConfigurator({"version": 1}).configure_formatter(dict(formatters["text"]))
    token = "Zq8xK2mPvT5nLw9rYb3cHd"
    try:
        raise ValueError(f"mail to sok.dara@example.org refused for invitation {token}")
    except ValueError:
        address = ("sok.dara@example.org",)
        record = logging.LogRecord("tests", logging.ERROR, __file__, 1, "could not send to %s", address, sys.exc_info())

    line = formatter.format(record)

    assert line.startswith("could not send to [email]\nTraceback") and "ValueError: mail to [email] refused" in line
    assert "sok.dara" not in line and "example.org" not in line and token not in line


def test_gunicorns_access_log_format_names_nobody():
    settings = runpy.run_path(os.path.join(ROOT, "gunicorn.conf.py"))  # as gunicorn reads it
    config = Config()
    for name in ("logger_class", "access_log_format"):
        config.set(name, settings[name])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/km/surveys/Secret_Token_123/?email=sok%40example.org",
        "PATH_INFO": "/km/surveys/Secret_Token_123/",
        "QUERY_STRING": "email=sok%40example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": ADDRESS,
        "HTTP_REFERER": "https://forum.example.org/km/?from=sok%40example.org",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Sok's phone)",
    }
    response = types.SimpleNamespace(status="200 OK", sent=10, headers=[("X-Request-ID", "proxy-4d2c1b0a")])
    request = types.SimpleNamespace(headers=[("X-FORWARDED-FOR", ADDRESS), ("X-REQUEST-ID", "sok@example.org")])
    logger = config.logger_class(config)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))

    line = config.access_log_format % atoms
    assert line == "GET /km/surveys/[token]/ 200 10 12ms proxy-4d2c1b0a"
    assert isinstance(logger, RedactingLogger)


def test_request_and_task_ids_stay_in_a_scrubbed_line_and_random_tokens_go():
    request_id, task_id = new_request_id(), str(uuid.uuid4())
    token = secrets.token_urlsafe(24)

    assert scrub_text(f"{request_id} {task_id} {token} {uuid.uuid4().hex}") == f"{request_id} {task_id} [token] [token]"
