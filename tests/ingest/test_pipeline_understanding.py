"""refresh_source understands what it stores: real feeds over loopback HTTP get tags and
stories, changed entries are tagged again, and a failure there loses nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import format_datetime

import pytest
from django.utils import timezone

from tests.servers import LocalServer, http_server
from tests.understanding.story_factories import refuse_inserts
from tribune.core.http import Guard
from tribune.ingest.pipeline import refresh_source
from tribune.news.actions import do_add_source
from tribune.news.models import Article, Source
from tribune.understanding import pipeline

__all__ = ["http_server"]
pytestmark = pytest.mark.django_db

GUARD = Guard(allowed_networks=["127.0.0.0/8"], timeout=5)
RSS = "application/rss+xml"
NOW = timezone.now()

IRAN_A = (
    "Iran and UN nuclear watchdog open Vienna talks on inspection access",
    "Iranian officials and IAEA inspectors began two days of talks in Vienna on access to "
    "the Natanz and Fordow enrichment sites.",
)
IRAN_B = (
    "IAEA and Iran start Vienna talks over access for inspectors",
    "The UN nuclear watchdog's inspectors and Iranian officials met in Vienna about the "
    "Natanz and Fordow sites.",
)
LITHIUM = (
    "Chile awards lithium rights in three salt flats to four bidders",
    "The mining ministry picked four companies to develop the Atacama salt flats.",
)
SWAP = (
    "Russia and Ukraine swap 150 prisoners each in UAE-mediated exchange",
    "Both sides returned 150 prisoners of war in a deal brokered by the United Arab Emirates.",
)


def rss(items: list[tuple[str, tuple[str, str], datetime]], title: str) -> bytes:
    body = "".join(
        f"<item><guid>{guid}</guid><title>{headline}</title>"
        f"<link>https://{title.lower()}.test/{guid}</link>"
        f"<pubDate>{format_datetime(published)}</pubDate>"
        f"<description><![CDATA[<p>{lead}</p>]]></description></item>"
        for guid, (headline, lead), published in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}'
        f"</title><link>https://{title.lower()}.test/</link><description>Test feed</description>"
        f"{body}</channel></rss>"
    ).encode()


def serve(server: LocalServer, path: str, feed: bytes) -> Source:
    server.reply(path, 200, feed, {"Content-Type": RSS})
    source, _ = do_add_source(server.url(path))
    return source


def article(guid: str) -> Article:
    return Article.objects.select_related("story").get(guid=guid)


def codes(a: Article) -> set[str]:
    return set(a.tags.values_list("topic__code", flat=True))


def test_fetched_articles_get_tags_and_stories_across_sources(http_server):
    wire = serve(
        http_server,
        "/wire.xml",
        rss(
            [
                ("w1", IRAN_A, NOW - timedelta(hours=5)),
                ("w2", LITHIUM, NOW - timedelta(hours=4)),
            ],
            "Wire",
        ),
    )
    dispatch = serve(
        http_server,
        "/dispatch.xml",
        rss(
            [("d1", IRAN_B, NOW - timedelta(hours=3)), ("d2", SWAP, NOW - timedelta(hours=2))],
            "Dispatch",
        ),
    )
    assert refresh_source(wire.pk, guard=GUARD).created == 2
    assert refresh_source(dispatch.pk, guard=GUARD).created == 2

    assert not Article.objects.filter(understood_at__isnull=True).exists()
    assert not Article.objects.filter(clustered_seq__isnull=True).exists()
    assert "IR" in codes(article("w1")) and "IR" in codes(article("d1"))
    assert "CL" in codes(article("w2"))
    story = article("w1").story
    assert story is not None and article("d1").story == story
    assert (story.article_count, story.source_count, story.title) == (2, 2, IRAN_A[0])
    assert article("w2").story != story and article("d2").story != story


def test_a_changed_entry_is_tagged_again_and_keeps_its_story(http_server):
    items = [("w1", LITHIUM, NOW - timedelta(hours=4))]
    source = serve(http_server, "/wire.xml", rss(items, "Wire"))
    refresh_source(source.pk, guard=GUARD)
    before = article("w1")
    assert "CL" in codes(before)

    moved = ("Bolivia awards lithium rights in three salt flats to four bidders", LITHIUM[1])
    http_server.reply("/wire.xml", 200, rss([("w1", moved, NOW - timedelta(hours=4))], "Wire"), {})
    report = refresh_source(source.pk, guard=GUARD)
    assert report.updated == 1
    after = article("w1")
    assert "BO" in codes(after)
    assert after.story == before.story and after.clustered_seq == before.clustered_seq
    assert after.story is not None and after.story.title == moved[0]


def test_a_failing_tagger_at_ingest_loses_no_article_and_the_chore_finishes_it(http_server):
    source = serve(
        http_server,
        "/wire.xml",
        rss([("w1", IRAN_A, NOW - timedelta(hours=2))], "Wire"),
    )
    with refuse_inserts("understanding_tag"):
        report = refresh_source(source.pk, guard=GUARD)
    assert report.ok and report.created == 1
    stored = article("w1")
    assert stored.understood_at is None
    assert stored.story is not None  # clustering does not wait for tags
    source.refresh_from_db()
    assert source.error_count == 0

    progress = pipeline.catch_up()
    assert (progress.untagged, progress.tagged) == (1, 1)
    assert "IR" in codes(article("w1"))


def test_a_failing_clusterer_at_ingest_loses_no_article_and_the_chore_finishes_it(
    http_server,
):
    source = serve(
        http_server,
        "/wire.xml",
        rss([("w1", IRAN_A, NOW - timedelta(hours=2))], "Wire"),
    )
    with refuse_inserts("news_story"):
        report = refresh_source(source.pk, guard=GUARD)
    assert report.ok and report.created == 1
    assert article("w1").clustered_seq is None
    assert article("w1").understood_at is not None
    pipeline.catch_up()
    assert article("w1").story is not None
