"""The offline layer's service worker (static/js/offline-worker.js; the page side and how a page opts in are in
static/js/offline.js).

A service worker may only control pages under the folder it is served from, unless its response widens that with
`Service-Worker-Allowed`. Served from static files it could control nothing but /static/js/, and WhiteNoise would
need a setting to add the header; served here, this view sets the header to the whole site, so any page (the
roll-call now, a venue's check-in station later, under /<lang>/forum/) registers it with its own path as the scope,
and the file stays a plain JavaScript file beside the page script that uses it. `Cache-Control: no-cache`: the
browser asks again when it checks the worker for an update, so a deployed change reaches phones on their next
visit (static files, by contrast, are cached for good under hashed names).
"""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views import View

from people.permissions import PublicMixin

WORKER = "js/offline-worker.js"


class OfflineWorkerView(PublicMixin, View):
    """The service worker's script, for everyone (it is code, like any static file; what it keeps is decided by the
    page that registers it and by who is signed in there)."""

    def get(self, request):
        response = HttpResponse(Path(finders.find(WORKER)).read_bytes(), content_type="text/javascript; charset=utf-8")
        response["Service-Worker-Allowed"] = "/"
        patch_cache_control(response, no_cache=True)
        return response
