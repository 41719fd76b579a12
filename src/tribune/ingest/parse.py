"""Feed bytes to plain dataclasses: RSS 0.90-2.0, RSS 1.0 (RDF), Atom 0.3/1.0, JSON Feed 1.0/1.1.

Owns format sniffing, encoding repair, the XML safety screen, and turning what the parsers
return into `ParsedFeed`. fastfeedparser does the work for well-formed XML (about 40 times
faster than feedparser: bench/parsers.py); feedparser, far more forgiving, salvages malformed
XML; JSON Feed is read with `json` directly. HTML here is not yet sanitized: that is
`core.sanitize`'s job.
"""

from __future__ import annotations

import codecs
import contextvars
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

import fastfeedparser
import fastfeedparser.main as _ffp_main
import feedparser
from lxml import etree
from lxml import html as lxml_html

from tribune.core.sanitize import scrub_surrogates, strip_tags, text_to_html

__all__ = ["Enclosure", "ParseError", "ParsedEntry", "ParsedFeed", "parse_feed", "sniff_format"]


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str
    length: int | None


@dataclass
class ParsedEntry:
    guid: str  # id/guid; else the link; else a stable hash of title+summary+published
    url: str  # absolute http(s) link, "" if none
    title: str  # plain text
    summary_html: str  # not yet sanitized; a plain-text teaser of the content if no summary
    content_html: str  # not yet sanitized; "" if the feed gives only a summary
    authors: list[str]
    categories: list[str]
    published: datetime | None  # aware UTC; falls back to `updated`
    updated: datetime | None
    enclosures: list[Enclosure]
    image_url: str
    language: str


@dataclass
class ParsedFeed:
    title: str
    site_url: str
    description: str
    language: str
    self_url: str
    entries: list[ParsedEntry]
    parser: str  # "fastfeedparser" | "feedparser" | "jsonfeed"
    warnings: list[str] = field(default_factory=list)


class ParseError(Exception):
    """The bytes are not a feed, or nothing could be salvaged from them; the message says which."""


# feedparser reads ~5 MB of feed a second; a bigger malformed document is refused rather than
# ground through (fetch caps bodies well above ordinary feeds anyway).
FALLBACK_MAX_BYTES = 4 * 1024 * 1024
MAX_WARNINGS = 50
# Dates before this are placeholders (the epoch, 1900-01-01), not news.
EARLIEST_YEAR = 1995
FUTURE_TOLERANCE = timedelta(days=2)


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Parse a fetched feed. Raises ParseError, and nothing else, when there is no feed to read."""
    try:
        return _parse(bytes(body), url, content_type)
    except ParseError:
        raise
    except Exception as exc:
        # The contract with the pipeline: whatever the bytes, a ParsedFeed or a ParseError.
        raise ParseError(f"Could not parse the feed: {type(exc).__name__}: {exc}"[:300]) from exc


def _parse(body: bytes, url: str, content_type: str) -> ParsedFeed:
    notes = _Notes()
    if not body.strip():
        raise ParseError("Empty body: nothing to parse")
    data = _to_utf8(body, content_type, notes)
    kind, start = _sniff(data)
    if kind == "json":
        return _parse_json_feed(data, url, notes)
    if kind == "html":
        raise ParseError("Not a feed: looks like an HTML page")
    if kind == "empty":
        raise ParseError("Empty body: nothing to parse")
    if kind == "unknown":
        raise ParseError("Not a feed: neither XML nor JSON")
    if start:
        notes.add(f"ignored {start} bytes of junk before the XML")
        data = data[start:]
    _screen_doctype(data)
    return _parse_xml(data, url, notes)


class _Notes:
    """Salvage notes for ParsedFeed.warnings, capped so a broken feed cannot flood the log."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.dropped = 0

    def add(self, message: str) -> None:
        if len(self.items) < MAX_WARNINGS:
            self.items.append(message)
        else:
            self.dropped += 1

    def merge(self, other: _Notes) -> None:
        for message in other.items:
            self.add(message)
        self.dropped += other.dropped

    def result(self) -> list[str]:
        if self.dropped:
            return [*self.items, f"... and {self.dropped} more warnings"]
        return list(self.items)


# --- encodings ----------------------------------------------------------------------------

# Bytes that are not valid UTF-8 are almost always Windows-1252 (or Latin-1, which it extends).
_CP1252 = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_CP1252[b] for b in bad), exc.end


codecs.register_error("tribune-cp1252", _cp1252_fallback)

_XML_DECL_ENCODING = re.compile(
    rb"""\A\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
)
_XML_DECL_ENCODING_TEXT = re.compile(
    r"""\A(\s*<\?xml[^>]{0,200}?encoding\s*=\s*["'])[A-Za-z0-9._:-]{1,40}(["'])"""
)
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
# Labels that mean "some 8-bit Western encoding": read as Windows-1252, as browsers do.
_WESTERN = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _to_utf8(body: bytes, content_type: str, notes: _Notes) -> bytes:
    """The document as UTF-8 bytes, BOM gone, any XML declaration saying utf-8.

    Parsers then never guess; and the DOCTYPE screen reads the same bytes they do.
    """
    wide = _wide_encoding(body)
    if wide:
        text = body.decode(wide, errors="replace")
        return _declare_utf8(text.lstrip("\ufeff")).encode("utf-8")
    if body.startswith(codecs.BOM_UTF8):
        # A BOM outranks any label (XML 1.0, appendix F).
        text = body[3:].decode("utf-8", errors="tribune-cp1252")
        return _declare_utf8(text).encode("utf-8")
    match = _XML_DECL_ENCODING.match(body)
    declared_label = match.group(1).decode("ascii") if match else None
    declared = _codec(declared_label)
    charset = _CHARSET.search(content_type)
    label = declared_label or (charset.group(1) if charset else None)
    codec = declared or _codec(charset.group(1) if charset else None)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Valid UTF-8 beyond ASCII is almost never an accident, whatever the label says.
        if declared_label is None or declared == "utf-8":
            return body
        if not body.isascii() and codec not in ("utf-8", None):
            notes.add(f"declared encoding {label} but the bytes are UTF-8; read as UTF-8")
        return _declare_utf8(text).encode("utf-8")
    if codec is None or codec == "utf-8" or codec.startswith(("utf-16", "utf-32")):
        text = body.decode("utf-8", errors="tribune-cp1252")
        notes.add(f"bytes are not valid {label or 'UTF-8'}; read the invalid ones as Windows-1252")
    else:
        text = _decode_8bit(body, codec, label or codec, notes)
    return _declare_utf8(text).encode("utf-8")


def _decode_8bit(body: bytes, codec: str, label: str, notes: _Notes) -> str:
    if codec in _WESTERN:
        try:
            return body.decode("cp1252")
        except UnicodeDecodeError:
            return body.decode("latin-1")
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        notes.add(f"some bytes are not valid {label}; replaced")
        return body.decode(codec, errors="replace")


def _wide_encoding(body: bytes) -> str | None:
    """UTF-16 or UTF-32, by BOM or by the zero bytes around an ASCII '<' or '{'."""
    if body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = body[:4]
    if len(head) < 4:
        return None
    if head[1:] == b"\x00\x00\x00" and head[0]:
        return "utf-32-le"
    if head[:3] == b"\x00\x00\x00" and head[3]:
        return "utf-32-be"
    if head[0] == 0 and head[1] and head[2] == 0 and head[3]:
        return "utf-16-be"
    if head[0] and head[1] == 0 and head[2] and head[3] == 0:
        return "utf-16-le"
    return None


def _declare_utf8(text: str) -> str:
    head = text[:300]
    fixed = _XML_DECL_ENCODING_TEXT.sub(r"\g<1>utf-8\g<2>", head, count=1)
    return text if fixed == head else fixed + text[300:]


# --- sniffing ------------------------------------------------------------------------------

_PROLOG_ITEM = re.compile(
    rb"\s+|<\?.{0,4000}?\?>|<!--.{0,4000}?-->|<!DOCTYPE(?:[^\[>]|\[.{0,4000}?\])*>",
    re.DOTALL | re.IGNORECASE,
)
_TAG_NAME = re.compile(rb"<([A-Za-z_][\w.-]{0,60}(?::[A-Za-z_][\w.-]{0,60})?)")
# A feed's root, where junk (a PHP warning, a stray HTML banner) precedes the document.
_FEED_START = re.compile(rb"<\?xml\s|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]")
_HTML_ROOTS = frozenset(
    {b"html", b"head", b"body", b"div", b"p", b"br", b"b", b"script", b"meta", b"title",
     b"table", b"span", b"a", b"h1", b"h2", b"link", b"style", b"form", b"iframe", b"center"}
)  # fmt: skip
_HTML_DOCUMENT = re.compile(rb"<(?:html|body|head)[\s>]", re.IGNORECASE)
SNIFF_BYTES = 8192

FormatKind = Literal["rss", "atom", "rdf", "xml", "json", "html", "empty", "unknown"]


def sniff_format(body: bytes) -> FormatKind:
    """What the bytes look like from their first few KB: a feed kind, other XML, HTML, JSON..."""
    head = body[:SNIFF_BYTES]
    wide = _wide_encoding(head)
    if wide:
        head = head.decode(wide, errors="ignore").encode("utf-8")
    kind, start = _sniff(head.removeprefix(codecs.BOM_UTF8))
    return _sniff(head[start:])[0] if start else kind


def _sniff(data: bytes) -> tuple[FormatKind, int]:
    """(kind, offset where the XML starts) for UTF-8 bytes."""
    head = data[:SNIFF_BYTES]
    stripped = head.lstrip()
    if not stripped:
        return "empty", 0
    if stripped.startswith((b"{", b"[")):
        return "json", 0
    if not stripped.startswith(b"<"):
        junk = _FEED_START.search(head)
        return ("xml", junk.start()) if junk else ("unknown", 0)
    root = _root_name(head)
    if root is None:
        return "xml", 0
    kind = _root_kind(root)
    if kind == "html":
        # A feed can still follow an HTML-ish warning ("<br /><b>Warning</b>: ...").
        junk = _FEED_START.search(head)
        if (
            junk
            and not _HTML_DOCUMENT.search(head, 0, junk.start())
            and _root_kind(_root_name(head[junk.start() :]) or b"") != "html"
        ):
            return "xml", junk.start()
    return kind, 0


def _root_name(head: bytes) -> bytes | None:
    pos = 0
    while match := _PROLOG_ITEM.match(head, pos):
        if match.end() == pos:
            break
        pos = match.end()
    name = _TAG_NAME.match(head, pos)
    if name:
        return name.group(1)
    if head[pos : pos + 9].upper() == b"<!DOCTYPE":
        return b"html" if b"html" in head[pos : pos + 20].lower() else None
    return None


def _root_kind(name: bytes) -> FormatKind:
    local = name.rsplit(b":", 1)[-1].lower()
    if local == b"rss":
        return "rss"
    if local == b"feed":
        return "atom"
    if local == b"rdf":
        return "rdf"
    if local in _HTML_ROOTS:
        return "html"
    return "xml"


# --- the XML safety screen -----------------------------------------------------------------

# Only a DOCTYPE with no internal subset is allowed: a name and at most an external ID, which
# no parser here ever fetches. Entity declarations live in the internal subset, and feeds have
# no use for them; they are how XXE and billion-laughs/quadratic-blowup payloads are built.
# Neither parser is known to be vulnerable (fastfeedparser's lxml parsers have
# resolve_entities=False and its native reader expands nothing; feedparser strips non-trivial
# ENTITY declarations and expat loads no external entities), but feedparser still spends
# 0.6 s on a 40 KB entity referenced 40,000 times, and refusing such documents before any
# parser sees them does not depend on either library's internals.
_DOCTYPE = re.compile(rb"<![Dd][Oo][Cc][Tt][Yy][Pp][Ee]")
_LITERAL = rb"""(?:"[^"]{0,2000}"|'[^']{0,2000}')"""
_PLAIN_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[^\s\[>]{1,200}(?:\s+(?:SYSTEM\s+%s|PUBLIC\s+%s(?:\s+%s)?))?\s*>"
    % (_LITERAL, _LITERAL, _LITERAL),
    re.IGNORECASE,
)


def _screen_doctype(data: bytes) -> None:
    for match in _DOCTYPE.finditer(data):
        if not _PLAIN_DOCTYPE.match(data, match.start()):
            raise ParseError(
                "Refused: the document declares a DTD internal subset (<!DOCTYPE ... [ ... ]>), "
                "where XML entity attacks live; feeds never need one"
            )


# --- XML feeds -----------------------------------------------------------------------------

# Item/entry start tags: if fastfeedparser found no entries but these exist, ask feedparser.
_ENTRY_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?(?:item|entry)[\s>/]")
_CONTENT_ENCODED = re.compile(rb"<content:encoded[\s>]")
# An Atom <summary> is text unless it says otherwise; fastfeedparser does not pass the type on.
_TYPED_SUMMARY = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]{0,30}:)?summary\s[^>]{0,200}type=["'](?:html|xhtml|text/html)"""
)
_XHTML_TITLE = re.compile(rb"""<(?:[A-Za-z_][\w.-]{0,30}:)?title\s[^>]{0,200}type=["']xhtml""")


def _xml_error(data: bytes) -> str | None:
    """expat's complaint about the document, or None if it is well-formed.

    fastfeedparser reads malformed XML by dropping what libxml2 cannot read ("Tom & Jerry"
    comes back as "Tom  Jerry", "caf&eacute;" as "caf"), so a malformed feed goes to
    feedparser instead. expat takes about as long as fastfeedparser's whole parse.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    skipped: list[str] = []
    # Behind a DOCTYPE with an external ID (RSS 0.91's Netscape DTD), expat lets an unknown
    # "&eacute;" pass; fastfeedparser would drop it, feedparser decodes it.
    parser.SkippedEntityHandler = lambda name, _is_parameter: skipped.append(name)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        return f"{expat.ErrorString(exc.code)} at line {exc.lineno}, column {exc.offset}"
    except (LookupError, ValueError) as exc:  # an encoding expat cannot read, say
        return str(exc)[:100]
    if skipped:
        return f"undefined entity &{skipped[0]};"
    return None


def _parse_xml(data: bytes, url: str, notes: _Notes) -> ParsedFeed:
    error = _xml_error(data)
    fast: ParsedFeed | None = None
    fast_error = ""
    # Each parser's entry notes are kept apart; only the chosen one's are reported.
    fast_notes, slow_notes = _Notes(), _Notes()
    try:
        with _raw_dates():
            raw = fastfeedparser.parse(data)  # bytes: never a URL to fetch
        fast = _from_ffp(raw, data, url, fast_notes)
    except Exception as exc:
        fast_error = str(exc)[:200]
    if error is None and fast is not None:
        needs_second_opinion = (
            # fastfeedparser knows no RSS 0.90 and comes back empty-handed.
            (not fast.entries and _ENTRY_TAG.search(data))
            # It drops an Atom title written as XHTML.
            or (any(not e.title for e in fast.entries) and _XHTML_TITLE.search(data))
            # It drops content:encoded in RSS 1.0 items.
            or (
                fast.entries
                and not any(e.content_html for e in fast.entries)
                and _CONTENT_ENCODED.search(data)
            )
        )
        if not needs_second_opinion:
            notes.merge(fast_notes)
            fast.warnings = notes.result()
            return fast
    if error is not None:
        notes.add(f"malformed XML ({error}); salvaged what could be read")
    slow: ParsedFeed | None = None
    if len(data) <= FALLBACK_MAX_BYTES:
        slow = _from_feedparser(data, url, slow_notes)
    elif error is not None:
        notes.add("too large for the tolerant parser; kept what the fast parser read")
    best = _better(fast, slow)
    if best is None:
        raise ParseError(_nothing_salvaged(data, error, fast_error))
    notes.merge(slow_notes if best is slow else fast_notes)
    best.warnings = notes.result()
    return best


def _better(fast: ParsedFeed | None, slow: ParsedFeed | None) -> ParsedFeed | None:
    candidates = [f for f in (slow, fast) if f is not None and (f.entries or f.title)]
    if not candidates:
        return None
    # More entries wins; on a tie, feedparser, which reads entities and stray ampersands.
    return max(candidates, key=lambda f: len(f.entries))


def _nothing_salvaged(data: bytes, error: str | None, fast_error: str) -> str:
    root = _root_name(data[:SNIFF_BYTES])
    if root is not None and _root_kind(root) == "xml":
        name = root.decode("ascii", "replace")
        return f"Not a feed: the XML root element is <{name}>, not RSS, RDF or Atom"
    if error is not None:
        return f"Malformed XML and nothing could be salvaged ({error})"
    return f"Not a feed: no channel or entries found ({fast_error or 'empty document'})"


# fastfeedparser parses dates itself, falling back to `dateparser`, which reads "yesterday",
# "May" or "5" as dates near today: garbage would become fresh news. While Tribune parses,
# this hook (on the module function both its Python and native paths call) hands the raw text
# through unchanged, so _date() below decides, and can name what it could not read. Other
# callers of fastfeedparser keep its behaviour. If a release renames the function, nothing
# breaks: dates arrive pre-parsed again and test_parse's date tests fail, saying so.
_RAW_DATES: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_dates", default=False)
_ffp_parse_date: Callable[[str], str | None] | None = getattr(_ffp_main, "_parse_date", None)


def _date_hook(value: str) -> str | None:
    if _RAW_DATES.get() or _ffp_parse_date is None:
        return value.strip() or None
    return _ffp_parse_date(value)


if _ffp_parse_date is not None:
    _ffp_main._parse_date = _date_hook


@contextmanager
def _raw_dates() -> Iterator[None]:
    token = _RAW_DATES.set(True)
    try:
        yield
    finally:
        _RAW_DATES.reset(token)


# --- the feed head -------------------------------------------------------------------------

_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HEAD_PARSER_OPTIONS: dict[str, Any] = {
    "recover": True,
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
_HEAD_MAX_BYTES = 65536
_ITUNES_IMAGE = "{http://www.itunes.com/dtds/podcast-1.0.dtd}image"
_ITUNES_AUTHOR = "{http://www.itunes.com/dtds/podcast-1.0.dtd}author"


@dataclass
class _Head:
    title: str = ""
    site_url: str = ""
    description: str = ""
    language: str = ""
    self_url: str = ""
    base: str = ""  # what entries' relative links resolve against: xml:base, RSS site, feed URL
    # A podcast's cover and host, for episodes that name neither (fastfeedparser reads no
    # itunes: tags, so an episode's own itunes:image is not seen on the fast path).
    podcast_image: str = ""
    podcast_author: str = ""
    is_atom: bool = False
    explicit_base: bool = False  # set by xml:base, which also governs links inside content


def _read_head(data: bytes, url: str) -> _Head:
    """Feed-level fields, read from the document with its entries cut off.

    fastfeedparser skips rel="self" links, RSS <language> and xml:base; the head before the
    first entry is small, so reading it again costs little.
    """
    head = _Head(base=url)
    first_entry = _ENTRY_TAG.search(data, 0, _HEAD_MAX_BYTES)
    chunk = data[: first_entry.start() if first_entry else _HEAD_MAX_BYTES]
    try:
        root = etree.fromstring(chunk, etree.XMLParser(**_HEAD_PARSER_OPTIONS))
    except (etree.LxmlError, ValueError):
        return head
    if root is None or not isinstance(root.tag, str):
        return head
    channel = root
    local = _local(root)
    if local in ("rss", "rdf"):
        channel = next((c for c in root if _local(c) == "channel"), root)
    base = channel.get(_XML_BASE) or root.get(_XML_BASE)
    if base:
        head.base = _absolute(url, base) or url
        head.explicit_base = head.base != url
    head.language = channel.get(_XML_LANG) or root.get(_XML_LANG) or ""
    is_atom = head.is_atom = local == "feed"
    for child in channel:
        name = _local(child)
        if name == "title" and not head.title:
            head.title = _element_title(child, is_atom)
        elif name == "link":
            href = child.get("href")
            rel = child.get("rel", "alternate")
            if href is None:
                if child.text and not head.site_url:
                    head.site_url = _absolute(head.base, child.text)
            elif rel == "self" and not head.self_url:
                head.self_url = _absolute(head.base, href)
            elif rel == "alternate" and not head.site_url:
                head.site_url = _absolute(head.base, href)
        elif name in ("description", "subtitle", "tagline") and not head.description:
            head.description = _plain(_element_text(child))
        elif name == "language" and child.text and not head.language:
            head.language = child.text
        elif child.tag == _ITUNES_IMAGE and not head.podcast_image:
            head.podcast_image = _absolute(head.base, child.get("href") or "")
        elif child.tag == _ITUNES_AUTHOR and not head.podcast_author:
            head.podcast_author = _author_name(child.text)
    head.language = _language(head.language)
    if not is_atom and not base and head.site_url:
        # RSS has no xml:base habit; its relative links are relative to the site.
        head.base = head.site_url
    return head


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    # "{ns}name", or "prefix:name" where a recovering parse lost the namespace declaration.
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _element_text(element: etree._Element) -> str:
    if element.get("type") in ("xhtml", "application/xhtml+xml"):
        return " ".join(element.itertext())
    return element.text or ""


def _element_title(element: etree._Element, is_atom: bool) -> str:
    text = _element_text(element)
    kind = element.get("type", "text" if is_atom else "")
    if kind in ("text", "text/plain") and element.get("mode") != "escaped":
        return " ".join(text.split())[:1000]
    return _plain(text)


def _language(value: str) -> str:
    return value.strip().replace("_", "-")[:35]


# --- entries, whichever parser read them ---------------------------------------------------


@dataclass
class _Context:
    """What every entry of one feed shares."""

    base: str
    language: str
    notes: _Notes
    image: str = ""  # for entries without one of their own
    author: str = ""
    text_summaries: bool = False  # Atom summaries with no type="html": escape, never guess
    rebase: bool = False  # resolve links in content against xml:base now; ctx.base is it
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


def _build_entry(
    ctx: _Context,
    number: int,
    *,
    guid: str,
    link: str,
    title: str,
    summary_html: str,
    content_html: str,
    authors: list[str],
    categories: list[str],
    published: str,
    updated: str,
    enclosures: list[Enclosure],
    image_url: str,
    language: str,
) -> ParsedEntry | None:
    url = _absolute(ctx.base, link) if link else ""
    if not (title or url or summary_html or content_html or enclosures):
        ctx.notes.add(f"entry {number}: no title, link or content; skipped")
        return None
    published_at = _date(published, ctx, number)
    updated_at = _date(updated, ctx, number) if updated != published else published_at
    guid = guid.strip()[:1000]
    if not guid:
        guid = url or _content_hash(title, summary_html, published_at)
    if ctx.rebase:
        summary_html = _rebase(summary_html, ctx.base)
        content_html = _rebase(content_html, ctx.base)
    return ParsedEntry(
        guid=guid,
        url=url,
        title=title,
        summary_html=summary_html,
        content_html=content_html,
        authors=_unique(authors) or ([ctx.author] if ctx.author else []),
        categories=_unique(categories),
        published=published_at or updated_at,
        updated=updated_at,
        enclosures=enclosures,
        image_url=_absolute(ctx.base, image_url) if image_url else ctx.image,
        language=_language(language) or ctx.language,
    )


def _content_hash(title: str, summary_html: str, published: datetime | None) -> str:
    stamp = published.isoformat() if published else ""
    digest = hashlib.sha256("\x1f".join((title, summary_html, stamp)).encode("utf-8"))
    return "sha256:" + digest.hexdigest()[:40]


def _unique(values: list[str]) -> list[str]:
    if len(values) < 2:
        return [v for v in values if v]
    seen: set[str] = set()
    unique: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            unique.append(value)
    return unique


# An absolute URL that needs no further checking: no whitespace, controls or backslashes.
_URL_OK = re.compile(r"[^\s\x00-\x1f\x7f\\]+")


def _absolute(base: str, href: str) -> str:
    """An absolute http(s) URL for href (feed:// unwrapped), or "" for anything else."""
    href = href.strip()
    if not href:
        return ""  # not "the base itself"
    if href.startswith("https://"):
        rest = href[8:]
    elif href.startswith("http://"):
        rest = href[7:]
    else:
        rest = ""
    if rest and rest[0] not in "/?#\\" and len(href) <= 2048 and _URL_OK.fullmatch(href):
        return href
    if href[:5].lower() == "feed:":
        rest = href[5:]
        href = rest[2:] if rest.startswith("//") else rest
        if not href.startswith(("http://", "https://")):
            href = "http://" + href.lstrip("/")
    if not href.startswith(("http://", "https://")):
        try:
            href = urljoin(base, href)
        except ValueError:
            return ""
    if " " in href or "\t" in href or "\n" in href or "\r" in href:
        href = href.replace("\t", "").replace("\n", "").replace("\r", "").replace(" ", "%20")
    if len(href) > 2048 or "\x00" in href:
        return ""
    try:
        parts = urlsplit(href)
    except ValueError:
        return ""
    return href if parts.scheme in ("http", "https") and parts.netloc else ""


# Markup that marks a summary as HTML: a common tag (not any <word>: "<eindelijk>" in a text
# summary is text) or a character reference.
_HTML_HINT = re.compile(
    r"</?(?:p|br|a|b|i|u|s|em|strong|small|img|div|span|ul|ol|li|dl|dt|dd|blockquote|q|cite|h[1-6]"
    r"|code|pre|kbd|table|tr|td|th|figure|figcaption|hr|sup|sub|abbr|font|center|del|ins|mark"
    r"|time|section|article|script|style|iframe|video|audio|picture|source)(?:\s[^<>]*)?/?>"
    r"|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",
    re.IGNORECASE,
)


def _summary(value: str) -> str:
    """A summary whose markup type is unknown: HTML if it looks like HTML, else escaped text."""
    value = value.strip()
    if not value:
        return ""
    return value if _HTML_HINT.search(value) else text_to_html(value)


def _content(value: str, kind: str) -> str:
    value = value.strip()
    if not value:
        return ""
    kind = kind.lower()
    if kind in ("text", "text/plain"):
        return text_to_html(value)
    if kind in ("xhtml", "application/xhtml+xml") and value.startswith("<"):
        return _xhtml_inner(value)
    return value


def _xhtml_inner(serialized: str) -> str:
    """The HTML inside fastfeedparser's serialized <content type="xhtml"><div>...</div>."""
    try:
        root = etree.fromstring(serialized, etree.XMLParser(**_HEAD_PARSER_OPTIONS))
    except (etree.XMLSyntaxError, ValueError):
        return serialized
    if root is None:
        return serialized
    container = root
    if _local(root) == "content" and len(root) == 1 and _local(root[0]) == "div":
        container = root[0]
    for element in container.iter():
        if isinstance(element.tag, str):
            element.tag = _local(element)
    etree.cleanup_namespaces(container)
    parts = [container.text or ""]
    for child in container:
        parts.append(lxml_html.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def _rebase(html: str, base: str) -> str:
    """Links in html made absolute against base (the feed's xml:base)."""
    if "href" not in html and "src" not in html:
        return html
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
        root.make_links_absolute(base, resolve_base_href=False, handle_failures="discard")
    except (etree.ParserError, ValueError):
        return html
    serialized: str = lxml_html.tostring(root, encoding="unicode")
    return serialized[len("<div>") : -len("</div>")]


_TEASER_CHARS = 512
_PARTIAL_TAG = re.compile(r"<[^<>]*\Z")


def _teaser(content_html: str) -> str:
    """A short plain-text summary of the content, as HTML, for feeds that give no summary.

    Mirrors what fastfeedparser does, so both parsers give the same kind of summary.
    """
    text = strip_tags(_PARTIAL_TAG.sub("", content_html[: _TEASER_CHARS * 4]))
    return text_to_html(text[:_TEASER_CHARS])


def _title(value: str | None) -> str:
    if not value:
        return ""
    if "<" in value or "&" in value:
        return strip_tags(value)[:1000]
    return " ".join(value.split())[:1000]


def _plain(value: str | None) -> str:
    return _title(value)


_EMAIL_WITH_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_NAME_WITH_EMAIL = re.compile(r"^\s*(.+?)\s*<\S+@\S+>\s*$")


def _author_name(value: str | None) -> str:
    """A display name: "ed@example.org (Ed Ito)" and "Ed Ito <ed@...>" give "Ed Ito"; a bare
    address is not a name."""
    if not value:
        return ""
    value = _title(value)
    if "@" not in value:
        return value[:200]
    for pattern in (_EMAIL_WITH_NAME, _NAME_WITH_EMAIL):
        match = pattern.match(value)
        if match:
            return match.group(1).strip()
    if "@" in value and " " not in value:
        return ""
    return value[:200]


def _length(value: Any) -> int | None:
    try:
        length = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return length if 0 < length < 2**53 else None


def _enclosure(base: str, url: Any, kind: Any, length: Any) -> Enclosure | None:
    href = _absolute(base, url) if isinstance(url, str) else ""
    if not href:
        return None
    return Enclosure(
        url=href, type=kind.strip()[:100] if isinstance(kind, str) else "", length=_length(length)
    )


def _unique_enclosures(enclosures: list[Enclosure | None]) -> list[Enclosure]:
    seen: dict[str, Enclosure] = {}
    for enclosure in enclosures:
        if enclosure is not None and enclosure.url not in seen:
            seen[enclosure.url] = enclosure
    return list(seen.values())


def _enclosure_image(enclosures: list[Enclosure]) -> str:
    return next((e.url for e in enclosures if e.type.startswith("image/")), "")


# --- dates ---------------------------------------------------------------------------------

_TZ_NAMES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "WEST": 60, "CET": 60,
    "CEST": 120, "EET": 120, "EEST": 180, "MSK": 180, "IST": 330, "SGT": 480, "HKT": 480,
    "AWST": 480, "JST": 540, "KST": 540, "ACST": 570, "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480,
    "HST": -600,
}  # fmt: skip
_ISO_LIKE = re.compile(
    r"^(\d{4})-?(\d\d)-?(\d\d)(?:[T ](\d\d):?(\d\d)(?::?(\d\d)(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d\d(?::?\d\d)?|UTC|GMT)?$",
    re.IGNORECASE,
)
_NAMED_TZ = re.compile(r"\s([A-Za-z]{2,5})$")
_EXTRA_FORMATS = (
    "%d %B %Y %H:%M:%S",
    "%d %B %Y",
    "%B %d, %Y %H:%M:%S",
    "%B %d, %Y",
    "%b %d, %Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%A, %d-%b-%y %H:%M:%S",
)


@lru_cache(maxsize=8192)
def parse_date_text(value: str) -> datetime | None:
    """A feed date (RFC 822, ISO 8601/RFC 3339 and a few common variants) as aware UTC.

    Strict on purpose: no relative dates ("yesterday"), no guessing at fragments ("May").
    A date without a zone is taken as UTC.
    """
    text = " ".join(value.split())
    if not text or len(text) > 80:
        return None
    if len(text) >= 20 and text[4] == "-" and text[10] == "T":
        try:  # the common case, and what fastfeedparser's own fast path already produced
            moment = datetime.fromisoformat(text)
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except (ValueError, OverflowError):  # year 1 at +01:00 has no UTC
            pass
    iso = _ISO_LIKE.match(text)
    if iso:
        return _from_iso(iso)
    return _from_rfc822(text) or _from_formats(text)


def _from_iso(match: re.Match[str]) -> datetime | None:
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0) % 24,
            int(minute or 0),
            int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")),
        )
        if hour == "24":
            moment += timedelta(days=1)
        return (moment - _offset(zone)).replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _offset(zone: str | None) -> timedelta:
    if not zone or zone.upper() in ("Z", "UTC", "GMT"):
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))


def _from_rfc822(text: str) -> datetime | None:
    named = _NAMED_TZ.search(text)
    minutes = _TZ_NAMES.get(named.group(1).upper()) if named else None
    if named and minutes is not None:
        text = text[: named.start()] + (" +0000" if minutes == 0 else "")
    try:
        parsed = parsedate_tz(text)
    except (ValueError, IndexError, TypeError, OverflowError):
        return None
    if parsed is None:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except (ValueError, OverflowError):
        return None
    offset = (
        timedelta(minutes=minutes) if minutes is not None else timedelta(seconds=parsed[9] or 0)
    )
    try:
        return (moment - offset).replace(tzinfo=UTC)
    except OverflowError:
        return None


def _from_formats(text: str) -> datetime | None:
    for form in _EXTRA_FORMATS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _date(raw: str, ctx: _Context, number: int) -> datetime | None:
    if not raw:
        return None
    moment = parse_date_text(raw)
    if moment is None:
        ctx.notes.add(f"entry {number}: unparseable date {raw.strip()[:80]!r}")
        return None
    if moment.year < EARLIEST_YEAR or moment > ctx.now + FUTURE_TOLERANCE:
        ctx.notes.add(f"entry {number}: implausible date {moment.isoformat()} dropped")
        return None
    return moment


# --- fastfeedparser ------------------------------------------------------------------------


def _from_ffp(raw: Any, data: bytes, url: str, notes: _Notes) -> ParsedFeed:
    head = _read_head(data, url)
    info = raw.get("feed") or {}
    ctx = _Context(
        base=head.base,
        language=head.language or _language(info.get("language") or ""),
        notes=notes,
        image=head.podcast_image,
        author=head.podcast_author,
        text_summaries=head.is_atom and not _TYPED_SUMMARY.search(data),
        rebase=head.explicit_base,
    )
    entries: list[ParsedEntry] = []
    for number, item in enumerate(raw.get("entries") or [], start=1):
        entry = _entry_from_ffp(item, ctx, number)
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(
        title=head.title or _plain(info.get("title")),
        site_url=head.site_url or _absolute(head.base, info.get("link") or ""),
        description=head.description or _plain(info.get("subtitle")),
        language=ctx.language,
        self_url=head.self_url,
        entries=entries,
        parser="fastfeedparser",
    )


def _entry_from_ffp(item: Any, ctx: _Context, number: int) -> ParsedEntry | None:
    # fastfeedparser's values are str or absent (it builds them from XML text), so `or ""`.
    get = item.get
    link = get("link") or ""
    ident = get("id") or ""
    description = get("description") or ""
    content_html = ""
    language = ""
    contents = get("content")
    if contents:
        first = contents[0]
        value = first.get("value") or ""
        language = first.get("language") or ""
        # Without content, fastfeedparser copies the RSS description here; that is a summary.
        if not _same_text(value, description):
            content_html = _content(value, first.get("type") or "html")
    enclosures: list[Enclosure | None] = []
    for e in get("enclosures") or ():
        enclosures.append(_enclosure(ctx.base, e.get("url"), e.get("type"), e.get("length")))
    for link_ in get("links") or ():
        if link_.get("rel") == "enclosure":
            enclosures.append(_enclosure(ctx.base, link_.get("href"), link_.get("type"), None))
    found = _unique_enclosures(enclosures) if enclosures else []
    published = get("published") or ""
    updated = get("updated") or ""
    # Without a pubDate, fastfeedparser tries to read the guid as a date; not ours to report.
    if published and published == ident:
        published = "" if updated == published else updated
    if updated == ident:
        updated = ""
    return _build_entry(
        ctx,
        number,
        # fastfeedparser fills a missing id with the raw link; ours is the resolved one.
        guid="" if ident == link else ident,
        link=link,
        title=_title(get("title")),
        summary_html=text_to_html(description) if ctx.text_summaries else _summary(description),
        content_html=content_html,
        authors=[_author_name(a.get("name")) for a in get("authors") or ()],
        categories=[_plain(t.get("label") or t.get("term")) for t in get("tags") or ()],
        published=published,
        updated=updated,
        enclosures=found,
        image_url=(_ffp_image(get("media_content")) or _enclosure_image(found)),
        language=language,
    )


def _ffp_image(media: Any) -> str:
    if not media:
        return ""
    for entry in media:
        if entry.get("thumbnail_url"):
            return _str(entry["thumbnail_url"])
    for entry in media:
        kind = _str(entry.get("type"))
        if entry.get("url") and (entry.get("medium") == "image" or kind.startswith("image/")):
            return _str(entry["url"])
    return ""


def _str(value: Any) -> str:
    # JSON can carry lone surrogates ("\\ud800"), which no UTF-8 consumer downstream accepts.
    return scrub_surrogates(value) if isinstance(value, str) else ""


def _same_text(value: str, stripped: str) -> bool:
    """value.strip() == stripped, without copying a long value to find out."""
    if len(value) - len(stripped) > 64 or len(value) < len(stripped):
        return False
    return value.strip() == stripped


# --- feedparser ----------------------------------------------------------------------------


def _from_feedparser(data: bytes, url: str, notes: _Notes) -> ParsedFeed | None:
    try:
        # A file object, always: given bytes, feedparser first tries them as a path to open.
        raw = feedparser.parse(
            io.BytesIO(data),
            # No content-location: feedparser would resolve relative guids against it, and a
            # guid must not change with the parser that happened to read it.
            response_headers={"content-type": "application/xml; charset=utf-8"},
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception:
        return None
    # What feedparser builds from broken input is loosely shaped (a str where a dict was
    # expected, say), so every value is type-checked on the way out: _dict, _dicts, _str.
    info = _dict(raw.get("feed"))
    head = _read_head(data, url)
    ctx = _Context(
        base=head.base,
        language=head.language or _language(_str(info.get("language"))),
        notes=notes,
        image=head.podcast_image,
        author=head.podcast_author,
        rebase=head.explicit_base,
    )
    entries: list[ParsedEntry] = []
    for number, item in enumerate(_dicts(raw.get("entries")), start=1):
        entry = _entry_from_feedparser(item, ctx, number)
        if entry is not None:
            entries.append(entry)
    links = _dicts(info.get("links"))
    self_href = next((_str(x.get("href")) for x in links if x.get("rel") == "self"), "")
    # Here the document is likely malformed, where feedparser reads the head better than the
    # recovering lxml parse in _read_head ("Notes & sketches" keeps its ampersand).
    return ParsedFeed(
        title=_typed_title(info.get("title_detail"), info.get("title")) or head.title,
        site_url=_absolute(head.base, _str(info.get("link"))) or head.site_url,
        description=_plain(_str(info.get("subtitle"))) or head.description,
        language=ctx.language,
        self_url=head.self_url or _absolute(url, self_href),
        entries=entries,
        parser="feedparser",
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _typed_title(detail: Any, value: Any) -> str:
    text = _str(value)
    if _dict(detail).get("type") == "text/plain":
        return " ".join(text.split())[:1000]
    return _title(text)


def _entry_from_feedparser(item: dict[str, Any], ctx: _Context, number: int) -> ParsedEntry | None:
    contents = _dicts(item.get("content"))
    content = next(
        (c for c in contents if "html" in _str(c.get("type"))), contents[0] if contents else {}
    )
    content_value = _str(content.get("value"))
    content_type = _str(content.get("type"))
    # feedparser already unwraps XHTML content to its inner markup.
    content_html = _content(content_value, "html" if "html" in content_type else content_type)
    summary_value = _str(item.get("summary"))
    summary_type = _str(_dict(item.get("summary_detail")).get("type"))
    if content and summary_value == content_value:
        summary_html = _teaser(content_html)  # feedparser copies content into summary
    elif summary_type == "text/plain":
        summary_html = text_to_html(summary_value)
    else:
        summary_html = _summary(summary_value)
    authors = [_author_name(_str(a.get("name"))) for a in _dicts(item.get("authors"))]
    if not any(authors):
        authors = [_author_name(_str(item.get("author")))]
    enclosures = _unique_enclosures(
        [
            _enclosure(ctx.base, link.get("href"), link.get("type"), link.get("length"))
            for link in _dicts(item.get("links"))
            if link.get("rel") == "enclosure"
        ]
    )
    tags = _dicts(item.get("tags"))
    return _build_entry(
        ctx,
        number,
        guid=_str(item.get("id")),
        link=_str(item.get("link")),
        title=_typed_title(item.get("title_detail"), item.get("title")),
        summary_html=summary_html,
        content_html=content_html,
        authors=authors,
        categories=[_plain(_str(t.get("label")) or _str(t.get("term"))) for t in tags],
        # dict.get: FeedParserDict.get("updated") falls back to "published", with a warning.
        published=_str(dict.get(item, "published")),
        updated=_str(dict.get(item, "updated")),
        enclosures=enclosures,
        image_url=_feedparser_image(item) or _enclosure_image(enclosures),
        language=_str(content.get("language"))
        or _str(_dict(item.get("title_detail")).get("language")),
    )


def _feedparser_image(item: dict[str, Any]) -> str:
    for thumb in _dicts(item.get("media_thumbnail")):
        if _str(thumb.get("url")):
            return _str(thumb["url"])
    for media in _dicts(item.get("media_content")):
        kind = _str(media.get("type"))
        if _str(media.get("url")) and (media.get("medium") == "image" or kind.startswith("image/")):
            return _str(media["url"])
    return _str(_dict(item.get("image")).get("href"))


# --- JSON Feed -----------------------------------------------------------------------------

# Read with `json` rather than fastfeedparser: JSON Feed is a small, exact spec, json.loads is
# as fast as anything, and this way every field is type-checked (fastfeedparser assumes a
# well-typed document and raises AttributeError on, say, a string where an author should be).


def _parse_json_feed(data: bytes, url: str, notes: _Notes) -> ParsedFeed:
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"Malformed JSON: {str(exc)[:120]}") from None
    if not isinstance(document, dict):
        raise ParseError("Not a feed: JSON, but not a JSON Feed object")
    version = document.get("version")
    items = document.get("items")
    if not (isinstance(version, str) and "jsonfeed.org" in version) and not isinstance(items, list):
        raise ParseError("Not a feed: JSON without a JSON Feed version or items")
    if not isinstance(items, list):
        notes.add("JSON Feed without an items list")
        items = []
    feed_url = _absolute(url, _str(document.get("feed_url")))
    language = _language(_str(document.get("language")))
    ctx = _Context(base=url, language=language, notes=notes)
    feed_authors = _json_authors(document)
    entries: list[ParsedEntry] = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            notes.add(f"entry {number}: not a JSON object; skipped")
            continue
        entry = _entry_from_json(item, ctx, number, feed_authors)
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(
        title=_plain(_str(document.get("title"))),
        site_url=_absolute(url, _str(document.get("home_page_url"))),
        description=_plain(_str(document.get("description"))),
        language=language,
        self_url=feed_url,
        entries=entries,
        parser="jsonfeed",
        warnings=notes.result(),
    )


def _json_authors(obj: dict[str, Any]) -> list[str]:
    authors = obj.get("authors")
    if not isinstance(authors, list):
        single = obj.get("author")  # JSON Feed 1.0
        authors = [single] if single else []
    names = []
    for author in authors:
        if isinstance(author, dict):
            names.append(_author_name(_str(author.get("name"))))
        elif isinstance(author, str):
            names.append(_author_name(_str(author)))
    return [n for n in names if n]


def _entry_from_json(
    item: dict[str, Any], ctx: _Context, number: int, feed_authors: list[str]
) -> ParsedEntry | None:
    ident = item.get("id")
    guid = _str(ident) or (str(ident) if type(ident) is int else "")
    content_html = _str(item.get("content_html")).strip()
    if not content_html:
        content_html = text_to_html(_str(item.get("content_text")))
    summary = _str(item.get("summary"))
    summary_html = text_to_html(summary) if summary.strip() else ""
    if not summary_html and content_html:
        summary_html = _teaser(content_html)
    enclosures = _unique_enclosures(
        [
            _enclosure(ctx.base, a.get("url"), a.get("mime_type"), a.get("size_in_bytes"))
            for a in item.get("attachments") or []
            if isinstance(a, dict)
        ]
        if isinstance(item.get("attachments"), list)
        else []
    )
    tags = item.get("tags")
    image = _str(item.get("image")) or _str(item.get("banner_image"))
    return _build_entry(
        ctx,
        number,
        guid=guid,
        link=_str(item.get("url")) or _str(item.get("external_url")),
        title=_title(_str(item.get("title"))),
        summary_html=summary_html,
        content_html=content_html,
        authors=_json_authors(item) or feed_authors,
        categories=[_plain(_str(t)) for t in tags if isinstance(t, str)]
        if isinstance(tags, list)
        else [],
        published=_str(item.get("date_published")),
        updated=_str(item.get("date_modified")),
        enclosures=enclosures,
        image_url=image or _enclosure_image(enclosures),
        language=_str(item.get("language")),
    )
