"""refresh_source end to end: real HTTP on loopback, real database, real parsing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from tests.servers import LocalServer, http_server
from tribune.core.http import Guard
from tribune.ingest.pipeline import refresh_source
from tribune.ingest.worker import close_thread_connections, run_pass
from tribune.news.actions import do_add_source
from tribune.news.models import Article, Source

__all__ = ["http_server"]
pytestmark = pytest.mark.django_db

GUARD = Guard(allowed_networks=["127.0.0.0/8"], timeout=5)
RSS = "application/rss+xml"


def rss(items: list[tuple[str, str, str]], title: str = "Loopback Ledger") -> bytes:
    """items: (guid, title, html description)"""
    body = "".join(
        f"<item><guid>{guid}</guid><title>{t}</title><link>https://ledger.test/{guid}</link>"
        f"<pubDate>Mon, 23 Nov 2026 10:{i:02d}:00 +0000</pubDate>"
        f"<description><![CDATA[{html}]]></description></item>"
        for i, (guid, t, html) in enumerate(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://ledger.test/</link><description>Test feed</description>{body}</channel></rss>"
    ).encode()


ITEMS = [
    (f"g{i}", f"Story number {i}", f"<p>Paragraph one of story {i}.</p><p>Paragraph two.</p>")
    for i in range(5)
]


def add(server: LocalServer, path: str = "/feed.xml", **kwargs: object) -> Source:
    source, _ = do_add_source(server.url(path), **kwargs)  # type: ignore[arg-type]
    return source


def test_a_new_feed_fills_articles_and_its_source(http_server):
    http_server.reply("/feed.xml", 200, rss(ITEMS), {"Content-Type": RSS, "ETag": '"v1"'})
    source = add(http_server)
    report = refresh_source(source.pk, guard=GUARD)
    assert report.ok and report.created == 5
    source.refresh_from_db()
    assert source.title == "Loopback Ledger"
    assert source.etag == '"v1"'
    assert source.error_count == 0
    assert source.next_fetch_at > timezone.now()
    article = Article.objects.get(guid="g3")
    assert article.title == "Story number 3"
    assert "Paragraph one of story 3." in article.content_text
    assert article.word_count > 0 and article.reading_minutes >= 1


def test_an_unchanged_feed_is_asked_conditionally_and_changes_nothing(http_server):
    def feed(exchange):
        if exchange.request.headers.get("if-none-match") == '"v1"':
            exchange.respond(304, b"", {"ETag": '"v1"'})
        else:
            exchange.respond(200, rss(ITEMS), {"Content-Type": RSS, "ETag": '"v1"'})

    http_server.route("/feed.xml", feed)
    source = add(http_server)
    refresh_source(source.pk, guard=GUARD)
    before = list(Article.objects.values_list("id", "content_hash").order_by("id"))
    report = refresh_source(source.pk, guard=GUARD)
    assert report.ok and report.not_modified
    assert http_server.requests[-1].headers["if-none-match"] == '"v1"'
    assert list(Article.objects.values_list("id", "content_hash").order_by("id")) == before


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (500, b"oops", "http_status"),
        (200, b"\x89PNG\r\n\x1a\n binary garbage", "parse"),
        (200, b"<!doctype html><html><body>Not a feed</body></html>", "parse"),
        (404, b"gone", "http_status"),
    ],
)
def test_a_failed_refresh_records_the_error_and_keeps_every_article(
    http_server, status, body, code
):
    http_server.reply("/feed.xml", 200, rss(ITEMS), {"Content-Type": RSS})
    source = add(http_server)
    refresh_source(source.pk, guard=GUARD)
    stored = list(
        Article.objects.values("id", "title", "content_html", "published_at").order_by("id")
    )
    http_server.reply("/feed.xml", status, body, {"Content-Type": RSS})
    report = refresh_source(source.pk, guard=GUARD)
    source.refresh_from_db()
    assert not report.ok and report.error_code == code
    assert source.error_count == 1 and source.last_error_code == code and source.last_error
    assert source.next_fetch_at > timezone.now()
    assert (
        list(Article.objects.values("id", "title", "content_html", "published_at").order_by("id"))
        == stored
    )


def test_repeated_failures_back_off_and_a_success_resets_the_count(http_server, settings):
    settings.FETCH_MIN_INTERVAL, settings.FETCH_MAX_INTERVAL = 60, 3600
    http_server.reply("/feed.xml", 503, b"busy")
    source = add(http_server)
    waits = []
    for _ in range(4):
        refresh_source(source.pk, guard=GUARD)
        source.refresh_from_db()
        waits.append((source.next_fetch_at - timezone.now()).total_seconds())
    assert source.error_count == 4
    assert waits[-1] > waits[0] * 3
    http_server.reply("/feed.xml", 200, rss(ITEMS), {"Content-Type": RSS})
    assert refresh_source(source.pk, guard=GUARD).ok
    source.refresh_from_db()
    assert source.error_count == 0 and source.last_error == ""


def test_retry_after_on_429_is_honored(http_server, settings):
    settings.FETCH_MIN_INTERVAL, settings.FETCH_MAX_INTERVAL = 60, 86400
    http_server.reply("/feed.xml", 429, b"slow down", {"Retry-After": "7200"})
    source = add(http_server)
    refresh_source(source.pk, guard=GUARD)
    source.refresh_from_db()
    assert source.next_fetch_at - timezone.now() >= timedelta(seconds=7100)


def test_a_permanent_redirect_moves_the_source_and_a_temporary_one_does_not(http_server):
    http_server.reply("/new.xml", 200, rss(ITEMS), {"Content-Type": RSS})
    http_server.redirect("/moved.xml", "/new.xml", 301)
    http_server.redirect("/away.xml", "/new.xml", 302)
    moved, away = add(http_server, "/moved.xml"), add(http_server, "/away.xml")
    assert refresh_source(moved.pk, guard=GUARD).ok
    assert refresh_source(away.pk, guard=GUARD).ok
    moved.refresh_from_db()
    away.refresh_from_db()
    assert moved.feed_url == http_server.url("/new.xml")
    assert away.feed_url == http_server.url("/away.xml")


def test_a_redirect_to_a_forbidden_address_is_recorded_not_followed(http_server):
    guard = Guard(allowed_networks=["127.0.0.1/32"], timeout=5)
    with LocalServer("127.0.0.2") as inner:
        inner.reply("/secret", 200, rss(ITEMS), {"Content-Type": RSS})
        http_server.redirect("/feed.xml", inner.url("/secret"), 302)
        source = add(http_server)
        report = refresh_source(source.pk, guard=guard)
        assert report.error_code == "blocked_address"
        assert inner.requests == []
    assert Article.objects.count() == 0


def test_hostile_feed_html_is_stored_inert(http_server):
    hostile = [
        (
            "x1",
            "Click <script>alert(1)</script>me",
            '<p onclick="alert(1)">Hi</p><script>alert(2)</script>'
            '<a href="javascript:alert(3)">link</a><iframe srcdoc="<script>alert(4)</script>"></iframe>'
            '<img src="x" onerror="alert(5)"><svg onload="alert(6)"></svg><p style="background:url(javascript:alert(7))">s</p>',
        ),
    ]
    http_server.reply("/feed.xml", 200, rss(hostile), {"Content-Type": RSS})
    refresh_source(add(http_server).pk, guard=GUARD)
    article = Article.objects.get()
    stored = (article.title + article.content_html + article.summary).lower()
    for bad in (
        "<script",
        "onclick",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
    ):
        assert bad not in stored


def test_full_text_comes_from_the_article_page_when_the_feed_has_a_summary(http_server):
    link = http_server.url("/2026/11/ferry")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Summaries</title>'
        f"<item><guid>f1</guid><title>Electric ferry enters service</title><link>{link}</link>"
        "<description>The new ferry made its first crossing.</description></item></channel></rss>"
    ).encode()
    paragraphs = "".join(
        f"<p>Paragraph {i} of the full report on the ferry, with enough words to be the article body text.</p>"
        for i in range(12)
    )
    page = (
        "<!doctype html><html lang='en'><head><title>Electric ferry enters service</title>"
        "<meta name='author' content='Ana Ruiz'></head><body><nav><a href='/'>Home</a><a href='/local'>Local</a></nav>"
        f"<article><h1>Electric ferry enters service</h1>{paragraphs}</article>"
        "<footer><a href='/about'>About us</a></footer></body></html>"
    ).encode()
    http_server.reply("/feed.xml", 200, feed, {"Content-Type": RSS})
    http_server.reply("/2026/11/ferry", 200, page, {"Content-Type": "text/html; charset=utf-8"})
    source = add(http_server, full_text=True)
    report = refresh_source(source.pk, guard=GUARD)
    assert report.ok, report.error
    article = Article.objects.get()
    assert article.has_full_text
    assert "Paragraph 11 of the full report" in article.content_text
    assert "About us" not in article.content_text
    assert article.summary.startswith("The new ferry made its first crossing.")
    # A second refresh does not fetch the page again: it is only for new entries.
    fetched_pages = http_server.paths().count("/2026/11/ferry")
    refresh_source(source.pk, guard=GUARD)
    assert http_server.paths().count("/2026/11/ferry") == fetched_pages == 1


def test_a_failing_article_page_keeps_the_feed_summary(http_server):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>'
        f"<item><guid>f1</guid><title>T</title><link>{http_server.url('/missing')}</link>"
        "<description>Only a summary.</description></item></channel></rss>"
    ).encode()
    http_server.reply("/feed.xml", 200, feed, {"Content-Type": RSS})
    report = refresh_source(add(http_server, full_text=True).pk, guard=GUARD)
    assert report.ok and report.warnings
    assert Article.objects.get().content_text == "Only a summary."


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_fetch_each_source_once_and_store_no_duplicates(http_server, settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    for n in range(12):
        http_server.reply(
            f"/f{n}.xml",
            200,
            rss([(f"s{n}-{i}", f"Story {n}-{i}", "<p>x</p>") for i in range(4)]),
            {"Content-Type": RSS},
        )
        add(http_server, f"/f{n}.xml")
    barrier = threading.Barrier(2)

    def worker() -> None:
        barrier.wait()
        with ThreadPoolExecutor(3) as pool:
            run_pass(pool, batch=2)
            close_thread_connections(pool, 3)
        connections.close_all()  # the claimer's own

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    feed_requests = [p for p in http_server.paths() if p.startswith("/f")]
    assert sorted(feed_requests) == sorted(f"/f{n}.xml" for n in range(12))
    assert Article.objects.count() == 48
    assert Source.objects.filter(leased_until__isnull=False).count() == 0
