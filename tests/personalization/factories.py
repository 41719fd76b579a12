"""Builders for personalization tests: readers, articles (through the news actions), topics,
tags, stories and busy threads."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone
from django.utils.text import slugify

from tests.factories import entry, make_section, make_source
from tribune.accounts.models import User
from tribune.discussions.models import Discussion
from tribune.news.actions import do_store_entries
from tribune.news.models import Article, Section, Source, Story
from tribune.understanding.models import Tag, Topic

PASSWORD = "a long and quiet harbour"
_n = count(1)

__all__ = ["make_section", "make_source"]


def make_user(username: str) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.test", password=PASSWORD
    )


def make_article(
    source: Source,
    title: str | None = None,
    *,
    hours_ago: float | None = None,
    published: datetime | None = None,
    authors: list[str] | None = None,
    section: Section | None = None,
) -> Article:
    n = next(_n)
    guid = f"p{n}"
    when = published or timezone.now() - timedelta(
        hours=hours_ago if hours_ago is not None else n / 60
    )
    record = entry(guid, title=title or f"Article {n}", published=when, authors=authors or [])
    # The shared builder's hash grows with the title; the column holds 64 characters.
    do_store_entries(source, [replace(record, content_hash=f"hash-{guid}")])
    article = Article.objects.get(source=source, guid=guid)
    if section is not None:
        Article.objects.filter(pk=article.pk).update(section=section)
        article.section = section
    return article


def make_topic(name: str, kind: str = Topic.Kind.PLACE) -> Topic:
    return Topic.objects.create(kind=kind, name=name, slug=slugify(name) or f"t{next(_n)}")


def tag(article: Article, *topics: Topic, in_title: bool = True) -> None:
    for topic in topics:
        Tag.objects.create(
            article=article,
            topic=topic,
            origin=Tag.Origin.EDITOR,
            matched=topic.name,
            in_title=in_title,
            published_at=article.published_at,
        )


def make_story(*articles: Article, title: str = "") -> Story:
    lead = articles[0]
    story = Story.objects.create(
        title=title or lead.title,
        lead_article=lead,
        section=lead.section,
        first_published_at=min(a.published_at for a in articles),
        last_published_at=max(a.published_at for a in articles),
        article_count=len(articles),
        source_count=len({a.source_id for a in articles}),
    )
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    for a in articles:
        a.story = story
    return story


def busy_thread(article: Article, responses: int = 12, hot: float = 0.5) -> Discussion:
    return Discussion.objects.create(
        kind=Discussion.Kind.ARTICLE,
        article=article,
        title=article.title,
        response_count=responses,
        hot_rank=hot,
    )
