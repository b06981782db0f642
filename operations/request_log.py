"""One log line per request (logger `operations.requests`), with a request id that the response returns in
X-Request-ID and the tasks it enqueues keep (operations.logs, operations.backend).

The line holds the method, the path, the status, the time taken and the signed-in person's id. Never the query
string, an address (IP or e-mail) or a personal link's token: a path's token arguments are replaced by [token]
(config.log_redaction keeps the other log lines clean). The requests of a safeguarding reporter and of an anonymous
survey answer name nobody: their line has the URL pattern's name instead of the path, and no person."""

import logging
import time

from config.log_redaction import REDACTED, redact

from .logs import request_id, safe_request_id

logger = logging.getLogger("operations.requests")

# URL names whose requests name nobody (safeguarding's reporter, an anonymous survey's answer link).
ANONYMOUS = {"safeguarding:report", "safeguarding:follow_up", "surveys:answer"}
# A URL argument with one of these in its name is a credential, never written.
SECRET_ARGUMENTS = ("token", "key", "uid", "code")


def _path(request) -> tuple[str, str]:
    """(path as logged, URL name): the path with its secret arguments replaced."""
    match = getattr(request, "resolver_match", None)
    path = request.path
    if match is None:
        return redact(path), ""
    for name, value in match.kwargs.items():
        if any(part in name for part in SECRET_ARGUMENTS) and str(value):
            path = path.replace(str(value), REDACTED)
    return redact(path), match.view_name or ""


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_id.set(safe_request_id(request.headers.get("X-Request-ID")))
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id.get()
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id.reset(token)

    def _log(self, request, status: int, started: float) -> None:
        path, name = _path(request)
        line = {
            "request_id": request_id.get(),
            "method": request.method,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000),
        }
        if name in ANONYMOUS:
            line["view"] = name
        else:
            line["path"] = path
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                line["user_id"] = user.pk
        logger.info("%s %s %s", request.method, line.get("path", line.get("view")), status, extra=line)
