"""Check-in stations: the station's own three URLs (its page, manifest and sync; no login: the device's cookie is
its credential), and the organisers' pages (the stations and what they did offline, a new station, a new link,
revoking one, and the walk-in desk). The contract between the server and the station page is the docstring of
StationPageView and the shapes of forum.selectors.manifest and forum.services.checkins.

A station is found by its link's token in the URL. Its first opening spends the link and sets the cookie
`station-<pk>` (the device credential: HttpOnly, SameSite=Lax, Secure when the session cookie is, until the
station expires); afterwards the cookie alone lets a device in. Any other device, an expired or a revoked station:
the page answers 404 with an explanation, the manifest and the sync 403 JSON {"error": "revoked" | "expired" |
"forbidden"}.
"""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views import View

from people.inputs import InvalidJSON, json_loads
from people.permissions import PublicMixin
from people.private_pages import private_response

from ..errors import InvalidScan, StationRefused
from ..selectors.manifest import station_manifest
from ..selectors.stations import station_by_token
from ..services.checkins import scan_from_data, scans_sync
from ..services.stations import station_device_check, station_open

REFUSED_TEMPLATE = "forum/station_refused.html"


def cookie_name(station) -> str:
    return f"station-{station.pk}"


def _refused_page(request, station=None):
    language = station.language if station is not None else translation.get_language()
    with translation.override(language):
        response = render(request, REFUSED_TEMPLATE, {"station": station}, status=404)
    return private_response(response)


class _StationMixin(PublicMixin):
    """The station of the URL and the device's check: `self.station`, or the refusal's code in `self.refusal`."""

    def station_checked(self, request, slug: str, token: str):
        station = station_by_token(slug=slug, token=token)
        if station is None:
            return None, "forbidden"
        try:
            station_device_check(station, secret=request.COOKIES.get(cookie_name(station)))
        except StationRefused as error:
            return station, error.code
        return station, None


def _json_refusal(code: str) -> JsonResponse:
    return private_response(JsonResponse({"error": code}, status=403))


class StationPageView(_StationMixin, View):
    """The station page, rendered in the station's language whatever the URL's prefix, from
    `forum/station.html` with this context:

    - `station`: the Station (name, day, session with its room, language, expires_at, admits_walk_ins);
    - `edition`: its ForumEdition;
    - `manifest_url`: the path of its manifest (GET JSON), `sync_url`: of its sync (POST JSON);
    - `csrf`: the CSRF token the sync's `X-CSRFToken` header carries;
    - `language`: the station's language code (the page's `lang`).

    The first opening of an unspent link sets the device's cookie; a device that has it opens the page again at
    the same URL (a reload, offline through the offline layer, the next morning)."""

    def get(self, request, slug: str, token: str):
        station, refusal = self.station_checked(request, slug, token)
        secret = None
        if refusal == "forbidden" and station is not None and station.opened_at is None:
            try:
                secret = station_open(station=station, token=token)
            except StationRefused:
                return _refused_page(request, station)
            station.refresh_from_db(fields=["opened_at", "device_hash"])
        elif refusal:
            return _refused_page(request, station)
        with translation.override(station.language):
            context = {
                "station": station,
                "edition": station.edition,
                "manifest_url": reverse("forum:station_manifest", kwargs={"slug": slug, "token": token}),
                "sync_url": reverse("forum:station_sync", kwargs={"slug": slug, "token": token}),
                "csrf": get_token(request),
                "language": station.language,
            }
            response = render(request, "forum/station.html", context)
        if secret is not None:
            response.set_cookie(
                cookie_name(station),
                secret,
                max_age=max(int((station.expires_at - timezone.now()).total_seconds()), 0),
                path="/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return private_response(response)


class StationManifestView(_StationMixin, View):
    """GET: the manifest (forum.selectors.manifest.station_manifest), never cached by anyone but the page."""

    def get(self, request, slug: str, token: str):
        station, refusal = self.station_checked(request, slug, token)
        if refusal:
            return _json_refusal(refusal)
        return private_response(
            JsonResponse(station_manifest(station=station), json_dumps_params={"separators": (",", ":")})
        )


class StationSyncView(_StationMixin, View):
    """POST JSON {"scans": [...]} (at most 500): {"results", "checked_in", "session", "synced_at"}
    (forum.services.checkins.scans_sync). A body it cannot read: 400 {"error": "..."} (the outbox drops it)."""

    http_method_names = ["post"]

    def post(self, request, slug: str, token: str):
        station, refusal = self.station_checked(request, slug, token)
        if refusal:
            return _json_refusal(refusal)
        try:
            payload = json_loads(request.body or b"{}")
            raw = payload.get("scans") if isinstance(payload, dict) else None
            if not isinstance(raw, list):
                raise InvalidScan
            scans = [scan_from_data(item) for item in raw]
            synced = scans_sync(station=station, scans=scans)
        except StationRefused as error:
            return _json_refusal(error.code)
        except (InvalidJSON, InvalidScan) as error:
            with translation.override(station.language):
                return JsonResponse({"error": str(error.message)}, status=400)
        return private_response(
            JsonResponse(
                {
                    "results": [result.as_json() for result in synced.results],
                    "checked_in": synced.checked_in,
                    "session": synced.session,
                    "synced_at": synced.synced_at.isoformat(),
                }
            )
        )
