"""Builders for the reading pages' tests: articles from outlets, stories made of them, topics
and tags, written directly (the clusterer and the tagger have their own tests), with the
counters a story keeps."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone
from django.utils.text import slugify

from tests.factories import entry
from tribune.accounts.models import User
from tribune.news.actions import do_store_entries
from tribune.news.models import Article, Section, Source, Story
from tribune.personalization.actions import do_set_rule
from tribune.personalization.prefs import MUTE, Target
from tribune.personalization.queries import ReaderFilter
from tribune.understanding.models import Tag, Topic

_n = count(1)


def publish(
    source: Source,
    title: str,
    *,
    hours_ago: float = 1,
    section: Section | None = None,
    kind: str = Article.Kind.REPORT,
    summary: str = "",
    standfirst: str = "",
) -> Article:
    """One published article from `source`, `hours_ago` hours old."""
    guid = f"g{next(_n)}"
    published = timezone.now() - timedelta(hours=hours_ago)
    record = entry(guid, title=title, published=published)
    # The shared builder's hash grows with the title: PostgreSQL keeps 64 characters.
    record = replace(record, content_hash=hashlib.sha256(record.content_hash.encode()).hexdigest())
    do_store_entries(source, [record])
    article = Article.objects.get(source=source, guid=guid)
    changes: dict[str, object] = {"kind": kind}
    if section is not None:
        changes["section"] = section
    if summary:
        changes["summary"] = summary
    if standfirst:
        changes["standfirst"] = standfirst
    Article.objects.filter(pk=article.pk).update(**changes)
    article.refresh_from_db()
    return article


def make_story(*articles: Article, title: str | None = None) -> Story:
    """A story of these articles, its counters as the clusterer keeps them."""
    times: list[datetime] = [a.published_at for a in articles]
    lead = min(articles, key=lambda a: a.published_at)
    story = Story.objects.create(
        title=title or lead.title,
        lead_article=lead,
        section=lead.section,
        first_published_at=min(times),
        last_published_at=max(times),
        article_count=len(articles),
        source_count=len({a.source_id for a in articles}),
    )
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    for article in articles:
        article.story = story
    return story


def make_topic(name: str, kind: str = Topic.Kind.PLACE, *, active: bool = True) -> Topic:
    """A topic by this name (the bundled gazetteer may hold it already: it is reused)."""
    topic, _ = Topic.objects.update_or_create(
        slug=slugify(name),
        defaults={"kind": kind, "name": name, "is_active": active},
        create_defaults={
            "kind": kind,
            "name": name,
            "origin": Topic.Origin.EDITOR,
            "is_active": active,
        },
    )
    return topic


def tag(article: Article, *topics: Topic) -> None:
    for topic in topics:
        Tag.objects.create(
            article=article,
            topic=topic,
            origin=Tag.Origin.EDITOR,
            matched=topic.name,
            published_at=article.published_at,
        )


def mute(user: User, kind: str, obj: object = None, phrase: str = "") -> None:
    target = Target(kind, phrase=phrase) if kind == "keyword" else Target(kind, id=obj.pk)  # type: ignore[attr-defined]
    do_set_rule(user, target, MUTE, None)


def visitor() -> ReaderFilter:
    """An anonymous reader without preferences."""
    return ReaderFilter(None)


def reader(user: User) -> ReaderFilter:
    return ReaderFilter(user)
