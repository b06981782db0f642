"""Personal links stay out of the logs: survey links, guardians' consent links (`/<lang>/forum/consent/<token>/`), and
the invitation links of nominations
(`/<lang>/forum/<slug>/invitation/<token>/`) and of company enrolments (`/<lang>/trainings/invitation/<token>/`), also
when a sign-in or sign-up page carries one in its `next` parameter (URL-encoded). Survey links first: the token in
`/<lang>/surveys/<token>/` is the credential of a person's
invitation (surveys.views): a request log line holding it would tie a moment, an address and, for a signed-in
person, a session to that person's answers. The request loggers (django.request, django.security.*, django.server;
gunicorn's access and error logs through config.gunicorn_logging) pass their lines through `redact`, which keeps the
path's shape and drops the token. Nothing here imports Django or gunicorn: gunicorn's master loads it before the
site.

The safeguarding reporter's pages go further (safeguarding.views.report): the follow-up link's token in
`/<lang>/safeguarding/follow-up/<token>/` is left out like the others, and no request log records who sent a
report or opened a follow-up link: a record about a request to /safeguarding/report/ or /safeguarding/follow-up/
loses the request it carries (its address, its user, its cookies), and gunicorn's access log writes "-" for the
client's address, user, user agent and every header of such a request (`hides_client`).

`scrub_text` goes further still, for free text whose shape nobody knows (a JSON log line's message and exception
traceback, operations.logs; an error report's texts, operations.errors_report): any e-mail address and anything
that looks like a token (a personal link's segment, a long random string) is replaced."""

import logging
import re

# A segment after /surveys/ (with or without a language prefix, inside a full URL or a request line), except the
# organiser's and the results pages, whose segments are numbers of surveys, not credentials.
SURVEY_TOKEN = re.compile(r"(?<!/organiser)(/surveys/)(?!results/)[^/?#\s\"']+")
# A segment after /invitation/, as it is or URL-encoded (%2Finvitation%2F) in a query string.
INVITATION_TOKEN = re.compile(r"(/invitation/|%2Finvitation%2F)[^/?#&%\s\"']+", re.IGNORECASE)
# A segment after /safeguarding/follow-up/, as it is or URL-encoded in a query string.
FOLLOW_UP_TOKEN = re.compile(r"(/safeguarding/follow-up/|%2Fsafeguarding%2Ffollow-up%2F)[^/?#&%\s\"']+", re.IGNORECASE)
# A guardian's consent link: /forum/consent/<token>/ (the token holds a colon; "answered/" is a page, not a token).
CONSENT_TOKEN = re.compile(r"(/forum/consent/|%2Fforum%2Fconsent%2F)(?!answered/)[^/?#&%\s\"']+", re.IGNORECASE)
# The paths of a safeguarding reporter (with or without a language prefix): their requests name nobody.
REPORTER_PATH = re.compile(r"/safeguarding/(?:report|follow-up)/")
REDACTED = "[token]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# The segment after a personal link's prefix (surveys, follow-up, invitation, consent, stations, calendar feeds).
LINK_TOKEN = re.compile(r"(/(?:surveys|follow-up|invitation|consent|stations|my-agenda)/)(?!results/)[^/?#\s\"']+")
# A long random-looking run (secrets.token_urlsafe, signed values with colons, hex digests): 20 characters or more,
# with at least one digit and one letter, so that long words and identifiers stay readable. A UUID in its hyphenated
# form (the site's request ids, operations.logs.new_request_id; the task queue's ids) is no secret and ties the lines
# together: it stays (no token of the site has that form).
RANDOM_TOKEN = re.compile(
    r"(?<![\w:-])(?![0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![\w:-]))"
    r"(?=[\w:-]*\d)(?=[\w:-]*[A-Za-z])[\w:-]{20,}(?![\w:-])"
)


def redact(text: str) -> str:
    for pattern in (SURVEY_TOKEN, INVITATION_TOKEN, FOLLOW_UP_TOKEN, CONSENT_TOKEN):
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


def scrub_text(text: str) -> str:
    """`text` without e-mail addresses, personal links' tokens (also URL-encoded, `redact`) or random-looking runs."""
    text = redact(EMAIL.sub("[email]", text))
    text = LINK_TOKEN.sub(rf"\g<1>{REDACTED}", text)
    return RANDOM_TOKEN.sub(REDACTED, text)


def hides_client(path: str) -> bool:
    """Whether a request to `path` is a safeguarding reporter's, whose address and identity no log may record."""
    return bool(REPORTER_PATH.search(path or ""))


def _names_a_token(request) -> bool:
    """Whether a Django request's path or Referer holds a token, or its path is a safeguarding reporter's
    (gunicorn's and the development server's records carry a socket or nothing: no)."""
    get_full_path = getattr(request, "get_full_path", None)
    if get_full_path is None:
        return False
    seen = f"{get_full_path()} {getattr(request, 'META', {}).get('HTTP_REFERER', '')}"
    referer = getattr(request, "META", {}).get("HTTP_REFERER", "")
    return redact(seen) != seen or hides_client(get_full_path()) or hides_client(referer)


class RedactSurveyTokens(logging.Filter):
    """A logger's or a handler's filter: a record whose message names a personal link is rewritten with the token
    left out, and a record loses the request it carries when the message or that request names one, or is about a
    safeguarding reporter's page (django.request and django.security.* attach it; the error e-mail would print its
    path, Referer, POST, address and user, even under a message that names no path, such as a refused Host
    header's; the development server attaches its socket, which holds the client's address)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
            record.__dict__.pop("request", None)
        elif hides_client(message) or _names_a_token(record.__dict__.get("request")):
            record.__dict__.pop("request", None)
        # A JSON line's own `path` field (operations.request_log writes it; a path that no route matched is as sent).
        if isinstance(record.__dict__.get("path"), str):
            record.path = redact(record.path)
        return True
