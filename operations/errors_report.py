"""Optional error reporting to Sentry (or a compatible server) when `SENTRY_DSN` is set, with personal data
scrubbed from every event before it leaves the machine (`scrub_event`, sentry_sdk's `before_send`).

What an event keeps: the exception's type, its message and its stack (file, function, line, source) without the
frames' local variables; the request's method, its URL without query string and a few headers that name nobody;
the user's id only; log breadcrumbs' messages. Any e-mail address and anything that looks like a token (a personal
link's segment, a long random string) in a message, an exception's text, a breadcrumb or an extra is replaced.
The event is tagged with the request id, so it can be found in the logs. sentry_sdk is imported only by
`sentry_init`, and only when the settings give it a DSN."""

from typing import Any

from config.log_redaction import scrub_text

from .logs import current_request_id

# The request headers an event may keep: none names a person, holds a credential or an address.
SAFE_HEADERS = frozenset({"accept", "accept-language", "content-length", "content-type", "host", "user-agent"})
# A breadcrumb's data keys that may stay (an HTTP call's method and status; its URL is scrubbed apart).
SAFE_BREADCRUMB_DATA = frozenset({"method", "status_code", "reason", "http.method", "http.response.status_code"})


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    return value


def _url(url: str) -> str:
    return scrub_text(url.split("?", 1)[0].split("#", 1)[0])


def _request(request: dict) -> dict:
    headers = request.get("headers") or {}
    return {
        "method": request.get("method"),
        "url": _url(request.get("url") or ""),
        "headers": {name: _scrub(value) for name, value in headers.items() if name.lower() in SAFE_HEADERS},
    }


def _frames(stacktrace: dict | None) -> None:
    for frame in (stacktrace or {}).get("frames") or []:
        frame.pop("vars", None)


def _breadcrumb(crumb: dict) -> dict:
    data = crumb.get("data") or {}
    kept = {key: value for key, value in data.items() if key in SAFE_BREADCRUMB_DATA}
    if isinstance(data.get("url"), str):
        kept["url"] = _url(data["url"])
    return {
        **{key: crumb[key] for key in ("type", "category", "level", "timestamp") if key in crumb},
        "message": _scrub(crumb.get("message")),
        "data": kept,
    }


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """sentry_sdk's before_send (and before_send_transaction): the event without personal data."""
    if "request" in event:
        event["request"] = _request(event["request"])
    user = event.get("user") or {}
    event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = _scrub(exception.get("value"))
        _frames(exception.get("stacktrace"))
    for thread in (event.get("threads") or {}).get("values") or []:
        _frames(thread.get("stacktrace"))
    for key in ("message", "logentry", "extra", "transaction"):
        if key in event:
            event[key] = _scrub(event[key])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [_breadcrumb(crumb) for crumb in breadcrumbs.get("values") or []]
    elif isinstance(breadcrumbs, list):
        event["breadcrumbs"] = [_breadcrumb(crumb) for crumb in breadcrumbs]
    if request_id := current_request_id.get():
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(*, dsn: str, environment: str, release: str) -> None:
    """Start reporting errors to `dsn`, every event through `scrub_event`; without a DSN, nothing (and no import)."""
    if not dsn:
        return
    import sentry_sdk  # only with a DSN: without one, the site never loads it
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
