"""Builders for test data, going through the real actions."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from tribune.news import actions
from tribune.news.actions import EntryRecord
from tribune.news.models import Section, Source

_n = count(1)


def make_source(**fields: object) -> Source:
    n = next(_n)
    source, _ = actions.do_add_source(
        str(fields.pop("feed_url", f"https://source{n}.test/feed.xml")),
        title=str(fields.pop("title", f"Source {n}")),
        **fields,  # type: ignore[arg-type]
    )
    return source


def make_section(name: str, position: int = 100) -> Section:
    return actions.do_ensure_section(name, position)


def entry(
    guid: str,
    *,
    url: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
    body: str = "<p>Body text of the article.</p>",
    authors: list[str] | None = None,
    categories: list[str] | None = None,
) -> EntryRecord:
    return EntryRecord(
        guid=guid,
        url=url if url is not None else f"https://news.test/{guid}",
        title=title or f"Article {guid}",
        summary="A summary.",
        content_html=body,
        content_text="Body text of the article.",
        authors=authors or [],
        categories=categories or [],
        published=published or timezone.now() - timedelta(minutes=next(_n)),
        updated=None,
        enclosures=[],
        image_url="",
        language="en",
        word_count=5,
        reading_minutes=1,
        has_full_text=True,
        content_hash=f"hash-{guid}-{title}-{body}",
    )
