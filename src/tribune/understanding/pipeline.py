"""Understanding stored articles: tag them (understanding.actions), then place them in stories
(news.actions.do_cluster_articles). The ingest pipeline, the newsroom, the `understand` chore
and the `tribune understand` command call these.

A failure here never loses or blocks a stored article: it is logged, the article keeps
`understood_at` / `clustered_seq` NULL, and `catch_up` (the chore) finishes it later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.db.models import QuerySet
from django.utils import timezone

from tribune.news import actions as news
from tribune.news.models import Article
from tribune.understanding import clustering

log = logging.getLogger(__name__)

TAG_CHUNK = 200  # articles per tagging transaction
CLUSTER_CHUNK = 500  # articles per clustering transaction (the cluster lock is held that long)
CATCH_UP_BATCH = 1000  # articles of each kind one chore run takes on
CHORE_DAYS = 30  # how far back the chore looks
SINGLE_FAILURES = 3  # articles failing one by one in a row before a run gives up

T = TypeVar("T")


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def understand_articles(article_ids: list[int]) -> None:
    """Tag new articles and place them in stories. Never raises."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return
    tag_articles(ids)
    cluster_articles(ids)


def understand_changed_articles(article_ids: list[int]) -> None:
    """Articles changed (a feed updated them, an editor edited a piece): tag them again; their
    stories stay, and are recounted (a story's title may be one of theirs). One not yet in a
    story (a draft just published, an earlier failure) is placed in one. Never raises."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return
    tag_articles(ids)
    cluster_articles(ids)
    try:
        stories = Article.objects.filter(pk__in=ids).order_by().values_list("story_id", flat=True)
        news.do_recount_stories(s for s in stories if s is not None)
    except Exception:
        log.exception("recounting the stories of %d changed articles failed", len(ids))


def tag_articles(article_ids: Sequence[int]) -> int:
    """Tag in chunks; a failing chunk is tried one article at a time, so one article that
    breaks the tagger holds back only itself. Returns how many articles were tagged."""
    from tribune.understanding.actions import do_tag_articles

    return _each_chunk("tagging", do_tag_articles, article_ids, TAG_CHUNK)


def cluster_articles(
    article_ids: Sequence[int],
    *,
    reference: datetime | None = None,
    reuse: news.StoryReuse | None = None,
) -> int:
    """Place articles in stories, in chunks. Returns how many were placed (or tried)."""

    def cluster(ids: list[int]) -> None:
        news.do_cluster_articles(ids, reference=reference, reuse=reuse)

    return _each_chunk("clustering", cluster, article_ids, CLUSTER_CHUNK)


def _each_chunk(
    what: str, step: Callable[[list[int]], object], ids: Sequence[int], size: int
) -> int:
    """Run ``step`` over ``ids`` in chunks; a failing chunk is tried one article at a time,
    unless that fails too for SINGLE_FAILURES articles in a row: then the fault is not an
    article's (the database is down, say), and the rest waits for the next run."""
    done = 0
    for chunk in _chunks(ids, size):
        try:
            step(chunk)
            done += len(chunk)
            continue
        except Exception:
            log.exception("%s %d articles failed (first %s)", what, len(chunk), chunk[0])
        if len(chunk) == 1:
            continue
        in_a_row = 0
        for aid in chunk:
            try:
                step([aid])
                done += 1
                in_a_row = 0
            except Exception:
                log.warning("%s article %s failed", what, aid)
                in_a_row += 1
                if in_a_row >= SINGLE_FAILURES:
                    log.error("%s keeps failing; the rest is left for the next run", what)
                    return done
    return done


@dataclass
class Progress:
    untagged: int = 0  # articles found without tags
    tagged: int = 0
    unclustered: int = 0  # articles found without a story
    clustered: int = 0
    recounted: int = 0


def _published(since: datetime | None) -> QuerySet[Article]:
    articles = Article.objects.filter(status=Article.Status.PUBLISHED)
    return articles if since is None else articles.filter(published_at__gte=since)


def catch_up(batch: int = CATCH_UP_BATCH, since: datetime | None = None) -> Progress:
    """Finish articles left untagged or unclustered (newest first, at most ``batch`` of each)
    and recount recent stories whose counts went wrong (an article deleted)."""
    progress = Progress()
    articles = _published(since)
    untagged = list(
        articles.filter(understood_at__isnull=True)
        .order_by("-published_at")
        .values_list("id", flat=True)[:batch]
    )
    progress.untagged = len(untagged)
    progress.tagged = tag_articles(untagged)
    unclustered = list(
        articles.filter(clustered_seq__isnull=True)
        .order_by("-published_at")
        .values_list("id", flat=True)[:batch]
    )
    progress.unclustered = len(unclustered)
    # Newest first across runs, oldest first within one (how they would have arrived).
    progress.clustered = cluster_articles(unclustered[::-1])
    horizon = clustering.default_clusterer().horizon
    progress.recounted = news.do_repair_story_counts(since=timezone.now() - horizon)
    return progress


def catch_up_recent() -> Progress:
    """The chore: ``catch_up`` over the articles of the last CHORE_DAYS days (read through the
    published-date index; older ones are `tribune understand`'s)."""
    return catch_up(since=timezone.now() - timedelta(days=CHORE_DAYS))


def catch_up_all(
    since: datetime | None = None, report: Callable[[str], object] = log.info
) -> Progress:
    """Run ``catch_up`` until nothing is left (or nothing more succeeds)."""
    total = Progress()
    while True:
        step = catch_up(CATCH_UP_BATCH, since)
        total.tagged += step.tagged
        total.clustered += step.clustered
        total.recounted += step.recounted
        if step.untagged or step.unclustered:
            report(f"tagged {total.tagged}, clustered {total.clustered} articles")
        if step.tagged + step.clustered == 0 or (
            step.untagged < CATCH_UP_BATCH and step.unclustered < CATCH_UP_BATCH
        ):
            return total


@dataclass
class Rebuilt:
    articles: int = 0
    tagged: int = 0
    clustered: int = 0
    stories: int = 0
    multi_source: int = 0
    dropped: int = 0


def rebuild(since: datetime | None = None, report: Callable[[str], object] = log.info) -> Rebuilt:
    """Tag every published article again and cluster them all from scratch in published
    order (only those published since ``since`` when given). For after a change to the
    gazetteer or the clustering parameters. Re-formed stories keep their former keys where
    their founding article founded them before (``news.actions.StoryReuse``)."""
    from tribune.news.models import Story

    result = Rebuilt()
    rows = list(_published(since).order_by("published_at", "id").values_list("id", "published_at"))
    ids = [aid for aid, _ in rows]
    result.articles = len(ids)
    report(f"tagging {len(ids)} articles")
    result.tagged = tag_articles(ids)
    report(f"clustering {len(ids)} articles")
    reuse = news.do_reset_stories(since)
    for chunk in _chunks(rows, CLUSTER_CHUNK):
        # As if the chunk's articles arrived as they were published (the index forgets what
        # is older than the horizon before each of them).
        result.clustered += cluster_articles(
            [aid for aid, _ in chunk], reference=chunk[0][1], reuse=reuse
        )
    result.dropped = news.do_drop_empty_stories()
    stories = Story.objects.filter(article_count__gt=0)
    if since is not None:
        stories = stories.filter(last_published_at__gte=since)
    result.stories = stories.count()
    result.multi_source = stories.filter(source_count__gte=2).count()
    report(
        f"{result.clustered} articles in {result.stories} stories, "
        f"{result.multi_source} with two sources or more"
    )
    return result
