"""Stories kept in the database: incremental assignment, growth over days, several processes
sharing one database, rebuilds, counters, deletions and failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_source
from tests.understanding.story_factories import (
    labeled_rows,
    partition,
    refuse_inserts,
    store,
    store_many,
)
from tribune.core.chores import CHORES, run_due_chores
from tribune.news import actions
from tribune.news.models import Article, Source, Story
from tribune.understanding import pipeline
from tribune.understanding.clustering import StoryClusterer
from tribune.understanding.stories import StoryIndex

pytestmark = pytest.mark.django_db

NOW = timezone.now()
IRAN = (
    "Iran and UN nuclear watchdog open Vienna talks on inspection access",
    "Iranian officials and IAEA inspectors began two days of talks in Vienna on access to "
    "the Natanz and Fordow enrichment sites.",
)
IRAN_2 = (
    "IAEA and Iran start Vienna talks over access for inspectors",
    "The UN nuclear watchdog's inspectors and Iranian officials met in Vienna about the "
    "Natanz and Fordow sites.",
)
IRAN_3 = (
    "Iran agrees new schedule of IAEA inspections at Natanz and Fordow",
    "After the Vienna talks, Iran and the UN nuclear watchdog agreed a calendar of visits by "
    "inspectors to both enrichment sites.",
)
LITHIUM = (
    "Chile awards lithium rights in three salt flats to four bidders",
    "The mining ministry picked four companies to develop the Atacama salt flats.",
)
SWAP = (
    "Russia and Ukraine swap 150 prisoners each in UAE-mediated exchange",
    "Both sides returned 150 prisoners of war in a deal brokered by the United Arab Emirates.",
)
SWAP_2 = (
    "Emirates broker another prisoner exchange between Kyiv and Moscow",
    "Ukrainian soldiers crossed back home as Russia received the same number, 150, in an "
    "Emirati-mediated deal.",
)


@pytest.fixture
def sources() -> list[Source]:
    return [make_source() for _ in range(4)]


def story_of(article_id: int) -> Story:
    story = Article.objects.select_related("story").get(pk=article_id).story
    assert story is not None
    return story


def test_articles_about_one_event_from_two_sources_share_one_story(sources):
    first = store(sources[0], *IRAN, NOW - timedelta(hours=5))
    second = store(sources[1], *IRAN_2, NOW - timedelta(hours=3))
    other = store(sources[2], *LITHIUM, NOW - timedelta(hours=2))
    actions.do_cluster_articles([first, second, other], clusterer=StoryClusterer())

    story = story_of(first)
    assert story_of(second) == story
    assert story_of(other) != story
    assert (story.article_count, story.source_count) == (2, 2)
    assert story.title == IRAN[0]
    assert story.lead_article_id == first
    assert story.first_published_at == NOW - timedelta(hours=5)
    assert story.last_published_at == NOW - timedelta(hours=3)
    lone = story_of(other)
    assert (lone.article_count, lone.source_count, lone.lead_article_id) == (1, 1, other)


def test_articles_arriving_one_by_one_join_the_story_already_there(sources):
    clusterer = StoryClusterer()
    first = store(sources[0], *IRAN, NOW - timedelta(hours=5))
    actions.do_cluster_articles([first], clusterer=clusterer)
    second = store(sources[1], *IRAN_2, NOW - timedelta(hours=3))
    actions.do_cluster_articles([second], clusterer=clusterer)
    assert story_of(second) == story_of(first)
    assert story_of(first).source_count == 2


def test_every_placed_article_gets_the_next_sequence_number(sources):
    clusterer = StoryClusterer()
    ids = store_many(
        sources[0], [(*IRAN, NOW - timedelta(hours=3)), (*LITHIUM, NOW - timedelta(hours=2))]
    )
    actions.do_cluster_articles(ids, clusterer=clusterer)
    later = store(sources[1], *SWAP, NOW - timedelta(hours=1))
    actions.do_cluster_articles([later], clusterer=clusterer)
    seqs = dict(Article.objects.values_list("id", "clustered_seq"))
    assert [seqs[i] for i in [*ids, later]] == [1, 2, 3]


def test_clustering_articles_again_changes_nothing(sources):
    clusterer = StoryClusterer()
    ids = store_many(sources[0], [(*IRAN, NOW - timedelta(hours=3))])
    actions.do_cluster_articles(ids, clusterer=clusterer)
    before = list(Article.objects.values_list("id", "story_id", "clustered_seq"))
    actions.do_cluster_articles(ids, clusterer=clusterer)
    actions.do_cluster_articles(ids, clusterer=StoryClusterer())
    assert list(Article.objects.values_list("id", "story_id", "clustered_seq")) == before
    assert Story.objects.count() == 1


def test_a_story_grows_over_days_as_its_articles_arrive(sources):
    clusterer = StoryClusterer()
    start = NOW - timedelta(days=8)
    lead = "Officials from Moscow and Tehran marked progress on the Rasht-Astara railway."
    first = store(sources[0], "Iran and Russia open the Rasht-Astara railway", lead, start)
    actions.do_cluster_articles([first], clusterer=clusterer, reference=start)
    for day in range(1, 4):
        published = start + timedelta(days=2 * day)
        article = store(
            sources[day % 4],
            f"Rasht-Astara railway: Iran and Russia open stretch {day}",
            lead,
            published,
        )
        # The clusterer sees the article arrive an hour after publication.
        actions.do_cluster_articles(
            [article], clusterer=clusterer, reference=published + timedelta(hours=1)
        )
        story = story_of(article)
        assert story == story_of(first)
        assert story.article_count == day + 1
        assert story.last_published_at == published
    assert story.first_published_at == start
    assert story.title == "Iran and Russia open the Rasht-Astara railway"


def test_an_article_too_late_for_the_story_window_opens_a_new_story(sources):
    clusterer = StoryClusterer()
    start = NOW - timedelta(days=9)
    first = store(sources[0], *SWAP, start)
    actions.do_cluster_articles([first], clusterer=clusterer, reference=start)
    late = store(sources[1], *SWAP_2, start + timedelta(days=5))
    actions.do_cluster_articles([late], clusterer=clusterer, reference=start + timedelta(days=5))
    assert story_of(late) != story_of(first)


def test_two_processes_sharing_the_database_see_each_others_stories(sources):
    worker, web = StoryClusterer(), StoryClusterer()
    a = store(sources[0], *IRAN, NOW - timedelta(hours=6))
    actions.do_cluster_articles([a], clusterer=worker)
    b = store(sources[1], *IRAN_2, NOW - timedelta(hours=5))
    actions.do_cluster_articles([b], clusterer=web)  # builds its index: sees a
    c = store(sources[2], *IRAN_3, NOW - timedelta(hours=4))
    actions.do_cluster_articles([c], clusterer=worker)  # replays b
    d = store(sources[3], *SWAP, NOW - timedelta(hours=3))
    actions.do_cluster_articles([d], clusterer=web)  # replays c
    e = store(sources[0], *SWAP_2, NOW - timedelta(hours=2))
    actions.do_cluster_articles([e], clusterer=worker)  # replays d

    assert story_of(a) == story_of(b) == story_of(c)
    assert story_of(d) == story_of(e) != story_of(a)
    assert story_of(a).article_count == 3
    assert (worker.builds, web.builds) == (1, 1)
    assert worker.replayed == 2 and web.replayed == 1
    assert [
        s for _, s in Article.objects.order_by("clustered_seq").values_list("id", "clustered_seq")
    ] == [1, 2, 3, 4, 5]
    # Both indexes now hold the same stories, under the database's keys.
    assert worker.index is not None and web.index is not None
    assert worker.index.stories() == {
        story_of(a).pk: [a, b, c],
        story_of(d).pk: [d, e],
    }
    assert e not in web.index  # not yet: web replays it when it next clusters
    with transaction.atomic():
        web.catch_up(timezone.now())
    assert web.index.stories() == worker.index.stories()


def test_a_small_site_keeps_its_older_articles_to_know_which_words_are_common(sources):
    old = store(sources[0], *LITHIUM, NOW - timedelta(days=30))
    actions.do_cluster_articles([old], clusterer=StoryClusterer())
    starting = StoryClusterer()  # another process, reading the database
    recent = store(sources[1], *SWAP, NOW - timedelta(hours=1))
    actions.do_cluster_articles([recent], clusterer=starting)
    assert starting.index is not None
    assert old in starting.index and recent in starting.index


def test_story_keys_in_the_index_are_the_database_keys(sources):
    clusterer = StoryClusterer()
    ids = store_many(
        sources[0],
        [(*IRAN, NOW - timedelta(hours=4)), (*LITHIUM, NOW - timedelta(hours=3))],
    ) + store_many(sources[1], [(*IRAN_2, NOW - timedelta(hours=2))])
    actions.do_cluster_articles(ids, clusterer=clusterer)
    assert clusterer.index is not None
    for aid in ids:
        assert clusterer.index.story_of(aid) == Article.objects.get(pk=aid).story_id


def test_clustering_the_labeled_set_in_the_database_matches_the_pure_index():
    rows = labeled_rows()
    sources = {sid: make_source() for sid in sorted({r["source_id"] for r in rows})}
    ids = {}
    for r in rows:
        ids[r["id"]] = store(
            sources[r["source_id"]], str(r["title"]), str(r["lead"]), r["published"]
        )
    clusterer = StoryClusterer(margin=timedelta(days=365))  # never prunes, as the pure index
    # Arriving a few at a time, in published order.
    ordered = [ids[r["id"]] for r in rows]
    for start in range(0, len(ordered), 7):
        batch = ordered[start : start + 7]
        reference = Article.objects.get(pk=batch[-1]).published_at + timedelta(minutes=30)
        actions.do_cluster_articles(batch, clusterer=clusterer, reference=reference)

    pure = StoryIndex()
    expected: dict[int, set[int]] = {}
    for r in rows:
        story = pure.add(
            ids[r["id"]],
            str(r["title"]),
            str(r["lead"]),
            r["published"],
            sources[r["source_id"]].pk,
        )
        expected.setdefault(story, set()).add(ids[r["id"]])
    assert partition(ordered) == {frozenset(g) for g in expected.values()}
    multi = Story.objects.filter(source_count__gte=2).count()
    assert multi >= 25


def test_rebuild_gives_the_stories_incremental_clustering_gave_under_the_same_keys():
    rows = labeled_rows()
    sources = {sid: make_source() for sid in sorted({r["source_id"] for r in rows})}
    ordered = [
        store(sources[r["source_id"]], str(r["title"]), str(r["lead"]), r["published"])
        for r in rows
    ]
    for aid in ordered:  # each clustered as it is published
        reference = Article.objects.get(pk=aid).published_at
        actions.do_cluster_articles([aid], reference=reference)
    before = dict(Article.objects.values_list("id", "story_id"))
    counters = set(Story.objects.values_list("pk", "article_count", "source_count", "title"))

    result = pipeline.rebuild()

    assert dict(Article.objects.values_list("id", "story_id")) == before
    assert set(Story.objects.values_list("pk", "article_count", "source_count", "title")) == (
        counters
    )
    assert result.clustered == len(ordered)
    assert result.dropped == 0
    assert Article.objects.filter(clustered_seq__isnull=True).count() == 0


def test_rebuilding_only_recent_articles_keeps_older_stories(sources):
    old = store(sources[0], *LITHIUM, NOW - timedelta(days=20))
    first = store(sources[0], *IRAN, NOW - timedelta(days=2, hours=6))
    second = store(sources[1], *IRAN_2, NOW - timedelta(days=1, hours=20))
    actions.do_cluster_articles([old, first, second])
    old_story, story = story_of(old), story_of(first)

    pipeline.rebuild(since=NOW - timedelta(days=2))  # first is older: stays, second rejoins

    assert story_of(old) == old_story
    assert story_of(first) == story_of(second) == story
    assert story_of(first).article_count == 2


def test_a_rebuild_after_a_merge_drops_the_story_left_empty(sources):
    a = store(sources[0], *SWAP, NOW - timedelta(hours=5))
    b = store(sources[1], *SWAP_2, NOW - timedelta(hours=4))
    # As if clustered apart (by other parameters): two stories.
    clusterer = StoryClusterer()
    actions.do_cluster_articles([a], clusterer=clusterer)
    apart = Story.objects.create(title="x", article_count=1, source_count=1)
    Article.objects.filter(pk=b).update(story=apart, clustered_seq=2)
    pipeline.rebuild()
    assert story_of(a) == story_of(b)
    assert not Story.objects.filter(pk=apart.pk).exists()


def test_counters_are_repaired_after_an_article_is_deleted(sources):
    ids = store_many(sources[0], [(*IRAN, NOW - timedelta(hours=6))]) + store_many(
        sources[1], [(*IRAN_2, NOW - timedelta(hours=4)), (*IRAN_3, NOW - timedelta(hours=2))]
    )
    actions.do_cluster_articles(ids, clusterer=StoryClusterer())
    story = story_of(ids[0])
    assert (story.article_count, story.source_count) == (3, 2)

    Article.objects.filter(pk=ids[0]).delete()
    assert actions.do_repair_story_counts() == 1
    story.refresh_from_db()
    assert (story.article_count, story.source_count) == (2, 1)
    assert story.lead_article_id == ids[1]
    assert story.title == IRAN_2[0]
    assert story.first_published_at == NOW - timedelta(hours=4)
    assert actions.do_repair_story_counts() == 0


def test_an_article_about_a_story_whose_member_was_deleted_still_joins_it(sources):
    clusterer = StoryClusterer()
    ids = store_many(sources[0], [(*IRAN, NOW - timedelta(hours=6))]) + store_many(
        sources[1], [(*IRAN_2, NOW - timedelta(hours=4))]
    )
    actions.do_cluster_articles(ids, clusterer=clusterer)
    story = story_of(ids[0])
    Article.objects.filter(pk=ids[0]).delete()
    later = store(sources[2], *IRAN_3, NOW - timedelta(hours=1))
    actions.do_cluster_articles([later], clusterer=clusterer)
    assert story_of(later) == story
    story.refresh_from_db()
    assert story.article_count == 2


def test_an_article_matching_a_deleted_story_gets_a_new_one(sources):
    clusterer = StoryClusterer()
    first = store(sources[0], *SWAP, NOW - timedelta(hours=6))
    actions.do_cluster_articles([first], clusterer=clusterer)
    Story.objects.filter(pk=story_of(first).pk).delete()
    later = store(sources[1], *SWAP_2, NOW - timedelta(hours=1))
    actions.do_cluster_articles([later], clusterer=clusterer)
    story = story_of(later)
    assert (story.article_count, story.lead_article_id) == (1, later)
    assert clusterer.builds == 2


def test_a_batch_rolled_back_by_its_caller_is_forgotten_by_the_index(sources):
    clusterer = StoryClusterer()
    first = store(sources[0], *SWAP, NOW - timedelta(hours=6))
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.do_cluster_articles([first], clusterer=clusterer)
        raise RuntimeError("the caller fails after clustering")
    assert Article.objects.get(pk=first).story_id is None
    assert not Story.objects.exists()
    later = store(sources[1], *SWAP_2, NOW - timedelta(hours=1))
    actions.do_cluster_articles([first, later], clusterer=clusterer)
    assert story_of(first) == story_of(later)
    assert clusterer.builds == 2


def test_articles_without_a_title_stay_stories_of_their_own(sources):
    lead = "Shared words about the Naqoura ceasefire committee."
    ids = store_many(
        sources[0], [("", lead, NOW - timedelta(hours=3)), ("", lead, NOW - timedelta(hours=2))]
    )
    assert set(Article.objects.filter(pk__in=ids).values_list("title", flat=True)) == {"(untitled)"}
    actions.do_cluster_articles(ids, clusterer=StoryClusterer())
    assert story_of(ids[0]) != story_of(ids[1])
    assert story_of(ids[0]).article_count == 1


def test_drafts_are_not_placed_in_stories(sources):
    (aid,) = store_many(sources[0], [(*IRAN, NOW - timedelta(hours=3))])
    Article.objects.filter(pk=aid).update(status=Article.Status.DRAFT)
    actions.do_cluster_articles([aid], clusterer=StoryClusterer())
    assert Article.objects.get(pk=aid).clustered_seq is None


def test_clustering_a_batch_takes_the_same_queries_whatever_its_size(sources):
    clusterer = StoryClusterer()
    known = (IRAN, SWAP, LITHIUM)
    warm = store_many(sources[0], [(*t, NOW - timedelta(days=1)) for t in known])
    actions.do_cluster_articles(warm, clusterer=clusterer)

    def batch(n: int, offset: int) -> list[int]:
        items = []
        for i in range(n):
            if i % 2:  # a new event: a story of its own
                title, lead = f"Qor{offset + i}vath Zel{offset + i}brin", ""
            else:  # joins one of the known stories
                title, lead = known[i % 3]
            items.append((title, lead, NOW - timedelta(minutes=offset + i)))
        return store_many(sources[1 + offset % 3], items)

    counts = []
    for n, offset in ((4, 100), (40, 200)):
        ids = batch(n, offset)
        with CaptureQueriesContext(connection) as queries:
            actions.do_cluster_articles(ids, clusterer=clusterer)
        counts.append(len(queries))
    assert Story.objects.count() == 3 + 2 + 20
    assert counts[0] == counts[1]
    # replay (before the lock); savepoint, (advisory lock,) the batch, replay, live stories,
    # new stories, articles, members, savepoint, stories, release, release
    assert counts[1] == (13 if connection.vendor == "postgresql" else 12)


def test_a_failing_tagger_loses_no_article_and_the_chore_catches_up(sources, settings):
    from django.core.cache import cache

    ids = store_many(
        sources[0], [(*IRAN, NOW - timedelta(hours=3)), (*SWAP, NOW - timedelta(hours=2))]
    )
    with refuse_inserts("understanding_tag"):
        pipeline.understand_articles(ids)
    articles = Article.objects.filter(pk__in=ids)
    assert articles.count() == 2
    assert not articles.filter(understood_at__isnull=False).exists()
    assert not articles.filter(clustered_seq__isnull=True).exists()  # clustering went on

    cache.clear()
    assert "understand" in run_due_chores(tuple(c for c in CHORES if c.name == "understand"))
    assert not articles.filter(understood_at__isnull=True).exists()
    assert articles.get(pk=ids[0]).tags.filter(topic__code="IR").exists()


def test_a_failing_clusterer_loses_no_article_and_the_chore_catches_up(sources):
    ids = store_many(sources[0], [(*IRAN, NOW - timedelta(hours=3))]) + store_many(
        sources[1], [(*IRAN_2, NOW - timedelta(hours=2))]
    )
    with refuse_inserts("news_story"):
        pipeline.understand_articles(ids)
    articles = Article.objects.filter(pk__in=ids)
    assert articles.count() == 2
    assert not articles.filter(clustered_seq__isnull=False).exists()
    assert not articles.filter(understood_at__isnull=True).exists()  # tagging went on

    progress = pipeline.catch_up()
    assert (progress.unclustered, progress.clustered) == (2, 2)
    assert story_of(ids[0]) == story_of(ids[1])
    assert pipeline.catch_up().unclustered == 0


def test_an_article_that_breaks_the_tagger_holds_back_only_itself(sources):
    items = [(*IRAN, NOW - timedelta(hours=h)) for h in (3, 2, 1)]
    ids = store_many(sources[0], items)
    with refuse_inserts("understanding_tag", when=f"NEW.article_id = {ids[1]}"):
        assert pipeline.tag_articles(ids) == 2
    untagged = Article.objects.filter(pk__in=ids, understood_at__isnull=True)
    assert list(untagged.values_list("id", flat=True)) == [ids[1]]


def test_a_database_that_keeps_failing_is_not_tried_article_by_article(sources, caplog):
    items = [(f"{t[0]} ({i})", t[1], NOW - timedelta(hours=i)) for i, t in enumerate([SWAP] * 8)]
    ids = store_many(sources[0], items)
    with refuse_inserts("news_story"):
        assert pipeline.cluster_articles(ids) == 0
    singles = [r for r in caplog.records if "clustering article" in r.getMessage()]
    assert len(singles) == pipeline.SINGLE_FAILURES
    assert any("keeps failing" in r.getMessage() for r in caplog.records)
    assert not Article.objects.filter(pk__in=ids, clustered_seq__isnull=False).exists()


def test_the_understand_chore_is_registered():
    chore = next(c for c in CHORES if c.name == "understand")
    assert chore.load() is pipeline.catch_up_recent


def test_the_chore_leaves_articles_older_than_its_period_to_the_command(sources):
    (old,) = store_many(sources[0], [(*IRAN, NOW - timedelta(days=40))])
    (recent,) = store_many(sources[1], [(*SWAP, NOW - timedelta(days=2))])
    progress = pipeline.catch_up_recent()
    assert (progress.untagged, progress.unclustered) == (1, 1)
    assert Article.objects.get(pk=recent).story_id is not None
    assert Article.objects.get(pk=old).story_id is None
    pipeline.catch_up_all()
    assert Article.objects.get(pk=old).story_id is not None
