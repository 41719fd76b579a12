"""Named reads for topic pages and the topics index: a topic's stories, how much it was
covered day by day, what it is mentioned with, and which topics are in the news. A section
page reads the same things of its section. Every read is bounded: lists are keyset pages,
counts cover a recent window and aggregate in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from tribune.core.pagination import keyset_page
from tribune.news.models import Article, Section
from tribune.news.queries import LIST_DEFERRED, PAGE_SIZE, StoryPage, story_items
from tribune.understanding import timeline
from tribune.understanding.models import Tag, Topic

if TYPE_CHECKING:
    from tribune.personalization.queries import ReaderFilter

Scope = Topic | Section

TIMELINE_DAYS = 30
CO_MENTION_DAYS = 30
CO_MENTIONS = 8
# Co-mentions read at most this many of the window's newest articles.
CO_MENTION_ARTICLES = 1000
POPULAR_DAYS = 7
POPULAR_PER_KIND = 12
# The topics index aggregates at most this many topics (far more than it shows).
POPULAR_LIMIT = 1000


# What every reader sees alike (the timeline, the co-mentions, the topics index) is kept this
# many seconds: cheap to recompute, but a popular topic's page is asked for constantly.
SHARED_SECONDS = 300


@dataclass
class Surroundings:
    """What a topic's or a section's page shows beside its stories, the same for everyone."""

    timeline: list[timeline.DayCount]
    co_mentions: list[Topic]


def surroundings(scope: Scope) -> Surroundings:
    """The timeline and the co-mentions of a topic or a section, from the cache when fresh
    (else two queries)."""
    key = f"tribune:surroundings:{'topic' if isinstance(scope, Topic) else 'section'}:{scope.pk}"
    found = cache.get(key)
    if not isinstance(found, Surroundings):
        found = Surroundings(coverage_by_day(scope), co_mentions(scope))
        cache.set(key, found, SHARED_SECONDS)
    return found


def topic_for_page(slug: str) -> Topic | None:
    """An active topic (inactive ones have no page)."""
    return Topic.objects.filter(slug=slug, is_active=True).first()


# Stories about a topic ---------------------------------------------------------------------


def topic_stories_page(
    topic: Topic, reader: ReaderFilter, cursor: str | None, size: int = PAGE_SIZE
) -> StoryPage:
    """The newest headlines about a topic, one per story, keyset-paginated over the topic's
    tags (the (topic, published_at) index). A story shows on the page of its newest article
    about the topic, never again further down."""
    tags = (
        Tag.objects.filter(topic=topic, article__status=Article.Status.PUBLISHED)
        .select_related("article__source", "article__section")
        .defer(*(f"article__{name}" for name in LIST_DEFERRED))
    )
    probe = Article.objects.filter(pk=OuterRef("article_id"))
    kept = reader.apply(probe)
    if kept is not probe:  # the reader mutes something: only tags of articles it leaves
        tags = tags.filter(Exists(kept))
    newer = reader.apply(
        Article.objects.filter(
            status=Article.Status.PUBLISHED,
            story_id=OuterRef("article__story_id"),
            tags__topic=topic,
        )
        .exclude(kind=Article.Kind.OPINION)
        .filter(
            Q(published_at__gt=OuterRef("article__published_at"))
            | Q(published_at=OuterRef("article__published_at"), pk__gt=OuterRef("article_id"))
        )
    )
    tags = tags.filter(
        Q(article__story__isnull=True)
        | Q(article__kind=Article.Kind.OPINION)
        | ~Exists(newer.values("pk"))
    )
    page = keyset_page(tags, "published_at", cursor, size, tiebreak="article_id")
    return StoryPage(story_items([t.article for t in page.items], reader), page.next_cursor)


# Coverage over time --------------------------------------------------------------------------


def _since(days: int, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    return now - timedelta(days=days)


def coverage_by_day(
    scope: Scope, days: int = TIMELINE_DAYS, now: datetime | None = None
) -> list[timeline.DayCount]:
    """Articles a day over the last `days` days of the site's time zone, zeros included:
    one query over the window's rows only (the (topic, date) or (section, date) index),
    grouped by day in SQL."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = datetime.combine(
        today - timedelta(days=days - 1), time.min, tzinfo=timezone.get_current_timezone()
    )
    qs: QuerySet[Tag] | QuerySet[Article]
    if isinstance(scope, Topic):
        qs = Tag.objects.filter(topic=scope, article__status=Article.Status.PUBLISHED)
    else:
        qs = Article.objects.filter(section=scope, status=Article.Status.PUBLISHED)
    rows = (
        qs.filter(published_at__gte=since, published_at__lte=now)
        .annotate(day=TruncDate("published_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return timeline.daily_series({row["day"]: row["n"] for row in rows}, today, days)


# Mentioned with --------------------------------------------------------------------------------


def co_mentions(
    scope: Scope, days: int = CO_MENTION_DAYS, limit: int = CO_MENTIONS, now: datetime | None = None
) -> list[Topic]:
    """The topics most often tagged on the same articles as `scope` over the last `days`
    days, each with `n` (how many articles), most first. One query: the window's newest
    articles about the topic (by the (topic, date) index) or in the section (by the
    (section, date) index), at most CO_MENTION_ARTICLES of them, drive it; then their tags
    by article. Driven otherwise, SQLite walks every published article by status and
    PostgreSQL reads the whole tag table."""
    since = _since(days, now)
    recent: QuerySet[Any, int]
    if isinstance(scope, Topic):
        recent = (
            Tag.objects.filter(
                topic=scope, published_at__gte=since, article__status=Article.Status.PUBLISHED
            )
            .order_by("-published_at")
            .values_list("article_id", flat=True)[:CO_MENTION_ARTICLES]
        )
    else:
        recent = (
            Article.objects.filter(
                section=scope, published_at__gte=since, status=Article.Status.PUBLISHED
            )
            .order_by("-published_at")
            .values_list("pk", flat=True)[:CO_MENTION_ARTICLES]
        )
    topics = Topic.objects.filter(is_active=True, tags__article_id__in=recent)
    if isinstance(scope, Topic):
        topics = topics.exclude(pk=scope.pk)
    return list(topics.annotate(n=Count("tags")).order_by("-n", "name")[:limit])


# The topics index ------------------------------------------------------------------------------


@dataclass
class KindOfTopics:
    kind: str
    label: str
    topics: list[Topic]


KIND_LABELS = {
    Topic.Kind.PLACE: "Places",
    Topic.Kind.ORGANIZATION: "Organizations",
    Topic.Kind.PERSON: "People",
}


def popular_topics(
    days: int = POPULAR_DAYS, per_kind: int = POPULAR_PER_KIND
) -> list[KindOfTopics]:
    """The topics most written about lately, by kind, each with `n` (articles), from the
    cache when fresh (else one query)."""
    key = f"tribune:popular-topics:{days}:{per_kind}"
    found: list[KindOfTopics] | None = cache.get(key)
    if not isinstance(found, list):
        found = _popular_topics(days, per_kind)
        cache.set(key, found, SHARED_SECONDS)
    return found


def _popular_topics(days: int, per_kind: int) -> list[KindOfTopics]:
    """One query, reading the week's articles by their date index and their tags by article."""
    since = _since(days)
    rows = (
        Topic.objects.filter(
            is_active=True,
            tags__article__published_at__gte=since,
            tags__article__status=Article.Status.PUBLISHED,
        )
        .annotate(n=Count("tags"))
        .order_by("-n", "name")[:POPULAR_LIMIT]
    )
    by_kind: dict[str, list[Topic]] = {kind: [] for kind in KIND_LABELS}
    for topic in rows:
        shelf = by_kind.setdefault(topic.kind, [])
        if len(shelf) < per_kind:
            shelf.append(topic)
    return [KindOfTopics(kind, label, by_kind[kind]) for kind, label in KIND_LABELS.items()]
