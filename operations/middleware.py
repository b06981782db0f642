"""PostgreSQL down or restarting: the request answers a clean 503 page with Retry-After, never a 500.

A view that fails on its database connection (django.db.OperationalError, InterfaceError) writes nothing half-way:
every service that writes runs in transaction.atomic, so the transaction in flight is rolled back with the
connection. Django closes a connection that failed at the end of the request, and CONN_HEALTH_CHECKS checks a
persistent one before the next request uses it, so the site comes back by itself when the database does."""

from django.contrib.auth.models import AnonymousUser

from .views import DATABASE_DOWN, database_unavailable


class DatabaseUnavailableMiddleware:
    """The 503 page for a view (or its template) whose database connection fails. A failure in another middleware
    (reading the session or the user) reaches config.urls' handler500, operations.views.server_error, which answers
    the same page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            # The page is the same for everyone: the middlewares on the way out (people.private_pages) must not
            # ask the database again who the person is.
            request.user = AnonymousUser()
            return database_unavailable(request, exception)
        return None
