"""Rate limits: fixed-window counters in the cache (shared across processes with Redis)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # allowed hits per window
    window: int  # seconds


class RateLimited(Exception):
    def __init__(self, limit: Limit, retry_after: int) -> None:
        super().__init__(f"Too many attempts; try again in {retry_after} s.")
        self.limit = limit
        self.retry_after = retry_after


def hit(limit: Limit, key: str) -> None:
    """Count one attempt for `key` (a user id, an IP); raise RateLimited past the limit."""
    window_start = int(time.time()) // limit.window * limit.window
    cache_key = f"rl:{limit.name}:{key}:{window_start}"
    # add() then incr() is atomic on Redis and within one process on the local-memory cache.
    if cache.add(cache_key, 1, timeout=limit.window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=limit.window + 5)
            count = 1
    if count > limit.count:
        raise RateLimited(limit, max(1, window_start + limit.window - int(time.time())))


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind TRIBUNE_PROXY_COUNT reverse proxies the
    address the outermost of them saw (the N-th entry from the right of X-Forwarded-For).
    Entries further left are whatever the client wrote, so they are never trusted."""
    hops = settings.PROXY_COUNT
    if hops > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return str(forwarded[-hops])
    return str(request.META.get("REMOTE_ADDR", "unknown"))
