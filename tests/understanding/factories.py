"""Builders for tagging tests: articles stored through the real news actions."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from tests.factories import entry, make_source
from tribune.news import actions
from tribune.news.models import Article, Source

_n = count(1)


def make_article(
    title: str,
    text: str,
    *,
    source: Source | None = None,
    categories: list[str] | None = None,
    published: datetime | None = None,
    kind: str = Article.Kind.REPORT,
) -> Article:
    """A feed article (or, for kind "opinion"/"original", a newsroom piece) with no section
    unless a category names one."""
    n = next(_n)
    when = published or timezone.now() - timedelta(minutes=n)
    if kind != Article.Kind.REPORT:
        return actions.do_publish_piece(
            actions.house_source(),
            guid=f"tagging-piece-{n}",
            title=title,
            body_markdown=text,
            authors=[],
            kind=kind,
            published_at=when,
        )
    source = source or make_source()
    record = entry(f"tagging-{n}", title=title, published=when, categories=categories)
    record.summary = text
    record.content_text = text
    record.content_html = f"<p>{text}</p>"
    record.content_hash = f"tagging-{n}"  # the column holds 64 characters
    report = actions.do_store_entries(source, [record])
    return Article.objects.get(pk=report.created_ids[0])


def ensure_gazetteer() -> None:
    """The bundled gazetteer, as migration 0002 loads it (a transactional test elsewhere in the
    run may have flushed it)."""
    from tribune.understanding.models import Alias, Topic
    from tribune.understanding.seed import seed_gazetteer

    seed_gazetteer(Topic, Alias)
