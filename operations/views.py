"""Health and the unavailable pages: /readyz (operations.health decides), the 503 page a request gets when the
database connection fails or the file storage cannot be reached (operations.middleware), and the 500 handler that
answers that page too when the failure came from outside a view (a middleware reading the session or the user)."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache

from documents.storage_errors import storage_down

from . import health

logger = logging.getLogger(__name__)

# What a database down or restarting raises (psycopg's and SQLite's errors arrive as these).
DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every required check passes ("ok", or "degraded" when Redis is down: pages still work), else 503;
    one entry per check, nothing personal. Public, no language prefix."""
    checks = health.readiness()
    ready = all(check.ok for check in checks if check.required)
    status = "unavailable" if not ready else "ok" if all(check.ok for check in checks) else "degraded"
    return JsonResponse(
        {"status": status, "checks": {check.name: check.as_json() for check in checks}},
        status=200 if ready else 503,
    )


def _unavailable(*, files: bool, retry_after: int) -> HttpResponse:
    """The 503 page, rendered without the database (no context processor, no user: templates/503.html stands
    alone), in the language the request was served in, with Retry-After; `files` says the storage failed."""
    response = HttpResponse(render_to_string("503.html", {"files": files}), status=503)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.warning("Database unavailable for %s %s (%s): 503.", request.method, request.path, type(error).__name__)
    return _unavailable(files=False, retry_after=settings.DATABASE_UNAVAILABLE_RETRY_AFTER)


def storage_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """The same page when the file storage fails (`storage_down`): files are unavailable for a moment."""
    logger.warning("File storage unavailable for %s %s (%s): 503.", request.method, request.path, type(error).__name__)
    return _unavailable(files=True, retry_after=settings.STORAGE_UNAVAILABLE_RETRY_AFTER)


def unavailable_page(request: HttpRequest, error: BaseException | None) -> HttpResponse | None:
    """The 503 page when `error` is the database's connection or the file storage's; None for any other error."""
    if isinstance(error, DATABASE_DOWN):
        return database_unavailable(request, error)
    if error is not None and storage_down(error):
        return storage_unavailable(request, error)
    return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django's, except when the error is the database's connection or the file storage's (see the
    module's docstring)."""
    return unavailable_page(request, sys.exception()) or defaults.server_error(request)
