"""Named reads for the reading pages: article lists, the front page and the story page, shown
one headline per story and filtered by the reader's mutes. Each list is a fixed number of
queries, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from tribune.core.pagination import Page, keyset_page
from tribune.news.models import Article, Section, Source, Story

if TYPE_CHECKING:
    from tribune.personalization.queries import ReaderFilter
    from tribune.understanding.models import Topic

PAGE_SIZE = 30
# Fields a list never shows: left in the database so a page of 30 stays small.
LIST_DEFERRED = ("content_html", "content_text", "body_markdown", "enclosures", "categories")
# A story item names this many other outlets; the rest are "and N more".
OUTLETS_SHOWN = 3


def published() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("source", "section")
        .defer(*LIST_DEFERRED)
    )


def latest(limit: int) -> list[Article]:
    return list(published().order_by("-published_at", "-id")[:limit])


def page_of(
    queryset: QuerySet[Article], cursor: str | None, size: int = PAGE_SIZE
) -> Page[Article]:
    return keyset_page(queryset, "published_at", cursor, size)


# One headline per story ------------------------------------------------------------------------


@dataclass
class StoryItem:
    """An article as a list shows it: the headline standing for its story, the other outlets
    that cover the story (first to report first; the reader's muted ones left out), and
    whether the reader has read it."""

    article: Article
    others: list[str] = field(default_factory=list)
    read: bool = False

    @property
    def source_count(self) -> int:
        return 1 + len(self.others)

    @property
    def is_story(self) -> bool:
        return bool(self.others)

    @property
    def story_url(self) -> str:
        return reverse("news:story", args=[self.article.story_id]) if self.is_story else ""

    @property
    def others_shown(self) -> list[str]:
        return self.others[:OUTLETS_SHOWN]

    @property
    def others_more(self) -> int:
        return max(0, len(self.others) - OUTLETS_SHOWN)


class Headline(Protocol):
    """What choosing a page's headlines reads of an article (a model or a light row)."""

    @property
    def pk(self) -> int: ...
    @property
    def story_id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def standfirst(self) -> str: ...
    @property
    def summary(self) -> str: ...


H = TypeVar("H", bound=Headline)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A light row for choosing headlines: a page weighs many, and loads only those chosen."""

    pk: int
    story_id: int | None
    section_id: int | None
    kind: str
    title: str
    standfirst: str
    summary: str


_CANDIDATE = ("id", "story_id", "section_id", "kind", "title", "standfirst", "summary")


def story_key(article: Headline) -> int | None:
    """The story an article stands for in a list. Opinion pieces stand for themselves: a
    column is not one more outlet's report of the event."""
    if article.kind == Article.Kind.OPINION:
        return None
    return article.story_id


def _is_opinion(article: Article) -> bool:
    return article.kind == Article.Kind.OPINION


class Grouping:
    """Picks the headlines of one page: a story appears once (its newest visible article),
    articles a muted keyword hides are dropped before grouping, and read ones too when the
    reader hides read articles. Read state costs one query for everything the page
    considers (none for visitors)."""

    def __init__(self, reader: ReaderFilter, considered: Iterable[Headline]) -> None:
        self.reader = reader
        self.read = reader.read_ids(a.pk for a in considered)
        self.hide_read = reader.hide_read
        self.stories: set[int] = set()
        self.articles: set[int] = set()

    def shows(self, article: Headline) -> bool:
        if article.pk in self.articles:
            return False
        key = story_key(article)
        if key is not None and key in self.stories:
            return False
        if self.hide_read and article.pk in self.read:
            return False
        return not self.reader.hides(article.title, f"{article.standfirst}\n{article.summary}")

    def take(self, articles: Iterable[H], limit: int | None = None) -> list[H]:
        chosen: list[H] = []
        for article in articles:
            if limit is not None and len(chosen) >= limit:
                break
            if not self.shows(article):
                continue
            chosen.append(article)
            self.articles.add(article.pk)
            if (key := story_key(article)) is not None:
                self.stories.add(key)
        return chosen

    def items(self, *groups: Sequence[Article]) -> list[list[StoryItem]]:
        """The chosen articles as items, each group in its order: one query for the other
        outlets of every story on the page."""
        keys = {k for a in chain.from_iterable(groups) if (k := story_key(a)) is not None}
        outlets = outlets_by_story(keys, self.reader)
        return [
            [
                StoryItem(
                    a,
                    [
                        name
                        for source_id, name in outlets.get(story_key(a) or 0, [])
                        if source_id != a.source_id
                    ],
                    a.pk in self.read,
                )
                for a in group
            ]
            for group in groups
        ]


def outlets_by_story(
    story_ids: Iterable[int], reader: ReaderFilter | None = None
) -> dict[int, list[tuple[int, str]]]:
    """Each story's outlets as (source id, name), the first to report first. Stories of one
    source are left out (nothing to show); so are opinion pieces and muted outlets."""
    ids = sorted(set(story_ids))
    if not ids:
        return {}
    # Status is grouped by rather than filtered on: SQLite would otherwise walk every
    # published article by the status index instead of the stories' (story, date) index.
    qs = Article.objects.filter(story_id__in=ids, story__source_count__gte=2).exclude(
        kind=Article.Kind.OPINION
    )
    if reader is not None:
        qs = reader.apply(qs)
    rows = (
        qs.values("story_id", "source_id", "source__title", "source__slug", "status")
        .annotate(first=Min("published_at"))
        .order_by("story_id", "first", "source_id")
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for row in rows:
        if row["status"] != Article.Status.PUBLISHED:
            continue
        name = row["source__title"] or row["source__slug"]
        found.setdefault(row["story_id"], []).append((row["source_id"], name))
    return found


@dataclass
class StoryPage:
    """A keyset page of a list shown one headline per story."""

    items: list[StoryItem]
    next_cursor: str | None


def story_items(articles: Sequence[Article], reader: ReaderFilter) -> list[StoryItem]:
    """One page of a list, one headline per story."""
    grouping = Grouping(reader, articles)
    return grouping.items(grouping.take(articles))[0]


# The front page ----------------------------------------------------------------------------------

# The front page's sections are drawn from this many newest articles: a window function over
# all of a large site's articles cost 50-85 ms at 100k; over these, about a millisecond.
FRONT_PAGE_CANDIDATES = 1000
# Each list weighs this many times the headlines it shows, so that stories told several
# times, hidden keywords and read articles still leave it full.
POOL = 4


@dataclass
class FrontPage:
    lead: list[StoryItem]
    sections: list[tuple[Section, list[StoryItem]]]


def front_page(reader: ReaderFilter, lead_size: int = 7, per_section: int = 5) -> FrontPage:
    """The latest headlines, then each section's newest: one headline per story across the
    whole page. Candidates are weighed as light rows and only the chosen loaded. A fixed
    number of queries: the lead's candidates, the sections' (two), the chosen articles, the
    sections, the other outlets; for a signed-in reader also their read marks and setting."""
    lead_pool = [
        Candidate(*row)
        for row in reader.apply(Article.objects.filter(status=Article.Status.PUBLISHED))
        .order_by("-published_at", "-id")
        .values_list(*_CANDIDATE)[: lead_size * POOL]
    ]
    section_pool = _section_candidates(reader, per_section * POOL)
    grouping = Grouping(reader, chain(lead_pool, section_pool))
    lead = grouping.take(lead_pool, lead_size)
    by_section: dict[int, list[Candidate]] = {}
    for candidate in section_pool:
        by_section.setdefault(candidate.section_id or 0, []).append(candidate)
    sections = [s for s in Section.objects.all() if s.pk in by_section]
    chosen = [grouping.take(by_section[s.pk], per_section) for s in sections]
    # By primary key only: with the status too, SQLite walks the status index instead.
    loaded = (
        Article.objects.select_related("source", "section")
        .defer(*LIST_DEFERRED)
        .in_bulk([c.pk for c in chain(lead, *chosen)])
    )
    groups = [[loaded[c.pk] for c in group if c.pk in loaded] for group in (lead, *chosen)]
    lead_items, *section_items = grouping.items(*groups)
    return FrontPage(
        lead_items,
        [(s, items) for s, items in zip(sections, section_items, strict=True) if items],
    )


def _section_candidates(reader: ReaderFilter, per_section: int) -> list[Candidate]:
    """The newest few articles of every section among the site's newest articles: one
    indexed query for where "newest" ends, one window function per section over those."""
    candidates = reader.apply(
        Article.objects.filter(status=Article.Status.PUBLISHED, section__isnull=False)
    )
    edge = (
        candidates.order_by("-published_at")
        .values_list("published_at", flat=True)[FRONT_PAGE_CANDIDATES - 1 : FRONT_PAGE_CANDIDATES]
        .first()
    )
    if edge is not None:
        candidates = candidates.filter(published_at__gte=edge)
    ranked = (
        candidates.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_section)
        .order_by("section_id", "rank")
        .values_list(*_CANDIDATE)
    )
    return [Candidate(*row) for row in ranked]


# Lists with one row per story --------------------------------------------------------------------


def newest_of_its_story(
    articles: QuerySet[Article], siblings: QuerySet[Article]
) -> QuerySet[Article]:
    """`articles` without those a newer article of the same story among `siblings` stands
    for: keyset pages of a list then show a story once, whatever page its articles fall on.
    Opinion pieces stand for themselves. The check reads the (story, published_at) index."""
    newer = siblings.filter(story_id=OuterRef("story_id")).exclude(kind=Article.Kind.OPINION)
    newer = newer.filter(
        Q(published_at__gt=OuterRef("published_at"))
        | Q(published_at=OuterRef("published_at"), pk__gt=OuterRef("pk"))
    )
    return articles.filter(
        Q(story__isnull=True) | Q(kind=Article.Kind.OPINION) | ~Exists(newer.values("pk"))
    )


def section_stories_page(
    section: Section, reader: ReaderFilter, cursor: str | None, size: int = PAGE_SIZE
) -> StoryPage:
    """A section's newest headlines, one per story, keyset-paginated."""
    visible = reader.apply(published().filter(section=section))
    siblings = reader.apply(
        Article.objects.filter(status=Article.Status.PUBLISHED, section=section)
    )
    page = page_of(newest_of_its_story(visible, siblings), cursor, size)
    return StoryPage(story_items(page.items, reader), page.next_cursor)


# The story page ----------------------------------------------------------------------------------

# A story page lists this many of the story's newest articles (a story lasting weeks can
# gather hundreds; the takes of every outlet fit well within this).
STORY_ARTICLES = 200
STORY_TOPICS = 12


@dataclass
class Take:
    """One outlet's take on a story: its newest article, and its earlier ones."""

    article: Article
    earlier: list[Article] = field(default_factory=list)
    read: bool = False


@dataclass
class Coverage:
    story: Story
    takes: list[Take]
    opinion: list[Article]
    topics: Sequence[Topic]
    article_ids: list[int]
    first_published_at: datetime
    last_published_at: datetime
    hidden: int  # articles the reader's mutes hide
    truncated: bool  # more articles than a page lists

    @property
    def source_count(self) -> int:
        return len(self.takes)

    @property
    def main_topics(self) -> Sequence[Topic]:
        return self.topics[:3]


def story_for_page(pk: int) -> Story | None:
    return Story.objects.filter(pk=pk).select_related("section").first()


def story_coverage(story: Story, reader: ReaderFilter) -> Coverage:
    """Every outlet's take on a story (newest first), its opinion pieces apart, and the topics
    its articles are tagged with, most common first. Three queries, one more when the reader
    mutes anything (which of the articles the mutes leave)."""
    from tribune.understanding.models import Topic

    base = published().filter(story=story).order_by("-published_at", "-id")
    rows = list(base[: STORY_ARTICLES + 1])
    truncated = len(rows) > STORY_ARTICLES
    rows = rows[:STORY_ARTICLES]
    filtered = reader.apply(base)
    if filtered is not base:
        kept = set(
            filtered.filter(pk__in=[a.pk for a in rows]).values_list("pk", flat=True).order_by()
        )
    else:
        kept = {a.pk for a in rows}
    shown = [
        a
        for a in rows
        if a.pk in kept and not reader.hides(a.title, f"{a.standfirst}\n{a.summary}")
    ]
    read = reader.read_ids(a.pk for a in shown)
    takes: dict[int, Take] = {}
    opinion: list[Article] = []
    for article in shown:
        if _is_opinion(article):
            opinion.append(article)
        elif article.source_id in takes:
            takes[article.source_id].earlier.append(article)
        else:
            takes[article.source_id] = Take(article, read=article.pk in read)
    ids = [a.pk for a in rows]
    topics = (
        list(
            Topic.objects.filter(is_active=True, tags__article_id__in=ids)
            .annotate(n=Count("tags"))
            .order_by("-n", "name")[:STORY_TOPICS]
        )
        if ids
        else []
    )
    times = [a.published_at for a in rows]
    return Coverage(
        story=story,
        takes=list(takes.values()),
        opinion=opinion,
        topics=topics,
        article_ids=ids,
        first_published_at=(story.first_published_at if truncated or not times else min(times)),
        last_published_at=max(times, default=story.last_published_at),
        hidden=len(rows) - len(shown),
        truncated=truncated,
    )


# Articles ----------------------------------------------------------------------------------------


def article_for_page(pk: int) -> Article | None:
    return (
        Article.objects.filter(pk=pk, status=Article.Status.PUBLISHED)
        .select_related("source", "section", "story")
        .prefetch_related("authors")
        .first()
    )


def story_box(article: Article, reader: ReaderFilter) -> StoryItem | None:
    """The "this story on N sources" box, for an article whose story two or more outlets
    tell."""
    story = article.story if article.story_id else None
    if story is None or story.source_count < 2 or _is_opinion(article):
        return None
    outlets = outlets_by_story([story.pk], reader).get(story.pk, [])
    others = [name for source_id, name in outlets if source_id != article.source_id]
    return StoryItem(article, others) if others else None


def more_from_source(article: Article, limit: int = 5) -> list[Article]:
    return list(
        published()
        .filter(source_id=article.source_id)
        .exclude(pk=article.pk)
        .order_by("-published_at")[:limit]
    )


def sources_listing() -> QuerySet[Source]:
    return (
        Source.objects.filter(kind=Source.Kind.FEED, is_active=True)
        .select_related("section")
        .order_by("title")
    )
