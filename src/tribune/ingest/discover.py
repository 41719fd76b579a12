"""Feed discovery: the feeds an HTML page advertises, and whether some bytes are a feed already.

Candidates come best first: <link rel="alternate"> feeds in page order (comment feeds last),
then <a href> links that look like feeds (/feed, /rss.xml, ...), as a weaker hint.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

from tribune.ingest.parse import sniff_format

__all__ = ["discover_feeds", "looks_like_feed"]

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "application/x-rss+xml",
        "text/xml",
        "application/xml",
    }
)
# Paths of a site's feed in the common engines (WordPress, Ghost, Hugo, Jekyll, Blogger...).
_FEED_PATH = re.compile(
    r"(?:^|/)(?:feed|feeds|rss|atom|index\.xml|index\.rss|feed\.xml|rss\.xml|atom\.xml"
    r"|feed\.json|feed\.atom|feed\.rss|rss2|posts/default)/?$"
    r"|\.(?:rss|atom|rdf)$",
    re.IGNORECASE,
)
_FEED_QUERY = re.compile(r"(?:^|&)(?:feed=(?:rss2?|atom|rdf)|format=(?:rss|atom|feed))(?:&|$)")
_COMMENTS = re.compile(r"comment", re.IGNORECASE)
_MAX_ANCHOR_CANDIDATES = 10


def discover_feeds(html: bytes | str, base_url: str) -> list[str]:
    """Absolute, deduplicated feed URLs the page points to, best first.

    A page that is itself a feed gives [base_url].
    """
    body = html if isinstance(html, bytes) else html.encode("utf-8", "replace")
    if looks_like_feed(body):
        return [base_url] if _http(base_url) else []
    root = _parse_html(html)
    if root is None:
        return []
    base = _document_base(root, base_url)
    advertised: list[tuple[bool, str]] = []
    for link in root.iter("link"):
        url = _advertised_feed(link, base)
        if url:
            is_comments = bool(_COMMENTS.search(link.get("title") or "") or _COMMENTS.search(url))
            advertised.append((is_comments, url))
    # Page order otherwise: sites list their main feed first.
    advertised.sort(key=lambda candidate: candidate[0])
    found = [url for _, url in advertised]
    anchors: list[str] = []
    for anchor in root.iter("a"):
        url = _feedlike_anchor(anchor.get("href"), base)
        if url:
            anchors.append(url)
            if len(anchors) >= _MAX_ANCHOR_CANDIDATES:
                break
    # The site's own feed before the feeds of sites it links to.
    site = _host(base_url)
    anchors.sort(key=lambda url: _host(url) != site)
    return list(dict.fromkeys(found + anchors))


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _parse_html(html: bytes | str) -> etree._Element | None:
    parser = etree.HTMLParser(remove_comments=True, no_network=True)
    try:
        if isinstance(html, str):
            # lxml refuses a str that declares its own encoding; bytes let it read <meta charset>.
            html = html.encode("utf-8")
            parser = etree.HTMLParser(remove_comments=True, no_network=True, encoding="utf-8")
        root = etree.fromstring(html, parser) if html.strip() else None
    except (etree.ParserError, ValueError):
        return None
    return root


def _document_base(root: etree._Element, page_url: str) -> str:
    """Where relative links resolve: <base href> if it is http(s), else the page's URL."""
    for element in root.iter("base"):
        href = (element.get("href") or "").strip()
        if href:
            resolved = _resolve(page_url, href)
            return resolved or page_url
    return page_url


def _advertised_feed(link: etree._Element, base: str) -> str:
    rels = (link.get("rel") or "").lower().split()
    kind = (link.get("type") or "").lower().split(";")[0].strip()
    href = link.get("href")
    if not href:
        return ""
    if "alternate" in rels and (kind in FEED_TYPES or _json_feed(kind, href, link)):
        if kind in ("text/xml", "application/xml") and not _FEED_PATH.search(href.split("?")[0]):
            return ""  # generic XML alternates are often sitemaps or oEmbed; need a feed-ish path
        return _resolve(base, href)
    if "feed" in rels:  # HTML5 rel="feed"
        return _resolve(base, href)
    return ""


def _json_feed(kind: str, href: str, link: etree._Element) -> bool:
    # WordPress advertises its REST API as rel="alternate" type="application/json" on every
    # page; only a JSON alternate that says it is a feed counts.
    if kind != "application/json" or "wp-json" in href:
        return False
    title = (link.get("title") or "").lower()
    return "feed" in title or "feed" in href.lower().rsplit("/", 1)[-1]


def _feedlike_anchor(href: str | None, base: str) -> str:
    if not href:
        return ""
    url = _resolve(base, href)
    if not url:
        return ""
    parts = urlsplit(url)
    if _FEED_PATH.search(parts.path) or _FEED_QUERY.search(parts.query):
        return "" if _COMMENTS.search(parts.path) else url
    return ""


def _resolve(base: str, href: str) -> str:
    href = href.strip()
    lowered = href[:5].lower()
    if lowered == "feed:":  # feed://host/path and feed:https://host/path
        rest = href[5:]
        href = rest[2:] if rest.startswith("//") else rest
        if not href.lower().startswith(("http://", "https://")):
            href = "http://" + href
    try:
        url = urldefrag(urljoin(base, href)).url
    except ValueError:
        return ""
    return url if _http(url) else ""


def _http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


_FEED_CONTENT_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x-rss+xml",
        "application/x-atom+xml",
    }
)


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """True if the bytes are an RSS, RDF, Atom or JSON feed (judged by their start).

    The body decides; the content type only settles JSON, where the first bytes alone cannot
    tell a JSON Feed from any other JSON.
    """
    kind = sniff_format(body)
    if kind in ("rss", "atom", "rdf"):
        return True
    if kind == "json":
        return _json_looks_like_feed(body, content_type)
    return False


def _json_looks_like_feed(body: bytes, content_type: str) -> bool:
    head = body[:2048]
    if b"jsonfeed.org/version" in head:
        return True
    if content_type.split(";")[0].strip().lower() in _FEED_CONTENT_TYPES:
        return True
    # The version key may come after a long description; look at the whole object.
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return False
    version = document.get("version") if isinstance(document, dict) else None
    return isinstance(version, str) and "jsonfeed.org" in version
