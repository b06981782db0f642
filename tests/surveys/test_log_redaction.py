"""Survey tokens stay out of the logs beyond the request lines (tests/surveys/test_answer_page.py): a record whose
message names no path but whose request is a survey page's (a refused Host header on it) loses that request before
the error e-mail prints it, and gunicorn's error log ("Error handling request <uri>") leaves the token out."""

import logging

from django.test import RequestFactory
from django.utils.log import AdminEmailHandler
from gunicorn.config import Config

from config.gunicorn_logging import RedactingLogger
from config.log_redaction import redact

TOKEN = "s3cr3t-t0ken-of-an-invitation"
PATH = f"/km/surveys/{TOKEN}/"


def _record(name: str, message: str, *args, **extra) -> logging.LogRecord:
    record = logging.LogRecord(name, logging.ERROR, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def _mail_admins() -> AdminEmailHandler:
    return next(h for h in logging.getLogger("django").handlers if isinstance(h, AdminEmailHandler))


def test_a_record_on_a_survey_page_whose_message_names_no_path_loses_its_request():
    request = RequestFactory().post(PATH, HTTP_HOST="evil.example")
    record = _record("django.security.DisallowedHost", "Invalid HTTP_HOST header: %r.", "evil.example", request=request)

    assert _mail_admins().filter(record)
    assert not hasattr(record, "request")


def test_a_request_whose_referer_is_a_survey_link_is_left_out_too():
    request = RequestFactory().get("/en/", HTTP_REFERER=f"https://forum.example.org{PATH}")
    record = _record("django.request", "Internal Server Error: %s", "/en/", request=request)

    assert _mail_admins().filter(record)
    assert not hasattr(record, "request")


def test_other_requests_keep_theirs_for_the_error_email():
    request = RequestFactory().get("/en/forum/")
    record = _record("django.request", "Internal Server Error: %s", "/en/forum/", request=request)

    assert _mail_admins().filter(record)
    assert record.request is request


def test_gunicorns_error_log_holds_no_survey_token():
    error_log = RedactingLogger(Config()).error_log
    record = _record("gunicorn.error", "Error handling request %s %s", "POST", PATH)

    assert error_log.filter(record)
    assert record.getMessage() == "Error handling request POST /km/surveys/[token]/"


def test_invitation_links_of_nominations_and_companies_are_left_out_also_inside_a_next_parameter():
    assert redact("GET /km/forum/atf-2027/invitation/Abc_12-xyz/ HTTP/1.1") == (
        "GET /km/forum/atf-2027/invitation/[token]/ HTTP/1.1"
    )
    assert redact("GET /en/trainings/invitation/eyJlIjoi:1t2:sig/") == "GET /en/trainings/invitation/[token]/"
    assert redact("GET /en/accounts/login/?next=%2Fen%2Fforum%2Fatf%2Finvitation%2FAbc_12-xyz%2F") == (
        "GET /en/accounts/login/?next=%2Fen%2Fforum%2Fatf%2Finvitation%2F[token]%2F"
    )
    assert redact("GET /en/forum/atf/delegation/ HTTP/1.1") == "GET /en/forum/atf/delegation/ HTTP/1.1"


def test_a_guardians_consent_link_is_left_out():
    assert redact("GET /km/forum/consent/abc:1t2Xy:signature/ HTTP/1.1") == "GET /km/forum/consent/[token]/ HTTP/1.1"
    assert redact("GET /en/forum/consent/answered/") == "GET /en/forum/consent/answered/"
