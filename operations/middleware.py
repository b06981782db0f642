"""PostgreSQL down or restarting, or the file storage unreachable: the request answers a clean 503 page with
Retry-After, never a 500.

A view that fails on its database connection (django.db.OperationalError, InterfaceError) writes nothing half-way:
every service that writes runs in transaction.atomic, so the transaction in flight is rolled back with the
connection. Django closes a connection that failed at the end of the request, and CONN_HEALTH_CHECKS checks a
persistent one before the next request uses it, so the site comes back by itself when the database does.

A view whose file storage fails (S3 unreachable, timing out, answering 5xx or SlowDown:
documents.storage_errors.storage_down) gets the same page, saying the files are unavailable for a moment. An
upload is saved by the model's save() inside the service's transaction, which the failure rolls back. A file missing
from the storage is no failure of it: the views answer 404 as before."""

from django.contrib.auth.models import AnonymousUser

from .views import DATABASE_DOWN, unavailable_page


class DatabaseUnavailableMiddleware:
    """The 503 page for a view (or its template) whose database connection or file storage fails. A failure in
    another middleware (reading the session or the user) reaches config.urls' handler500,
    operations.views.server_error, which answers the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            # The page is the same for everyone: the middlewares on the way out (people.private_pages) must not
            # ask the database again who the person is.
            request.user = AnonymousUser()
        return unavailable_page(request, exception)
