"""When each source is fetched next, and how workers claim due sources without overlap.

Intervals adapt to how often a source publishes (the gaps between its recent entries), never
go below the site's minimum or a server's Cache-Control max-age / Retry-After, and failing
sources back off exponentially with jitter up to the maximum: slower, never abandoned.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tribune.news.models import Source

WEEK = 7 * 24 * 3600


@dataclass(frozen=True)
class Limits:
    min_interval: int = 900
    max_interval: int = 86400

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(
            min_interval=int(getattr(settings, "FETCH_MIN_INTERVAL", 900)),
            max_interval=int(getattr(settings, "FETCH_MAX_INTERVAL", 86400)),
        )


def _clamp(seconds: float, limits: Limits) -> int:
    return int(min(max(seconds, limits.min_interval), limits.max_interval))


def publishing_interval(published: Iterable[datetime | None], now: datetime, limits: Limits) -> int:
    """Seconds between polls for a source that published these entries: half the average gap
    between its entries of the last week (an hourly source is polled every half hour, a daily
    one twice a day), the maximum for a silent one. Half the gap catches most new entries
    within a gap of their publication without polling a slow source all day."""
    recent = sorted(
        p for p in published if p is not None and 0 <= (now - p).total_seconds() <= WEEK
    )
    if not recent:
        return limits.max_interval
    if len(recent) == 1:
        return _clamp(WEEK / 2, limits)
    gap = (recent[-1] - recent[0]).total_seconds() / (len(recent) - 1)
    return _clamp(gap / 2, limits)


def honor_server(
    interval: int, max_age: float | None, retry_after: float | None, limits: Limits
) -> int:
    """A server's own caching and retry hints lengthen the wait, up to the maximum."""
    wait = float(interval)
    for hint in (max_age, retry_after):
        if hint is not None and hint > wait:
            wait = hint
    return _clamp(wait, limits)


def backoff(
    error_count: int,
    limits: Limits,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> int:
    """Wait after the n-th failure in a row: min * 2^(n-1), capped, with ±20% jitter so a
    burst of failures does not retry in lockstep."""
    rng = rng or random.Random()
    base = limits.min_interval * 2 ** min(max(error_count - 1, 0), 20)
    wait = min(base, limits.max_interval) * rng.uniform(0.8, 1.2)
    if retry_after is not None:
        wait = max(wait, retry_after)
    return int(min(wait, limits.max_interval))


def due_sources() -> Q:
    now = timezone.now()
    return Q(kind=Source.Kind.FEED, is_active=True, next_fetch_at__lte=now) & (
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    )


def claim_due(limit: int, lease: timedelta = timedelta(minutes=10)) -> list[Source]:
    """Lease up to `limit` due sources to this worker.

    On PostgreSQL, FOR UPDATE SKIP LOCKED lets many workers claim at once without waiting on
    each other or taking the same row. On SQLite the clause is a no-op and the IMMEDIATE
    transaction serializes claimers instead. The lease expires, so a crashed worker's sources
    come back by themselves.
    """
    now = timezone.now()
    with transaction.atomic():
        # Whole rows: the refresh needs them, and one query per batch beats one per source.
        sources = list(
            Source.objects.select_for_update(skip_locked=True)
            .filter(due_sources())
            .order_by("next_fetch_at")[:limit]
        )
        if sources:
            Source.objects.filter(id__in=[s.pk for s in sources]).update(leased_until=now + lease)
    return sources


def seconds_until_next_due() -> float | None:
    nxt = (
        Source.objects.filter(kind=Source.Kind.FEED, is_active=True, next_fetch_at__isnull=False)
        .order_by("next_fetch_at")
        .values_list("next_fetch_at", flat=True)
        .first()
    )
    if nxt is None:
        return None
    return max((nxt - timezone.now()).total_seconds(), 0.0)
