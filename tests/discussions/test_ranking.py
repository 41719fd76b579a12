"""Hot ranks: stored, refreshed by the worker every few minutes, and the list follows them."""

from __future__ import annotations

import re
import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.discussions.conftest import make_user, respond, start
from tribune.core.chores import run_due_chores
from tribune.discussions import actions, ranking
from tribune.discussions.models import Discussion
from tribune.ingest.worker import Worker

pytestmark = pytest.mark.django_db


def hot_titles(client) -> list[str]:
    html = client.get("/discussions/?sort=hot").content.decode()
    return re.findall(r'<h2 class="item-title"><a href="[^"]+">([^<]+)</a>', html)


def test_the_hot_list_follows_the_stored_rank_not_a_computed_one(client, ana):
    for title, rank in (("Low", 0.1), ("High", 9.0), ("Middle", 1.0)):
        Discussion.objects.filter(pk=start(ana, title).pk).update(hot_rank=rank)
    assert hot_titles(client) == ["High", "Middle", "Low"]


def test_a_refresh_puts_fresh_lively_discussions_above_old_ones(client, ana, ben, cleo):
    now = timezone.now()
    old_popular = start(ana, "Old but voted")
    fresh_lively = start(ana, "Fresh and lively")
    fresh_quiet = start(ana, "Fresh and quiet")
    stale = start(ana, "Beyond the window")
    for voter in (ben, cleo):
        actions.check_vote_discussion(voter, old_popular)
    respond(ben, fresh_lively)
    respond(cleo, fresh_lively)
    Discussion.objects.filter(pk=old_popular.pk).update(
        created_at=now - timedelta(days=2), last_activity_at=now - timedelta(days=2)
    )
    Discussion.objects.filter(pk=stale.pk).update(
        created_at=now - timedelta(days=30), last_activity_at=now - timedelta(days=30), hot_rank=5
    )
    Discussion.objects.filter(pk=fresh_quiet.pk).update(hot_rank=0)
    refreshed = ranking.do_refresh_hot_ranks(now)
    assert refreshed == 3
    assert hot_titles(client) == [
        "Fresh and lively",
        "Fresh and quiet",
        "Old but voted",
        "Beyond the window",
    ]
    assert Discussion.objects.get(pk=stale.pk).hot_rank == 0


def test_the_refresh_runs_at_most_once_per_interval(ana):
    start(ana)
    cache.clear()
    assert "hot-ranks" in run_due_chores()
    assert "hot-ranks" not in run_due_chores()
    cache.delete("chore:hot-ranks")  # the interval has passed
    assert "hot-ranks" in run_due_chores()


@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_hot_ranks_on_its_pass():
    cache.clear()
    ana = make_user("ana")
    discussion = start(ana, "Ranked by the worker")
    Discussion.objects.filter(pk=discussion.pk).update(hot_rank=0)
    stop = threading.Event()
    worker = Worker(concurrency=1, stop=stop)
    thread = threading.Thread(target=worker.run)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if Discussion.objects.get(pk=discussion.pk).hot_rank > 0:
                break
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert Discussion.objects.get(pk=discussion.pk).hot_rank > 0
