"""Two processes clustering at the same moment on PostgreSQL (threads with their own
connections and their own story indexes): the advisory lock makes them take turns."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from tests.factories import make_source
from tests.understanding.story_factories import store_many
from tribune.news import actions
from tribune.news.models import Article, Story
from tribune.understanding.clustering import StoryClusterer, hold_cluster_lock

SYLLABLES = ["zor", "vath", "quel", "len", "brix", "tam", "ovo", "drun", "sel", "kav", "ith"]


def name(n: int) -> str:
    return "".join(SYLLABLES[(n * 7 + k * 3) % len(SYLLABLES)] for k in range(3)).title() + str(n)


@pytest.mark.django_db(transaction=True)
def test_two_processes_clustering_at_once_share_no_seq_and_lose_no_assignment():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serializes whole transactions")
    now = timezone.now()
    events = 20
    left, right = make_source(), make_source()
    # Every event is reported once by each side. Made-up names only: a nearly empty index
    # cannot tell common words yet, and would merge events that share them.
    left_ids = store_many(
        left,
        [
            (
                f"{name(e)} and {name(e + 100)} in {name(e + 200)}",
                f"{name(e + 300)}, {name(e + 400)}.",
                now - timedelta(minutes=10 * e + 1),
            )
            for e in range(events)
        ],
    )
    right_ids = store_many(
        right,
        [
            (
                f"{name(e + 200)}: {name(e + 100)} with {name(e)}",
                f"{name(e + 400)} at {name(e + 300)}.",
                now - timedelta(minutes=10 * e),
            )
            for e in range(events)
        ],
    )
    clusterers = [StoryClusterer(), StoryClusterer()]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def process(clusterer: StoryClusterer, ids: list[int]) -> None:
        try:
            start.wait(30)
            for i in range(0, len(ids), 2):
                actions.do_cluster_articles(ids[i : i + 2], clusterer=clusterer)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=process, args=(clusterers[0], left_ids)),
        threading.Thread(target=process, args=(clusterers[1], right_ids[::-1])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors

    seqs = sorted(Article.objects.values_list("clustered_seq", flat=True))
    assert seqs == list(range(1, 2 * events + 1))  # none shared, none skipped, none lost
    story_of = dict(Article.objects.values_list("id", "story_id"))
    assert all(story_of[left_ids[e]] == story_of[right_ids[e]] for e in range(events))
    assert Story.objects.count() == events
    assert set(Story.objects.values_list("article_count", "source_count")) == {(2, 2)}
    # Each process's index holds the other's work too, under the database's story keys.
    stories: dict[int, list[int]] = {}
    for aid, story in Article.objects.order_by("clustered_seq").values_list("id", "story_id"):
        stories.setdefault(story, []).append(aid)
    for clusterer in clusterers:
        clusterer.prepare(timezone.now())
        assert clusterer.index is not None
        assert {k: sorted(v) for k, v in clusterer.index.stories().items()} == {
            k: sorted(v) for k, v in stories.items()
        }


@pytest.mark.django_db(transaction=True)
def test_a_starting_process_reads_its_index_without_waiting_for_the_lock():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serializes whole transactions")
    ids = store_many(
        make_source(),
        [
            (f"{name(e)} and {name(e + 100)}", "", timezone.now() - timedelta(hours=e))
            for e in range(5)
        ],
    )
    actions.do_cluster_articles(ids, clusterer=StoryClusterer())
    held, release = threading.Event(), threading.Event()

    def busy_clusterer() -> None:  # another process, in the middle of a long batch
        with transaction.atomic():
            hold_cluster_lock()
            held.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=busy_clusterer)
    holder.start()
    try:
        assert held.wait(5)
        starting = StoryClusterer()
        started = time.monotonic()
        starting.prepare(timezone.now())
        assert time.monotonic() - started < 2
        assert starting.index is not None and len(starting.index) == 5
    finally:
        release.set()
        holder.join()
