"""Feed and page fetching against a real server on 127.0.0.1, and the demo mirror on disk."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from tests.servers import Exchange, Handler, LocalServer, http_server
from tribune.core import http
from tribune.core.http import FetchError, Guard
from tribune.ingest import fetch
from tribune.ingest.fetch import fetch_feed, fetch_page, is_demo_url

__all__ = ["http_server"]  # a fixture from tests.servers, used by name

GUARD = Guard(allowed_networks=["127.0.0.0/8"], timeout=5.0)
RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"


def conditional(etag: str, last_modified: str) -> Handler:
    """A feed that answers 304 when either validator matches, as real servers do."""

    def handler(exchange: Exchange) -> None:
        headers = exchange.request.headers
        if (
            headers.get("if-none-match") == etag
            or headers.get("if-modified-since") == last_modified
        ):
            exchange.respond(304, b"")
            return
        exchange.respond(
            200,
            RSS,
            {"Content-Type": "application/rss+xml", "ETag": etag, "Last-Modified": last_modified},
        )

    return handler


LAST_MODIFIED = "Tue, 01 Apr 2025 10:00:00 GMT"


def test_first_fetch_returns_the_feed_with_its_validators(http_server: LocalServer) -> None:
    http_server.route("/feed", conditional('"v1"', LAST_MODIFIED))
    result = fetch_feed(http_server.url("/feed"), guard=GUARD)
    assert (result.status, result.not_modified, result.body) == (200, False, RSS)
    assert (result.etag, result.last_modified) == ('"v1"', LAST_MODIFIED)
    assert result.content_type == "application/rss+xml"
    assert "if-none-match" not in http_server.requests[0].headers


def test_conditional_get_sends_validators_and_reads_not_modified(http_server: LocalServer) -> None:
    http_server.route("/feed", conditional('"v1"', LAST_MODIFIED))
    result = fetch_feed(
        http_server.url("/feed"), etag='"v1"', last_modified=LAST_MODIFIED, guard=GUARD
    )
    sent = http_server.requests[0].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', LAST_MODIFIED)
    assert (result.status, result.not_modified, result.body) == (304, True, b"")
    assert (result.etag, result.last_modified) == ('"v1"', LAST_MODIFIED)


def test_not_modified_with_new_validators_replaces_the_old_ones(http_server: LocalServer) -> None:
    http_server.reply("/feed", 304, b"", {"ETag": '"v2"', "Last-Modified": "Wed, 02 Apr 2025"})
    result = fetch_feed(http_server.url("/feed"), etag='"v1"', last_modified="old", guard=GUARD)
    assert result.not_modified
    assert (result.etag, result.last_modified) == ('"v2"', "Wed, 02 Apr 2025")


def test_changed_feed_without_validators_forgets_the_old_ones(http_server: LocalServer) -> None:
    http_server.reply("/feed", 200, RSS)
    result = fetch_feed(http_server.url("/feed"), etag='"v1"', last_modified="old", guard=GUARD)
    assert (result.etag, result.last_modified) == (None, None)


def test_feed_request_accepts_feed_types(http_server: LocalServer) -> None:
    http_server.reply("/feed", 200, RSS)
    fetch_feed(http_server.url("/feed"), guard=GUARD)
    accept = http_server.requests[0].headers["accept"]
    for kind in ("application/rss+xml", "application/atom+xml", "application/feed+json"):
        assert kind in accept
    assert "application/xml;q=0.9" in accept and "*/*;q=0.8" in accept


def test_page_request_accepts_html(http_server: LocalServer) -> None:
    http_server.reply(
        "/a", 200, b"<html></html>", {"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    result = fetch_page(http_server.url("/a"), guard=GUARD)
    assert http_server.requests[0].headers["accept"].startswith("text/html")
    assert (result.content_type, result.charset) == ("text/html", "iso-8859-1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("application/rss+xml; charset=UTF-8", ("application/rss+xml", "utf-8")),
        ('Text/XML; Charset="windows-1252"', ("text/xml", "windows-1252")),
        ("application/atom+xml", ("application/atom+xml", None)),
        ("text/html; boundary=x; charset=utf-8", ("text/html", "utf-8")),
        ("", ("", None)),
        (None, ("", None)),
    ],
)
def test_content_type_is_split_into_type_and_charset(
    value: str | None, expected: tuple[str, str | None]
) -> None:
    assert fetch.parse_content_type(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("max-age=600", 600.0),
        ("public, max-age=3600, must-revalidate", 3600.0),
        ('MAX-AGE="120"', 120.0),
        ("max-age=0", 0.0),
        ("no-store, max-age=600", None),
        ("no-cache, max-age=600", None),
        ("max-age=soon", None),
        ("max-age=-5", None),
        ("public", None),
        (None, None),
    ],
)
def test_cache_control_max_age_is_parsed(value: str | None, expected: float | None) -> None:
    assert fetch.parse_max_age(value) == expected


def test_max_age_and_retry_after_come_from_a_successful_response(
    http_server: LocalServer,
) -> None:
    http_server.reply("/feed", 200, RSS, {"Cache-Control": "max-age=900", "Retry-After": "1800"})
    result = fetch_feed(http_server.url("/feed"), guard=GUARD)
    assert (result.max_age, result.retry_after) == (900.0, 1800.0)


def test_max_age_is_none_when_absent(http_server: LocalServer) -> None:
    http_server.reply("/feed", 200, RSS)
    result = fetch_feed(http_server.url("/feed"), guard=GUARD)
    assert (result.max_age, result.retry_after) == (None, None)


def test_too_many_requests_raises_with_retry_after(http_server: LocalServer) -> None:
    http_server.reply("/feed", 429, b"", {"Retry-After": "300"})
    with pytest.raises(FetchError) as caught:
        fetch_feed(http_server.url("/feed"), guard=GUARD)
    assert (caught.value.code, caught.value.status, caught.value.retry_after) == (
        "http_status",
        429,
        300.0,
    )


def test_unavailable_raises_with_retry_after_from_a_date(http_server: LocalServer) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True)
    http_server.reply("/feed", 503, b"", {"Retry-After": later})
    with pytest.raises(FetchError) as caught:
        fetch_feed(http_server.url("/feed"), guard=GUARD)
    assert caught.value.status == 503
    assert caught.value.retry_after is not None and 590 < caught.value.retry_after <= 600


@pytest.mark.parametrize(
    ("statuses", "permanent"),
    [
        ((301,), True),
        ((308,), True),
        ((301, 301), True),
        ((301, 308), True),
        ((301, 302), False),
        ((302, 301), False),
        ((307,), False),
        ((), False),
    ],
)
def test_permanent_url_is_set_only_when_every_redirect_was_permanent(
    http_server: LocalServer, statuses: tuple[int, ...], permanent: bool
) -> None:
    for n, status in enumerate(statuses):
        http_server.redirect(f"/{n}", f"/{n + 1}", status)
    http_server.reply(f"/{len(statuses)}", 200, RSS)
    result = fetch_feed(http_server.url("/0"), guard=GUARD)
    assert result.requested_url == http_server.url("/0")
    assert result.final_url == http_server.url(f"/{len(statuses)}")
    assert result.permanent_url == (result.final_url if permanent else None)


def test_failures_raise_fetch_errors(http_server: LocalServer) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_feed("ftp://example.com/feed.xml", guard=GUARD)
    assert caught.value.code == "bad_scheme"
    with pytest.raises(FetchError) as caught:
        fetch_page(http_server.url("/"), guard=Guard())
    assert caught.value.code == "blocked_address"


# --- The demo mirror -------------------------------------------------------------------------


@pytest.fixture
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "sites"
    site = root / "news.example"
    (site / "world").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Home</h1>")
    (site / "about.html").write_text("<h1>About</h1>")
    (site / "world" / "index.html").write_text("<h1>World</h1>")
    (site / "feed.xml").write_bytes(RSS)
    (site / "feed.rss").write_bytes(RSS)
    (site / "feed.atom").write_bytes(b"<feed/>")
    (site / "feed.json").write_bytes(b'{"version": "https://jsonfeed.org/version/1.1"}')
    (tmp_path / "secret.txt").write_text("outside")
    monkeypatch.setattr(fetch, "demo_root", lambda: root)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the demo mirror must not touch the network")

    monkeypatch.setattr(http, "request", no_network)
    return root


@pytest.mark.parametrize(
    ("url", "body", "content_type", "charset"),
    [
        ("https://news.example/", b"<h1>Home</h1>", "text/html", "utf-8"),
        ("http://news.example", b"<h1>Home</h1>", "text/html", "utf-8"),
        ("https://news.example/about", b"<h1>About</h1>", "text/html", "utf-8"),
        ("https://news.example/world", b"<h1>World</h1>", "text/html", "utf-8"),
        ("https://news.example/world/", b"<h1>World</h1>", "text/html", "utf-8"),
        ("https://NEWS.example/about.html?utm=1", b"<h1>About</h1>", "text/html", "utf-8"),
        ("https://news.example/feed.xml", RSS, "application/xml", None),
        ("https://news.example/feed.rss", RSS, "application/rss+xml", None),
        ("https://news.example/feed.atom", b"<feed/>", "application/atom+xml", None),
        ("https://news.example/feed.json", None, "application/feed+json", None),
    ],
)
def test_demo_mirror_serves_files_from_disk(
    mirror: Path, url: str, body: bytes | None, content_type: str, charset: str | None
) -> None:
    result = fetch_page(url)
    assert (result.status, result.content_type, result.charset) == (200, content_type, charset)
    if body is not None:
        assert result.body == body
    assert result.final_url == url
    assert result.permanent_url is None


def test_demo_mirror_answers_not_modified_to_its_etag(mirror: Path) -> None:
    first = fetch_feed("https://news.example/feed.xml")
    assert first.etag and first.etag.startswith('"')
    again = fetch_feed("https://news.example/feed.xml", etag=first.etag)
    assert (again.status, again.not_modified, again.body, again.etag) == (
        304,
        True,
        b"",
        first.etag,
    )
    (mirror / "news.example" / "feed.xml").write_bytes(RSS + b"<!-- changed -->")
    changed = fetch_feed("https://news.example/feed.xml", etag=first.etag)
    assert not changed.not_modified
    assert changed.etag != first.etag


def test_demo_mirror_missing_file_is_not_found(mirror: Path) -> None:
    for url in ("https://news.example/nothing.xml", "https://elsewhere.example/"):
        with pytest.raises(FetchError) as caught:
            fetch_feed(url)
        assert (caught.value.code, caught.value.status) == ("http_status", 404)


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/world/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%00.xml",
    ],
)
def test_demo_mirror_refuses_paths_outside_the_site(mirror: Path, path: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_page("https://news.example" + path)
    assert caught.value.code == "bad_url"


def test_demo_mirror_refuses_symlinks_out_of_the_site(mirror: Path) -> None:
    os.symlink(mirror.parent / "secret.txt", mirror / "news.example" / "leak.txt")
    with pytest.raises(FetchError) as caught:
        fetch_page("https://news.example/leak.txt")
    assert caught.value.code == "bad_url"


def test_demo_mirror_respects_the_byte_cap(mirror: Path) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_page("https://news.example/about", guard=Guard(max_bytes=5))
    assert caught.value.code == "too_large"


@pytest.mark.parametrize(
    ("url", "demo"),
    [
        ("https://news.example/feed.xml", True),
        ("http://city.news.example/", True),
        ("https://news.example./", True),
        ("https://news.example:8443/", True),
        ("https://news.example.com/", False),
        ("https://example/", False),
        ("https://news.example.attacker.net/", False),
        ("ftp://news.example/", False),
        ("file:///news.example/", False),
    ],
)
def test_only_example_hosts_belong_to_the_demo_mirror(url: str, demo: bool) -> None:
    assert is_demo_url(url) is demo


def test_other_hosts_are_fetched_over_http_even_with_a_folder_on_disk(
    http_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "127.0.0.1"
    site.mkdir()
    (site / "feed.xml").write_bytes(b"from disk")
    monkeypatch.setattr(fetch, "demo_root", lambda: tmp_path)
    http_server.reply("/feed.xml", 200, b"from the server")
    result = fetch_feed(http_server.url("/feed.xml"), guard=GUARD)
    assert result.body == b"from the server"
