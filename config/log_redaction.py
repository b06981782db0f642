"""Survey links stay out of the logs. The token in `/<lang>/surveys/<token>/` is the credential of a person's
invitation (surveys.views): a request log line holding it would tie a moment, an address and, for a signed-in
person, a session to that person's answers. The request loggers (django.request, django.server; gunicorn's access
log through config.gunicorn_logging) pass their lines through `redact`, which keeps the path's shape and drops the
token. Nothing here imports Django or gunicorn: gunicorn's master loads it before the site."""

import logging
import re

# A segment after /surveys/ (with or without a language prefix, inside a full URL or a request line), except the
# organiser's and the results pages, whose segments are numbers of surveys, not credentials.
SURVEY_TOKEN = re.compile(r"(?<!/organiser)(/surveys/)(?!results/)[^/?#\s\"']+")
REDACTED = "[token]"


def redact(text: str) -> str:
    return SURVEY_TOKEN.sub(rf"\g<1>{REDACTED}", text)


class RedactSurveyTokens(logging.Filter):
    """A logger's filter: a record whose message names a survey link is rewritten with the token left out, and
    loses the request it carries (django.request attaches it; the error e-mail would print its path and POST)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
            record.__dict__.pop("request", None)
        return True
