"""Hot rank: votes and replies, decaying with age. Stored in Discussion.hot_rank and
refreshed by the worker over the active window, never computed in ORDER BY."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tribune.discussions.models import Discussion

ACTIVE_WINDOW = timedelta(days=7)
GRAVITY = 1.8


def hot_rank(score: int, responses: int, created_at: datetime, now: datetime) -> float:
    """Hacker News' shape: points over (age in hours + 2) ^ gravity. A response counts as
    half a vote, so a lively unvoted thread still rises."""
    points = max(score, 0) + responses / 2 + 1
    hours = max((now - created_at).total_seconds(), 0) / 3600
    return points / math.pow(hours + 2, GRAVITY)


def do_refresh_hot_ranks(now: datetime | None = None, batch: int = 500) -> int:
    """Recompute hot_rank for discussions active in the window; older ones decay to zero."""
    now = now or timezone.now()
    since = now - ACTIVE_WINDOW
    updated = 0
    rows = Discussion.objects.filter(last_activity_at__gte=since).values_list(
        "id", "score", "response_count", "created_at"
    )
    chunk: list[Discussion] = []
    for pk, score, responses, created in rows.iterator(chunk_size=batch):
        chunk.append(Discussion(pk=pk, hot_rank=hot_rank(score, responses, created, now)))
        if len(chunk) >= batch:
            updated += _save(chunk)
            chunk = []
    updated += _save(chunk)
    with transaction.atomic():
        Discussion.objects.filter(last_activity_at__lt=since, hot_rank__gt=0).update(hot_rank=0)
    return updated


def _save(chunk: list[Discussion]) -> int:
    if chunk:
        with transaction.atomic():
            Discussion.objects.bulk_update(chunk, ["hot_rank"])
    return len(chunk)
