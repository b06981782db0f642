"""Personal links stay out of the logs: survey links, and the invitation links of nominations
(`/<lang>/forum/<slug>/invitation/<token>/`) and of company enrolments (`/<lang>/trainings/invitation/<token>/`), also
when a sign-in or sign-up page carries one in its `next` parameter (URL-encoded). Survey links first: the token in
`/<lang>/surveys/<token>/` is the credential of a person's
invitation (surveys.views): a request log line holding it would tie a moment, an address and, for a signed-in
person, a session to that person's answers. The request loggers (django.request, django.security.*, django.server;
gunicorn's access and error logs through config.gunicorn_logging) pass their lines through `redact`, which keeps the
path's shape and drops the token. Nothing here imports Django or gunicorn: gunicorn's master loads it before the
site."""

import logging
import re

# A segment after /surveys/ (with or without a language prefix, inside a full URL or a request line), except the
# organiser's and the results pages, whose segments are numbers of surveys, not credentials.
SURVEY_TOKEN = re.compile(r"(?<!/organiser)(/surveys/)(?!results/)[^/?#\s\"']+")
# A segment after /invitation/, as it is or URL-encoded (%2Finvitation%2F) in a query string.
INVITATION_TOKEN = re.compile(r"(/invitation/|%2Finvitation%2F)[^/?#&%\s\"']+", re.IGNORECASE)
REDACTED = "[token]"


def redact(text: str) -> str:
    return INVITATION_TOKEN.sub(rf"\g<1>{REDACTED}", SURVEY_TOKEN.sub(rf"\g<1>{REDACTED}", text))


def _names_a_token(request) -> bool:
    """Whether a Django request's path or Referer holds a survey token (gunicorn's and the development server's
    records carry a socket or nothing: no)."""
    get_full_path = getattr(request, "get_full_path", None)
    if get_full_path is None:
        return False
    seen = f"{get_full_path()} {getattr(request, 'META', {}).get('HTTP_REFERER', '')}"
    return redact(seen) != seen


class RedactSurveyTokens(logging.Filter):
    """A logger's or a handler's filter: a record whose message names a survey link is rewritten with the token left
    out, and a record loses the request it carries when the message or that request names one (django.request and
    django.security.* attach it; the error e-mail would print its path, Referer and POST, even under a message
    that names no path, such as a refused Host header's)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
            record.__dict__.pop("request", None)
        elif _names_a_token(record.__dict__.get("request")):
            record.__dict__.pop("request", None)
        return True
