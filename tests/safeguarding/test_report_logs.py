"""No log names a safeguarding reporter: the follow-up link's token is redacted from every request line, a record
about a reporter's request loses the request it carries (address, user, cookies), and gunicorn's access log
writes "-" for the address, the forwarded-for header and the other identifying atoms of those requests only."""

import datetime
import logging
import types

import pytest
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler, ServerFormatter
from gunicorn.config import Config

from config.gunicorn_logging import RedactingLogger
from config.log_redaction import RedactSurveyTokens, redact

from .report_helpers import VALID, follow_up_url, report_url, reported

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.9"


def _atoms(path: str, *, method: str = "POST", referer: str | None = None) -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": ADDRESS,
        "HTTP_X_FORWARDED_FOR": FORWARDED,
        "HTTP_REFERER": f"https://forum.example.org{referer or path}",
    }
    response = types.SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = types.SimpleNamespace(
        headers=[("X-FORWARDED-FOR", FORWARDED), ("X-REAL-IP", ADDRESS), ("COOKIE", "sessionid=abc")]
    )
    return RedactingLogger(Config()).atoms(response, request, environ, datetime.timedelta(seconds=1))


def test_the_follow_up_token_is_redacted_also_inside_a_next_parameter():
    assert redact("GET /km/safeguarding/follow-up/Abc_12-xyz/ HTTP/1.1") == (
        "GET /km/safeguarding/follow-up/[token]/ HTTP/1.1"
    )
    assert redact("GET /en/accounts/login/?next=%2Fen%2Fsafeguarding%2Ffollow-up%2FAbc_12-xyz%2F") == (
        "GET /en/accounts/login/?next=%2Fen%2Fsafeguarding%2Ffollow-up%2F[token]%2F"
    )
    assert redact("GET /en/safeguarding/report/ HTTP/1.1") == "GET /en/safeguarding/report/ HTTP/1.1"


def test_gunicorns_access_log_writes_no_address_nor_token_of_a_reporter():
    concern, token = reported()
    for path in (report_url(), follow_up_url(token, "km")):
        atoms = _atoms(path)

        assert atoms["h"] == "-" and atoms["{x-forwarded-for}i"] == "-" and atoms["{x-real-ip}i"] == "-"
        assert atoms["{cookie}i"] == "-" and atoms["{remote_addr}e"] == "-"
        assert atoms["s"] == "200" and atoms["r"].startswith("POST /")
        values = " ".join(str(value) for value in atoms.values())
        assert ADDRESS not in values and FORWARDED not in values and token not in values
    assert _atoms(follow_up_url(token, "km"))["r"] == "POST /km/safeguarding/follow-up/[token]/ HTTP/1.1"


def test_other_requests_keep_their_address_in_the_access_log():
    atoms = _atoms("/en/forum/", method="GET")

    assert atoms["h"] == ADDRESS and atoms["{x-forwarded-for}i"] == FORWARDED


def test_no_django_request_log_holds_the_token_or_the_request_of_a_reporter(client, caplog, settings):
    settings.SAFEGUARDING_REPORTS_PER_HOUR = 1
    concern, token = reported()
    caplog.set_level(logging.INFO)

    client.get(follow_up_url(token + "x"), REMOTE_ADDR=ADDRESS)  # a 404
    client.post(follow_up_url(token), {"text": ""}, REMOTE_ADDR=ADDRESS)  # a 400
    client.post(report_url(), {}, REMOTE_ADDR=ADDRESS)  # a 400
    client.post(report_url(), VALID, REMOTE_ADDR=ADDRESS)
    client.post(report_url(), VALID, REMOTE_ADDR=ADDRESS)  # a 429
    logging.getLogger("django.security.csrf").warning("Forbidden (%s): %s", "CSRF cookie not set.", report_url())

    lines = [record.getMessage() for record in caplog.records]
    assert any("Not Found: /en/safeguarding/follow-up/[token]" in line for line in lines)
    assert any("Too Many Requests: /en/safeguarding/report/" in line for line in lines)
    assert not [line for line in lines if token in line or ADDRESS in line]
    assert not [record for record in caplog.records if hasattr(record, "request")]


def _mail_admins() -> AdminEmailHandler:
    return next(h for h in logging.getLogger("django").handlers if isinstance(h, AdminEmailHandler))


def test_a_record_about_the_report_page_loses_its_request_before_the_error_email():
    request = RequestFactory().post(report_url(), REMOTE_ADDR=ADDRESS)
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x",), None)
    record.request = request

    assert _mail_admins().filter(record)
    assert not hasattr(record, "request")


def test_the_development_servers_lines_hold_no_token_and_lose_their_socket():
    concern, token = reported()
    handler = next(h for h in logging.getLogger("django.server").handlers if isinstance(h.formatter, ServerFormatter))
    line = f"POST {follow_up_url(token)} HTTP/1.1"
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s', (line, 200, 12), None)
    record.request = types.SimpleNamespace(getpeername=lambda: (ADDRESS, 5000))

    assert handler.filter(record)
    assert record.getMessage() == '"POST /en/safeguarding/follow-up/[token]/ HTTP/1.1" 200 12'
    assert not hasattr(record, "request")
    report_line = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s %s', ("", 200, 1), None)
    report_line.args = (f"POST {report_url()} HTTP/1.1", 200, 1)
    report_line.request = object()
    assert RedactSurveyTokens().filter(report_line) and not hasattr(report_line, "request")


def test_the_static_files_a_reporters_page_loads_are_logged_without_the_address_or_the_referer():
    atoms = _atoms("/static/js/copy-link.js", method="GET", referer="/km/safeguarding/report/")

    assert atoms["h"] == "-" and atoms["{x-forwarded-for}i"] == "-" and atoms["f"] == "-"
    assert atoms["r"] == "GET /static/js/copy-link.js HTTP/1.1"
    assert _atoms("/static/js/app.js", method="GET", referer="/en/forum/")["h"] == ADDRESS
