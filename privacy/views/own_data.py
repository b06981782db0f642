"""Everyone's own data (issue 19): the page that says what the download holds, and the download itself, a ZIP of
everything the site keeps about the signed-in person (privacy.export), in their language. A download is counted
per account (people.ratelimit, under an HMAC of the account's id): DOWNLOADS_PER_HOUR in an hour, then the page
again with a refusal (429)."""

from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from people.permissions import MemberRequiredMixin
from people.private_pages import private_response
from people.ratelimit import RateLimit

from ..export import archive_name, contents, own_data_archive

HOUR = 3600
# A person needs one download, perhaps a second; more than this in an hour is a script, or a session left open.
DOWNLOADS_PER_HOUR = 5
TOO_MANY = _("You have downloaded your data several times in the last hour. Wait an hour and try again.")


class OwnDataView(MemberRequiredMixin, View):
    """GET: what the download holds, with its button; POST: the ZIP (my-data-YYYY-MM-DD.zip), never cached."""

    template_name = "privacy/own_data.html"
    limit = RateLimit(scope="privacy:own-data", limit=DOWNLOADS_PER_HOUR, window=HOUR)

    def _page(self, request, *, error: str = "", status: int = 200):
        return render(request, self.template_name, {"contents": contents(), "error": error}, status=status)

    def get(self, request):
        return self._page(request)

    def post(self, request):
        if not self.limit.take(str(request.user.pk)):
            response = self._page(request, error=TOO_MANY, status=429)
            response["Retry-After"] = str(HOUR)
            return response
        response = FileResponse(
            own_data_archive(request.user),
            as_attachment=True,
            filename=archive_name(timezone.localdate()),
            content_type="application/zip",
        )
        return private_response(response)
