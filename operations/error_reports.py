"""Optional error reporting to Sentry (SENTRY_DSN), with personal data scrubbed before anything leaves the server.

Sent: the exception, its stack (file, line, function; no local variables), the request's method and its path without
query string and with personal links' tokens taken out, the request id, the release and environment. Never sent:
request bodies, cookies, query strings, headers other than a few harmless ones, the user (beyond nothing: no id,
address or IP), local variables, and any e-mail address or long token in a message or breadcrumb."""

import re

from config.log_redaction import redact

KEPT_HEADERS = {"content-type", "content-length", "user-agent", "accept-language", "x-request-id"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A run of 20+ URL-safe characters: a token, a key, a session id.
TOKEN = re.compile(r"[A-Za-z0-9_:-]{20,}")


def scrub_text(text: str) -> str:
    return TOKEN.sub("[token]", EMAIL.sub("[email]", redact(text)))


def _scrub(value):
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    return value


def before_send(event: dict, hint) -> dict:
    """Sentry's before_send (and before_breadcrumb through `_scrub`): the event without personal data."""
    request = event.get("request")
    if request:
        event["request"] = {
            "method": request.get("method"),
            "url": scrub_text(str(request.get("url", "")).split("?", 1)[0]),
            "headers": {
                name: value for name, value in (request.get("headers") or {}).items() if name.lower() in KEPT_HEADERS
            },
        }
    event.pop("user", None)
    event.pop("extra", None)
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = scrub_text(str(exception.get("value", "")))
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values", []):
        for frame in (thread.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    if "logentry" in event:
        event["logentry"] = _scrub(event["logentry"])
    if "message" in event:
        event["message"] = _scrub(event["message"])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        breadcrumbs["values"] = [_scrub(crumb) for crumb in breadcrumbs.get("values", [])]
    return event


def sentry_init(*, dsn: str, environment: str) -> None:
    """Called by settings when SENTRY_DSN is set (sentry_sdk is imported only then)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_breadcrumb=lambda crumb, hint: _scrub(crumb),
    )
