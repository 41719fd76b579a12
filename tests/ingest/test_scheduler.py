import random
from datetime import timedelta

import pytest
from django.utils import timezone

from tribune.ingest.scheduler import Limits, backoff, claim_due, honor_server, publishing_interval
from tribune.news.models import Source

LIMITS = Limits(min_interval=900, max_interval=86400)


def test_a_source_publishing_hourly_is_polled_every_half_hour():
    now = timezone.now()
    published = [now - timedelta(hours=h) for h in range(48)]
    assert publishing_interval(published, now, LIMITS) == 1800


def test_a_source_publishing_every_five_minutes_is_polled_at_the_minimum():
    now = timezone.now()
    published = [now - timedelta(minutes=5 * i) for i in range(50)]
    assert publishing_interval(published, now, LIMITS) == 900


def test_a_source_publishing_twice_a_day_is_polled_every_six_hours():
    now = timezone.now()
    published = [now - timedelta(hours=12 * h) for h in range(14)]
    assert publishing_interval(published, now, LIMITS) == pytest.approx(6 * 3600, rel=0.01)


def test_a_silent_source_is_polled_at_the_maximum():
    now = timezone.now()
    assert publishing_interval([now - timedelta(days=30), None], now, LIMITS) == 86400


def test_server_max_age_and_retry_after_lengthen_the_wait_up_to_the_cap():
    assert honor_server(900, max_age=3600, retry_after=None, limits=LIMITS) == 3600
    assert honor_server(900, max_age=None, retry_after=7200, limits=LIMITS) == 7200
    assert honor_server(900, max_age=10**9, retry_after=None, limits=LIMITS) == 86400
    assert honor_server(3600, max_age=60, retry_after=None, limits=LIMITS) == 3600


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    rng = random.Random(1)
    waits = [backoff(n, LIMITS, rng=rng) for n in range(1, 12)]
    assert 0.8 * 900 <= waits[0] <= 1.2 * 900
    assert 0.8 * 1800 <= waits[1] <= 1.2 * 1800
    assert 0.8 * 3600 <= waits[2] <= 1.2 * 3600
    assert all(w <= 86400 for w in waits)
    assert waits[-1] >= 0.8 * 86400  # still polled, never abandoned


def test_backoff_respects_retry_after():
    assert backoff(1, LIMITS, retry_after=20000, rng=random.Random(0)) >= 20000


@pytest.mark.django_db
def test_claiming_leases_due_sources_once():
    now = timezone.now()
    due = [
        Source.objects.create(
            slug=f"s{i}",
            feed_url=f"https://s{i}.test/feed",
            next_fetch_at=now - timedelta(minutes=1),
        )
        for i in range(5)
    ]
    Source.objects.create(
        slug="later", feed_url="https://later.test/feed", next_fetch_at=now + timedelta(hours=1)
    )
    Source.objects.create(
        slug="off", feed_url="https://off.test/feed", next_fetch_at=now, is_active=False
    )
    first = [s.pk for s in claim_due(3)]
    second = [s.pk for s in claim_due(10)]
    assert len(first) == 3
    assert sorted(first + second) == sorted(s.pk for s in due)
    assert claim_due(10) == []


@pytest.mark.django_db
def test_an_expired_lease_is_claimed_again():
    now = timezone.now()
    source = Source.objects.create(
        slug="s", feed_url="https://s.test/feed", next_fetch_at=now - timedelta(minutes=1)
    )
    assert claim_due(1, lease=timedelta(seconds=-1)) == [source]
    assert claim_due(1) == [source]


@pytest.mark.django_db(transaction=True)
def test_a_claimer_skips_rows_another_worker_holds_instead_of_waiting():
    import threading
    import time

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serializes whole transactions instead")
    now = timezone.now()
    held = Source.objects.create(
        slug="held", feed_url="https://held.test/f", next_fetch_at=now - timedelta(minutes=2)
    )
    free = Source.objects.create(
        slug="free", feed_url="https://free.test/f", next_fetch_at=now - timedelta(minutes=1)
    )
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            list(Source.objects.select_for_update().filter(pk=held.pk))
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(5)
    started = time.monotonic()
    claimed = [s.pk for s in claim_due(10)]
    elapsed = time.monotonic() - started
    release.set()
    holder.join()
    assert claimed == [free.pk]
    assert elapsed < 2
