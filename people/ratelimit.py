"""Counting what public pages receive, to refuse a flood: the client's address, and counters in the shared cache.

A counter's key holds an HMAC (with SECRET_KEY) of what it counts, never the thing itself: a key that spelled an
address or a personal link would be a record of who came, kept in the cache."""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address. Behind N trusted proxies (setting CERTIFICATES_TRUSTED_PROXY_COUNT), the N-th address
    from the right of X-Forwarded-For, which those proxies appended; a client cannot forge it."""
    proxies = settings.CERTIFICATES_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` events of one subject (an address, a link) in `scope`, per fixed window of `window` seconds.
    Ask `reached` before acting (a quick refusal), and `take` right before doing it: what is refused (a form sent
    back with an error) costs nothing, and a burst of parallel requests is counted before any acts."""

    scope: str
    limit: int
    window: int

    def key(self, subject: str) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"{self.scope}\n{subject}".encode(), hashlib.sha256)
        return f"ratelimit:{self.scope}:{digest.hexdigest()}:{int(time.time() // self.window)}"

    def reached(self, subject: str) -> bool:
        return cache.get(self.key(subject), 0) >= self.limit

    def take(self, subject: str) -> bool:
        """Count one event now and say whether it is within the limit: the counter is raised first (atomically in
        the cache), so parallel requests cannot all pass a check made before any of them counted."""
        key = self.key(subject)
        if cache.add(key, 1, timeout=self.window + 60):
            return self.limit >= 1
        try:
            value = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window + 60)
            value = 1
        return value <= self.limit

    def count(self, subject: str) -> None:
        key = self.key(subject)
        if cache.add(key, 1, timeout=self.window + 60):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window + 60)
