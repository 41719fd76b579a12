"""discover_feeds and looks_like_feed: what a page advertises, and what is a feed already."""

from __future__ import annotations

import json

import pytest

from tribune.ingest.discover import discover_feeds, looks_like_feed

PAGE = "https://harbour.example/news/today.html"


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body>{body}</body></html>"


def test_advertised_feeds_come_first_in_page_order_and_absolute() -> None:
    html = page(
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml" title="RSS">'
        '<link rel="alternate" type="application/atom+xml" href="atom.xml">'
        '<link rel="alternate" type="application/feed+json" href="https://harbour.example/f.json">'
    )
    assert discover_feeds(html, PAGE) == [
        "https://harbour.example/feed.xml",
        "https://harbour.example/news/atom.xml",
        "https://harbour.example/f.json",
    ]


def test_comment_feeds_are_put_last() -> None:
    html = page(
        '<link rel="alternate" type="application/rss+xml" title="Site » Comments Feed" '
        'href="/comments/feed/">'
        '<link rel="alternate" type="application/rss+xml" title="Site » Feed" href="/feed/">'
    )
    assert discover_feeds(html, PAGE) == [
        "https://harbour.example/feed/",
        "https://harbour.example/comments/feed/",
    ]


def test_a_base_element_changes_where_relative_links_point() -> None:
    html = page(
        '<base href="https://cdn.harbour.example/site/">'
        '<link rel="alternate" type="application/rss+xml" href="rss">'
    )
    assert discover_feeds(html, PAGE) == ["https://cdn.harbour.example/site/rss"]


def test_rel_and_type_are_read_loosely() -> None:
    html = page(
        '<link rel="Alternate home" type="Application/RSS+XML; charset=utf-8" href="/a">'
        '<link rel="feed" href="/b">'
    )
    assert discover_feeds(html, PAGE) == [
        "https://harbour.example/a",
        "https://harbour.example/b",
    ]


def test_alternates_that_are_not_feeds_are_ignored() -> None:
    html = page(
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">'
        '<link rel="alternate" type="application/json+oembed" href="/oembed?url=x">'
        '<link rel="alternate" hreflang="fr" href="/fr/">'
        '<link rel="alternate" type="text/xml" href="/sitemap.xml">'
        '<link rel="stylesheet" type="text/css" href="/site.css">'
        '<link rel="alternate" type="application/rss+xml">'
    )
    assert discover_feeds(html, PAGE) == []


def test_a_json_alternate_that_says_it_is_a_feed_counts() -> None:
    html = page('<link rel="alternate" type="application/json" title="JSON Feed" href="/j">')
    assert discover_feeds(html, PAGE) == ["https://harbour.example/j"]


def test_feed_scheme_links_are_unwrapped_and_unsafe_ones_dropped() -> None:
    html = page(
        '<link rel="alternate" type="application/rss+xml" href="feed://harbour.example/rss">'
        '<link rel="alternate" type="application/rss+xml" href="feed:https://harbour.example/s">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
        '<link rel="alternate" type="application/atom+xml" href="ftp://harbour.example/a">'
    )
    assert discover_feeds(html, PAGE) == [
        "http://harbour.example/rss",
        "https://harbour.example/s",
    ]


def test_duplicates_are_dropped_fragments_and_all() -> None:
    html = page(
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="application/rss+xml" href="https://harbour.example/feed/#x">',
        '<a href="/feed/">Subscribe</a>',
    )
    assert discover_feeds(html, PAGE) == ["https://harbour.example/feed/"]


def test_feedlike_anchors_are_weak_candidates_after_advertised_feeds() -> None:
    html = page(
        '<link rel="alternate" type="application/atom+xml" href="/atom.xml">',
        '<a href="https://other.example/rss.xml">their feed</a>'
        '<a href="/about">About</a><a href="/feed">Feed</a><a href="/news/feedback">Feedback</a>'
        '<a href="/?feed=rss2">RSS</a><a href="/comments/feed">Comments</a>'
        '<a href="/podcast.rss">Podcast</a>',
    )
    assert discover_feeds(html, PAGE) == [
        "https://harbour.example/atom.xml",
        "https://harbour.example/feed",
        "https://harbour.example/?feed=rss2",
        "https://harbour.example/podcast.rss",
        "https://other.example/rss.xml",
    ]


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-8"])
def test_bytes_are_read_in_the_charset_the_page_declares(charset: str) -> None:
    html = page(
        f'<meta charset="{charset}"><link rel="alternate" type="application/rss+xml" '
        'href="/café.xml">'
    )
    assert discover_feeds(html.encode(charset), PAGE) == ["https://harbour.example/café.xml"]


def test_a_page_that_is_a_feed_is_its_own_feed() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    assert discover_feeds(body, "https://harbour.example/feed") == ["https://harbour.example/feed"]


@pytest.mark.parametrize("html", ["", "   ", b"", b"\x00\xff\xfe garbage", "<html>"])
def test_nothing_to_discover_gives_an_empty_list(html: str | bytes) -> None:
    assert discover_feeds(html, PAGE) == []


# --- looks_like_feed -----------------------------------------------------------------------

RSS = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>'


@pytest.mark.parametrize(
    "body",
    [
        RSS,
        b'\xef\xbb\xbf<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?>\n<!-- c -->' + RSS[22:],
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
        b'<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>',
        b'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x.dtd"><rss>',
        RSS.decode().replace('"1.0"?>', '"1.0" encoding="utf-16"?>').encode("utf-16"),
        b"<br />\n<b>Warning</b>: x in y.php<br />\n" + RSS,
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": []}',
    ],
    ids=["rss", "prolog", "atom", "atom-prefixed", "rdf", "netscape", "utf16", "junk", "json"],
)
def test_feeds_look_like_feeds(body: bytes) -> None:
    assert looks_like_feed(body)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<!DOCTYPE html><html><body><p>hello</p></body></html>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>',
        b'{"name": "not a feed", "items": 3}',
        b"[1, 2]",
        b"plain text",
    ],
    ids=["empty", "html", "xhtml", "sitemap", "json", "json-array", "text"],
)
def test_other_documents_do_not(body: bytes) -> None:
    assert not looks_like_feed(body)


def test_json_feed_version_after_a_long_description_is_still_found() -> None:
    body = json.dumps(
        {"title": "j", "description": "x" * 5000, "version": "https://jsonfeed.org/version/1"}
    ).encode()
    assert looks_like_feed(body)


def test_the_content_type_settles_json_without_a_version() -> None:
    body = b'{"title": "j", "items": []}'
    assert looks_like_feed(body, "application/feed+json; charset=utf-8")
    assert not looks_like_feed(body, "application/json")


def test_a_content_type_does_not_make_html_a_feed() -> None:
    assert not looks_like_feed(b"<html><body>x</body></html>", "application/rss+xml")
