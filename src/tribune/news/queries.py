"""Named reads for the reading pages. Each list is a fixed number of queries, whatever its size."""

from __future__ import annotations

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber

from tribune.core.pagination import Page, keyset_page
from tribune.news.models import Article, Section, Source

PAGE_SIZE = 30
# Fields a list never shows: left in the database so a page of 30 stays small.
LIST_DEFERRED = ("content_html", "content_text", "body_markdown", "enclosures", "categories")


def published() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("source", "section")
        .defer(*LIST_DEFERRED)
    )


def latest(limit: int) -> list[Article]:
    return list(published().order_by("-published_at", "-id")[:limit])


# The front page's sections are drawn from this many newest articles: a window function over
# all of a large site's articles cost 50-85 ms at 100k; over these, about a millisecond.
FRONT_PAGE_CANDIDATES = 1000


def front_page_sections(
    per_section: int = 5, exclude: list[int] | None = None
) -> list[tuple[Section, list[Article]]]:
    """The newest few articles of every section among the site's newest articles: one
    indexed query for where "newest" ends, one window function per section over those,
    one for the sections themselves."""
    candidates = published().filter(section__isnull=False)
    edge = (
        candidates.order_by("-published_at")
        .values_list("published_at", flat=True)[FRONT_PAGE_CANDIDATES - 1 : FRONT_PAGE_CANDIDATES]
        .first()
    )
    if edge is not None:
        candidates = candidates.filter(published_at__gte=edge)
    ranked = (
        candidates.exclude(id__in=exclude or [])
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per_section)
        .order_by("section_id", "rank")
    )
    by_section: dict[int, list[Article]] = {}
    for article in ranked:
        by_section.setdefault(article.section_id or 0, []).append(article)
    return [(s, by_section[s.pk]) for s in Section.objects.all() if s.pk in by_section]


def page_of(
    queryset: QuerySet[Article], cursor: str | None, size: int = PAGE_SIZE
) -> Page[Article]:
    return keyset_page(queryset, "published_at", cursor, size)


def article_for_page(pk: int) -> Article | None:
    return (
        Article.objects.filter(pk=pk, status=Article.Status.PUBLISHED)
        .select_related("source", "section")
        .prefetch_related("authors")
        .first()
    )


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
