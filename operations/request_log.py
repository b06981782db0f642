"""The request id and the one log line per request (logger `operations.requests`, INFO).

A request keeps the X-Request-ID it came with when that is a safe short token (a load balancer's), else gets a
new one; it is held in operations.logs.current_request_id while the request is served (every line logged
meanwhile carries it, and operations.backend stores it with the tasks the request enqueues) and sent back in the
X-Request-ID response header.

The line says the method, the path (never the query string), the status, the duration and the user's id. Never an
address or an e-mail address. A token in the path is written "[token]"; the pages of anonymous people (a survey's
answer link, a safeguarding report, its follow-up link) are written by their route's name and without a user,
so that no line ties a moment to who answered or reported."""

import logging
import time

from django.utils.functional import SimpleLazyObject, empty

from .logs import current_request_id, milliseconds_since, new_request_id, safe_request_id

logger = logging.getLogger("operations.requests")

# The routes whose requests name nobody (surveys/urls.py, safeguarding/urls.py).
ANONYMOUS_ROUTES = frozenset({"surveys:answer", "safeguarding:report", "safeguarding:follow_up"})
# URL keyword arguments that are credentials (survey, follow-up, invitation, consent, station and calendar links).
TOKEN_KWARGS = frozenset({"token"})
REDACTED = "[token]"


def _user_id(request) -> int | None:
    """The signed-in user's id if the page already looked the user up: a log line never costs a query."""
    user = request.__dict__.get("user")
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


def request_fields(request, status: int, duration_ms: float) -> dict:
    """What the line of a served request says."""
    match = getattr(request, "resolver_match", None)
    fields = {"method": request.method, "status": status, "duration_ms": duration_ms}
    if match is not None and match.view_name in ANONYMOUS_ROUTES:
        return {**fields, "path": match.view_name}
    path = request.path
    for name, value in match.kwargs.items() if match is not None else ():
        if name in TOKEN_KWARGS and value:
            path = path.replace(str(value), REDACTED)
    return {**fields, "path": path, "user_id": _user_id(request)}


class RequestLogMiddleware:
    """Near the top of MIDDLEWARE (after SecurityMiddleware), so the id covers every other middleware's lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = safe_request_id(request.headers.get("X-Request-ID")) or new_request_id()
        reset = current_request_id.set(request_id)
        start = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            fields = request_fields(request, response.status_code, milliseconds_since(start))
            logger.info(
                "%s %s %s %sms", fields["method"], fields["path"], fields["status"], fields["duration_ms"], extra=fields
            )
            return response
        finally:
            current_request_id.reset(reset)
