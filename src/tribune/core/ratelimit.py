"""Rate limits: fixed-window counters in the cache (shared across processes with Redis)."""

from __future__ import annotations

import time
from dataclasses import dataclass

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
    """The client's address as the server saw it (REMOTE_ADDR). Forwarded headers are not
    trusted: anyone can send them."""
    return str(request.META.get("REMOTE_ADDR", "unknown"))
