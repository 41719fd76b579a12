"""Realistic synthetic feeds for benchmarks, and a loopback HTTP server that serves them.

Deterministic: feed number i is the same bytes for the same seed, time and base URL, whatever
the number of feeds asked for. A mix of RSS 2.0 (about 60%) and Atom (about 40%); 20-50 items
each, every item with title, link, guid, publication date (spread over the last days),
author, categories, a short summary and full HTML content of roughly 1-3 KB (paragraphs,
links, an image, sometimes a quote, a subheading or a list). 100 feeds are a few MB.
The text is invented from the word lists below: news-shaped, never copied.

    from feedgen import FeedServer
    with FeedServer(count=500, hosts=20) as server:
        urls = [f.url for f in server.feeds]     # http://127.0.0.<k>:<port>/feeds/<slug>.xml
        before = server.stats()                   # request counters (conditional, 304, ...)

The server runs in its own process (so its CPU never counts against a measured process) on
one asyncio event loop listening on several loopback addresses (127.0.0.1 .. 127.0.0.<hosts>;
Linux routes all of 127.0.0.0/8 to lo), so clients see many hosts, as in real life. It speaks
HTTP/1.1 with keep-alive and Content-Length, answers If-None-Match / If-Modified-Since with
304, serves pre-compressed gzip bodies when Accept-Encoding allows, and reports its counters
at GET /__stats (requests to /__stats are not counted). Run this file to write sample feeds:

    python bench/feedgen.py --feeds 3 --out /tmp/feeds
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import multiprocessing
import random
import socket
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

DEFAULT_SEED = 2024
DEFAULT_HOSTS = 20
MIN_CONTENT, MAX_CONTENT = 1000, 3000  # characters of HTML per item

# --- Word lists (invented) ------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


FIRST_NAMES = _words(
    "Mara|Tobias|Ines|Kofi|Lena|Arvid|Noor|Dario|Helka|Samir|Oona|Pavel|Renée|Idris|Talia|"
    "Joaquín|Yuki|Bram|Siân|Emeka|Freya|Luca|Amara|Niklas|Zoë|Rafael|Hana|Oskar|Priya|Mateo"
)
SURNAME_PARTS = (
    _words(
        "Quill|Hart|Vess|Orm|Brand|Kell|Stroud|Lind|Mor|Ash|Fenn|Dal|Wick|Sand|Thorn|Varg|Holm|"
        "Cres|Tal|Ridg"
    ),
    _words("on|well|by|ström|ley|ford|mann|ard|ino|ez|ova|wood|gaard|elli|ton|sen|ach|ow|ard|ey"),
)
PLACE_PARTS = (
    _words(
        "Harlow|Kestrel|Venn|Oskar|Marr|Brill|Caddon|Elm|Fair|Glen|Hollin|Ivers|Jarrow|Lark|"
        "Millbrook|Northam|Pell|Ravel|Stave|Wend"
    ),
    _words(
        " Bay| Point|mark|sby|ford| Falls|haven| Cross|field| Heights|ton| Valley|wick|port|"
        " Springs|moor|stead| Harbour|dale|ham"
    ),
)
ORG_PARTS = (
    _words(
        "Northgate|Brightwater|Coastline|Meridian|Ironleaf|Bluefield|Halcyon|Stonebridge|Redwing|"
        "Silverline|Greenway|Summit|Keystone|Lantern"
    ),
    _words(
        "Energy|Rail|Health Trust|Bank|Logistics|Foods|Water Board|University|Transit Authority|"
        "Labs|Insurance|& Partners|Mining|Telecom|Council"
    ),
)
SECTIONS = _words(
    "Politics|Business|Climate|Health|Science|Technology|Culture|Sport|Education|Transport|"
    "Housing|World|Local|Opinion|Economy|Justice"
)
ADJECTIVES = _words(
    "new|controversial|long-awaited|ambitious|modest|sweeping|temporary|regional|unexpected|"
    "record|disputed|revised|costly|independent|preliminary|urgent|bipartisan|landmark|"
    "scaled-back|emergency"
)
NOUNS = _words(
    "budget|plan|inquiry|report|tariff|strike|merger|vaccine programme|bridge|rail link|"
    "housing scheme|wind farm|tax credit|school reform|ceasefire|flood defence|trade deal|"
    "water supply|data centre|ferry service|pension fund|hospital wing|election|court ruling|"
    "research grant|heatwave"
)
VERBS_PAST = _words(
    "approved|rejected|delayed|announced|criticised|defended|expanded|scrapped|postponed|"
    "unveiled|questioned|backed|challenged|revived"
)
VERBS_FUTURE = _words("cut|raise|review|extend|replace|fund|close|open|restore|double")
ROLES = _words(
    "the mayor|a spokesperson|the finance minister|union leaders|local residents|"
    "the chief executive|an independent analyst|the health secretary|opposition members|"
    "the regulator|a senior engineer|the committee chair|campaigners|economists"
)
TIMES = _words(
    "on Monday|on Tuesday|on Wednesday|on Thursday|on Friday|over the weekend|late on Sunday|"
    "earlier this week|last month|this morning|after a long debate"
)
CONNECTIVES = _words(
    "However,|Meanwhile,|In a statement,|By contrast,|According to the report,|Earlier,|Still,|"
    "At the same time,|Critics say|Supporters argue that"
)
CLAUSES = _words(
    "the decision could affect thousands of households|the figures were higher than expected|"
    "the timetable remains uncertain|talks are expected to resume next week|"
    "the cost has risen by almost a third since the spring|"
    "the measure passed with a narrow majority|several questions remain unanswered|"
    "the region has seen similar disputes before|officials declined to give a date|"
    "the final vote is scheduled for the end of the month|"
    "demand has outstripped supply for two years|the agreement still needs to be ratified"
)
QUOTES = _words(
    "We have waited long enough, and people deserve a clear answer|"
    "This is not the end of the process but the beginning of it|The numbers simply do not add up|"
    "Nobody wants to see services cut, but we have to be realistic|"
    "It is a step in the right direction, though a small one|"
    "We will study the ruling carefully before we decide what to do"
)
SITE_WORDS = (
    _words("The|Daily|Weekly|Evening|Morning|"),
    _words(
        "Courier|Ledger|Herald|Gazette|Observer|Dispatch|Chronicle|Post|Review|Sentinel|Bulletin|"
        "Record|Tribune Wire|Examiner|Standard"
    ),
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAME_PARTS[0])}{rng.choice(SURNAME_PARTS[1])}"


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_PARTS[0]) + rng.choice(PLACE_PARTS[1])


def _org(rng: random.Random) -> str:
    return f"{rng.choice(ORG_PARTS[0])} {rng.choice(ORG_PARTS[1])}"


def _slugify(text: str) -> str:
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:60]


def _headline(rng: random.Random) -> str:
    pattern = rng.randrange(6)
    if pattern == 0:
        return (
            f"{_place(rng)} council {rng.choice(VERBS_PAST)} "
            f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        )
    if pattern == 1:
        return (
            f"{_org(rng)} to {rng.choice(VERBS_FUTURE)} {rng.randint(2, 900)} jobs "
            f"as {rng.choice(NOUNS)} stalls"
        )
    if pattern == 2:
        return (
            f"{_person(rng)}: the {rng.choice(NOUNS)} will {rng.choice(VERBS_FUTURE)} "
            f"costs by {rng.randint(2027, 2040)}"
        )
    if pattern == 3:
        return f"What the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} means for {_place(rng)}"
    if pattern == 4:
        return (
            f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} "
            f"{rng.choice(VERBS_PAST)} after {rng.randint(2, 19)}-hour talks"
        )
    return f"{_org(rng)} and {_org(rng)} in talks over {rng.choice(NOUNS)} in {_place(rng)}"


def _sentence(rng: random.Random, base: str) -> str:
    pattern = rng.randrange(7)
    if pattern == 0:
        text = (
            f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} in {_place(rng)} was "
            f"{rng.choice(VERBS_PAST)} {rng.choice(TIMES)}, {rng.choice(ROLES)} said."
        )
    elif pattern == 1:
        text = f"{rng.choice(CONNECTIVES)} {rng.choice(CLAUSES)}."
    elif pattern == 2:
        text = (
            f"{_person(rng)}, who speaks for {_org(rng)}, said {rng.choice(CLAUSES)} and that the "
            f"{rng.choice(NOUNS)} would {rng.choice(VERBS_FUTURE)} spending by "
            f"{rng.randint(2, 40)} per cent."
        )
    elif pattern == 3:
        topic = rng.choice(NOUNS)
        text = (
            f'Last year the <a href="{base}/topics/{_slugify(topic)}">{topic}</a> cost '
            f"{rng.randint(2, 950)} million, {rng.choice(ROLES)} noted {rng.choice(TIMES)}."
        )
    elif pattern == 4:
        who = (
            rng.choice(ROLES).removeprefix("the ")
            if rng.random() < 0.5
            else "a resident of " + _place(rng)
        )
        text = f"“{rng.choice(QUOTES)},” said {_person(rng)}, {who}."
    elif pattern == 5:
        text = (
            f"<strong>{_org(rng)}</strong> {rng.choice(VERBS_PAST)} the {rng.choice(NOUNS)}, "
            f"although {rng.choice(CLAUSES)}."
        )
    else:
        text = (
            f"Residents of {_place(rng)} and {_place(rng)} will be asked about the "
            f"{rng.choice(NOUNS)} before {rng.choice(TIMES).removeprefix('on ')}."
        )
    return text


def _paragraph(rng: random.Random, base: str) -> str:
    return "<p>" + " ".join(_sentence(rng, base) for _ in range(rng.randint(2, 5))) + "</p>"


def _article_html(rng: random.Random, base: str, slug: str, headline: str) -> str:
    target = rng.randint(MIN_CONTENT, MAX_CONTENT)
    parts = [_paragraph(rng, base)]
    image_at = rng.randint(1, 2)
    size = len(parts[0])
    extras_done = False
    while size < target:
        if len(parts) == image_at:
            block = (
                f'<figure><img src="{base}/media/{slug}.jpg" alt={quoteattr(headline)} '
                f'width="1200" height="675"><figcaption>{_place(rng)}, {rng.choice(TIMES)}. '
                f"Photo: {_person(rng)}</figcaption></figure>"
            )
        elif not extras_done and len(parts) >= 3 and rng.random() < 0.6:
            extras_done = True
            kind = rng.randrange(3)
            if kind == 0:
                block = (
                    f"<blockquote><p>“{rng.choice(QUOTES)}.”</p>"
                    f"<p>— {_person(rng)}</p></blockquote>"
                )
            elif kind == 1:
                block = (
                    f"<h2>{rng.choice(ADJECTIVES).capitalize()} questions for {_place(rng)}</h2>"
                )
            else:
                items = "".join(
                    f"<li>{rng.choice(CLAUSES).capitalize()}</li>" for _ in range(rng.randint(2, 4))
                )
                block = f"<ul>{items}</ul>"
        else:
            block = _paragraph(rng, base)
        if size + len(block) > MAX_CONTENT and size >= MIN_CONTENT:
            break
        parts.append(block)
        size += len(block)
    if rng.random() < 0.5:
        parts.append(
            f'<p><em>Read more in our <a href="{base}/section/'
            f'{_slugify(rng.choice(SECTIONS))}">coverage</a>.</em></p>'
        )
    return "\n".join(parts)


# --- Feeds ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedSpec:
    """What identifies a feed (cheap to compute; the body comes from render_feed)."""

    index: int
    slug: str
    title: str
    kind: str  # "rss" or "atom"
    path: str  # /feeds/<slug>.xml

    @property
    def content_type(self) -> str:
        return "application/rss+xml" if self.kind == "rss" else "application/atom+xml"


@dataclass(frozen=True)
class GeneratedFeed:
    spec: FeedSpec
    url: str
    body: bytes
    item_count: int
    last_modified: datetime  # the newest item's date, whole seconds, UTC


def _rng(seed: int, index: int, what: str) -> random.Random:
    return random.Random(f"{seed}:{index}:{what}")


def feed_spec(index: int, seed: int = DEFAULT_SEED) -> FeedSpec:
    rng = _rng(seed, index, "spec")
    first = rng.choice(SITE_WORDS[0])
    title = " ".join(w for w in (first, _place(rng), rng.choice(SITE_WORDS[1])) if w)
    slug = f"{index:05d}-{_slugify(title)}"
    kind = "rss" if rng.random() < 0.6 else "atom"
    return FeedSpec(index=index, slug=slug, title=title, kind=kind, path=f"/feeds/{slug}.xml")


def default_now() -> datetime:
    """The current hour, so runs within the same hour produce the same bytes."""
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass
class _Item:
    title: str
    link: str
    guid: str
    guid_is_link: bool
    published: datetime
    author: str
    categories: list[str]
    summary: str
    content: str


def _items(spec: FeedSpec, base: str, now: datetime, seed: int) -> list[_Item]:
    rng = _rng(seed, spec.index, "items")
    count = rng.randint(20, 50)
    cadence_hours = rng.uniform(0.5, 6.0)  # mean gap between items
    authors = [_person(rng) for _ in range(rng.randint(2, 6))]
    sections = rng.sample(SECTIONS, rng.randint(3, 7))
    guid_as_link = rng.random() < 0.5
    when = now - timedelta(minutes=rng.randint(5, 240))
    items: list[_Item] = []
    for n in range(count):
        headline = _headline(rng)
        slug = f"{_slugify(headline)}-{spec.index}-{n}"
        link = f"{base}/{when:%Y/%m/%d}/{slug}"
        content = _article_html(rng, base, slug, headline)
        summary = " ".join(
            _sentence(rng, base).replace("<strong>", "").replace("</strong>", "") for _ in range(2)
        )
        items.append(
            _Item(
                title=headline,
                link=link,
                guid=link if guid_as_link else f"tag:{spec.slug}.example,{when:%Y}:article-{n}",
                guid_is_link=guid_as_link,
                published=when.replace(microsecond=0),
                author=rng.choice(authors),
                categories=rng.sample(sections, rng.randint(1, min(3, len(sections)))),
                summary=summary,
                content=content,
            )
        )
        when -= timedelta(hours=rng.expovariate(1.0 / cadence_hours))
    return items


def _email(name: str, spec: FeedSpec) -> str:
    return f"{_slugify(name).replace('-', '.')}@{spec.slug}.example"


def _rfc822(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


def _rfc3339(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _render_rss(spec: FeedSpec, base: str, url: str, items: list[_Item], rng: random.Random) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "<channel>\n",
        f"<title>{escape(spec.title)}</title>\n<link>{base}/</link>\n",
        f"<description>News and analysis from {escape(spec.title)}</description>\n",
        "<language>en-gb</language>\n",
        f"<lastBuildDate>{_rfc822(items[0].published)}</lastBuildDate>\n",
        f'<atom:link href="{url}" rel="self" type="application/rss+xml"/>\n',
        "<generator>feedgen</generator>\n",
    ]
    dc_creator = rng.random() < 0.7
    for item in items:
        guid_attr = "" if item.guid_is_link else ' isPermaLink="false"'
        author = (
            f"<dc:creator>{escape(item.author)}</dc:creator>"
            if dc_creator
            else f"<author>{_email(item.author, spec)} ({escape(item.author)})</author>"
        )
        cats = "".join(f"<category>{escape(c)}</category>" for c in item.categories)
        out.append(
            f"<item>\n<title>{escape(item.title)}</title>\n<link>{item.link}</link>\n"
            f"<guid{guid_attr}>{escape(item.guid)}</guid>\n<pubDate>{_rfc822(item.published)}</pubDate>\n"
            f"{author}\n{cats}\n"
            f"<description><![CDATA[{item.summary}]]></description>\n"
            f"<content:encoded><![CDATA[{item.content}]]></content:encoded>\n</item>\n"
        )
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def _render_atom(spec: FeedSpec, base: str, url: str, items: list[_Item]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n',
        f"<title>{escape(spec.title)}</title>\n",
        f"<subtitle>Reporting from {escape(spec.title)}</subtitle>\n",
        f'<link rel="alternate" type="text/html" href="{base}/"/>\n',
        f'<link rel="self" href="{url}"/>\n',
        f"<id>tag:{spec.slug}.example,2020:feed</id>\n<updated>{_rfc3339(items[0].published)}</updated>\n",
    ]
    for item in items:
        cats = "".join(f"<category term={quoteattr(c)}/>" for c in item.categories)
        out.append(
            f"<entry>\n<title>{escape(item.title)}</title>\n"
            f'<link rel="alternate" type="text/html" href="{item.link}"/>\n'
            f"<id>{escape(item.guid)}</id>\n<published>{_rfc3339(item.published)}</published>\n"
            f"<updated>{_rfc3339(item.published)}</updated>\n"
            f"<author><name>{escape(item.author)}</name></author>\n{cats}\n"
            f'<summary type="html">{escape(item.summary)}</summary>\n'
            f'<content type="html">{escape(item.content)}</content>\n</entry>\n'
        )
    out.append("</feed>\n")
    return "".join(out)


def render_feed(
    spec: FeedSpec, base_url: str, now: datetime | None = None, seed: int = DEFAULT_SEED
) -> GeneratedFeed:
    """The feed's document, with links under base_url ("http://127.0.0.3:8080")."""
    now = now or default_now()
    base = base_url.rstrip("/")
    url = base + spec.path
    items = _items(spec, base, now, seed)
    rng = _rng(seed, spec.index, "render")
    text = (
        _render_rss(spec, base, url, items, rng)
        if spec.kind == "rss"
        else _render_atom(spec, base, url, items)
    )
    return GeneratedFeed(
        spec=spec,
        url=url,
        body=text.encode(),
        item_count=len(items),
        last_modified=items[0].published,
    )


def host_addresses(hosts: int) -> list[str]:
    if not 1 <= hosts <= 250:
        raise ValueError("hosts must be between 1 and 250")
    return [f"127.0.0.{k}" for k in range(1, hosts + 1)]


def generate_feeds(
    count: int,
    base_urls: Sequence[str],
    now: datetime | None = None,
    seed: int = DEFAULT_SEED,
) -> list[GeneratedFeed]:
    """`count` feeds, feed i under base_urls[i % len(base_urls)]."""
    now = now or default_now()
    return [
        render_feed(feed_spec(i, seed), base_urls[i % len(base_urls)], now, seed)
        for i in range(count)
    ]


# --- The loopback server --------------------------------------------------------------------


@dataclass(frozen=True)
class ServedFeed:
    url: str
    title: str
    kind: str
    items: int
    bytes: int
    gzip_bytes: int


class _Resource:
    __slots__ = (
        "content_type",
        "etag",
        "gzip_etag",
        "gzipped",
        "last_modified",
        "last_modified_at",
        "plain",
    )

    def __init__(self, feed: GeneratedFeed) -> None:
        digest = hashlib.sha256(feed.body).hexdigest()[:24]
        self.etag = f'"{digest}"'
        self.gzip_etag = f'"{digest}-gz"'  # another representation, another strong validator
        self.last_modified_at = feed.last_modified
        self.last_modified = _rfc822(feed.last_modified)
        self.plain = feed.body
        self.gzipped = gzip.compress(feed.body, compresslevel=6, mtime=0)
        self.content_type = f"{feed.spec.content_type}; charset=utf-8"

    def etag_matches(self, header: str) -> bool:
        if header.strip() == "*":
            return True
        for tag in header.split(","):
            tag = tag.strip().removeprefix("W/")
            if tag == self.etag or tag == self.gzip_etag:
                return True
        return False


_STAT_NAMES = (
    "requests",
    "conditional",
    "not_modified",
    "ok",
    "gzip",
    "not_found",
    "bad",
    "connections",
    "bytes_sent",
)


def _accepts_gzip(value: str) -> bool:
    for part in value.split(","):
        name, _, params = part.partition(";")
        name = name.strip().lower()
        if name not in ("gzip", "x-gzip", "*"):
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, arg = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(arg)
                except ValueError:
                    q = 0.0
        if q > 0:
            return True
    return False


class _Server:
    def __init__(self, resources: dict[str, _Resource]) -> None:
        self.resources = resources
        self.stats = dict.fromkeys(_STAT_NAMES, 0)
        self._date_second = -1
        self._date = ""
        self._ims_cache: dict[str, datetime | None] = {}

    def date(self) -> str:
        second = int(time.time())
        if second != self._date_second:
            self._date_second = second
            self._date = format_datetime(datetime.fromtimestamp(second, UTC), usegmt=True)
        return self._date

    def _ims(self, value: str) -> datetime | None:
        if value not in self._ims_cache:
            try:
                parsed: datetime | None = parsedate_to_datetime(value)
                if parsed is not None and parsed.tzinfo is None:
                    parsed = parsed.replace(tzinfo=UTC)
            except (TypeError, ValueError, IndexError):
                parsed = None
            if len(self._ims_cache) > 10000:
                self._ims_cache.clear()
            self._ims_cache[value] = parsed
        return self._ims_cache[value]

    def respond(self, method: str, target: str, headers: dict[str, str]) -> tuple[bytes, bool]:
        """(response bytes, whether the body-less answer is a stats request)."""
        path = target.split("?", 1)[0]
        if path == "/__stats":
            body = json.dumps(self.stats).encode()
            return self._head(
                200,
                "OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            ) + body, True
        stats = self.stats
        stats["requests"] += 1
        if method not in ("GET", "HEAD"):
            stats["bad"] += 1
            return self._head(
                405, "Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Length", "0")]
            ), False
        inm = headers.get("if-none-match")
        ims = headers.get("if-modified-since")
        if inm is not None or ims is not None:
            stats["conditional"] += 1
        resource = self.resources.get(path)
        if resource is None:
            stats["not_found"] += 1
            body = b"not found\n"
            return self._head(
                404,
                "Not Found",
                [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
            ) + body, False
        use_gzip = _accepts_gzip(headers.get("accept-encoding", ""))
        etag = resource.gzip_etag if use_gzip else resource.etag
        if inm is not None:
            fresh = resource.etag_matches(inm)
        elif ims is not None:
            since = self._ims(ims)
            fresh = since is not None and resource.last_modified_at <= since
        else:
            fresh = False
        common = [
            ("ETag", etag),
            ("Last-Modified", resource.last_modified),
            ("Vary", "Accept-Encoding"),
        ]
        if fresh:
            stats["not_modified"] += 1
            return self._head(304, "Not Modified", common), False
        body = resource.gzipped if use_gzip else resource.plain
        fields = [
            ("Content-Type", resource.content_type),
            ("Content-Length", str(len(body))),
            *common,
        ]
        if use_gzip:
            stats["gzip"] += 1
            fields.append(("Content-Encoding", "gzip"))
        stats["ok"] += 1
        head = self._head(200, "OK", fields)
        return (head if method == "HEAD" else head + body), False

    def _head(self, status: int, reason: str, fields: list[tuple[str, str]]) -> bytes:
        lines = [f"HTTP/1.1 {status} {reason}", f"Date: {self.date()}", "Server: feedgen"]
        lines.extend(f"{k}: {v}" for k, v in fields)
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class _Connection(asyncio.Protocol):
    def __init__(self, server: _Server) -> None:
        self.server = server
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.server.stats["connections"] += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        transport = self.transport
        assert transport is not None
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > 65536:
                    transport.close()
                return
            head = self.buffer[:end].decode("latin-1")
            lines = head.split("\r\n")
            headers: dict[str, str] = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            skip = int(headers.get("content-length", "0") or 0)  # a request body is ignored
            if len(self.buffer) < end + 4 + skip:
                return
            self.buffer = self.buffer[end + 4 + skip :]
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                self.server.stats["bad"] += 1
                transport.write(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                transport.close()
                return
            response, is_stats = self.server.respond(method, target, headers)
            if not is_stats:
                self.server.stats["bytes_sent"] += len(response)
            transport.write(response)
            connection = headers.get("connection", "").lower()
            if connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive"):
                transport.close()
                return


def _bind(addresses: list[str], port: int) -> list[socket.socket]:
    """One listening socket per address, all on the same port (a free one when port is 0)."""
    for _attempt in range(50):
        sockets: list[socket.socket] = []
        chosen = port
        try:
            for address in addresses:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sockets.append(sock)
                sock.bind((address, chosen))
                sock.listen(1024)
                sock.setblocking(False)
                chosen = sock.getsockname()[1]
            return sockets
        except OSError:
            for sock in sockets:
                sock.close()
            if port:
                raise
    raise OSError("could not find a port free on every loopback address")


def _serve(
    count: int,
    hosts: int,
    port: int,
    seed: int,
    now_iso: str,
    ready: multiprocessing.connection.Connection,
) -> None:
    try:
        addresses = host_addresses(hosts)
        sockets = _bind(addresses, port)
        chosen = sockets[0].getsockname()[1]
        bases = [f"http://{a}:{chosen}" for a in addresses]
        feeds = generate_feeds(count, bases, datetime.fromisoformat(now_iso), seed)
        resources = {f.spec.path: _Resource(f) for f in feeds}
        served = [
            ServedFeed(
                f.url,
                f.spec.title,
                f.spec.kind,
                f.item_count,
                len(f.body),
                len(resources[f.spec.path].gzipped),
            )
            for f in feeds
        ]
        del feeds
        server = _Server(resources)
    except BaseException as exc:
        ready.send(("error", repr(exc)))
        raise
    loop = asyncio.new_event_loop()

    async def main() -> None:
        for sock in sockets:
            await loop.create_server(lambda: _Connection(server), sock=sock, backlog=1024)
        ready.send(("ready", chosen, served))
        await asyncio.Event().wait()  # until the process is terminated

    loop.run_until_complete(main())


class FeedServer:
    """The loopback feed server in its own process; a context manager."""

    def __init__(
        self,
        count: int,
        hosts: int = DEFAULT_HOSTS,
        port: int = 0,
        seed: int = DEFAULT_SEED,
        now: datetime | None = None,
    ) -> None:
        self.count, self.hosts, self.port, self.seed = count, hosts, port, seed
        self.now = now or default_now()
        self.feeds: list[ServedFeed] = []
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> FeedServer:
        # fork: quick, and the parent holds nothing worth copying; spawn where there is no fork.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context: Any = multiprocessing.get_context(method)
        receive, send = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_serve,
            args=(self.count, self.hosts, self.port, self.seed, self.now.isoformat(), send),
            name="feedgen-server",
            daemon=True,
        )
        self._process.start()
        send.close()
        if not receive.poll(600):
            self.stop()
            raise RuntimeError("feed server did not start within 10 minutes")
        message = receive.recv()
        if message[0] != "ready":
            self.stop()
            raise RuntimeError(f"feed server failed: {message[1]}")
        _, self.port, self.feeds = message
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def stats_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/__stats"

    def stats(self) -> dict[str, int]:
        return fetch_stats(self.stats_url)

    def stop(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        self._process = None

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def fetch_stats(stats_url: str) -> dict[str, int]:
    """The server's counters (usable from any process that knows the URL)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(stats_url, timeout=10) as response:
        stats: dict[str, int] = json.loads(response.read())
    return stats


def stats_delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: after.get(k, 0) - before.get(k, 0) for k in after}


def main() -> None:
    parser = argparse.ArgumentParser(description="Write sample generated feeds to a directory.")
    parser.add_argument("--feeds", type=int, default=3)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--base-url", default="http://127.0.0.1:8080")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for feed in generate_feeds(args.feeds, [args.base_url], seed=args.seed):
        (args.out / f"{feed.spec.slug}.xml").write_bytes(feed.body)
        total += len(feed.body)
        print(
            f"{feed.spec.slug}.xml  {feed.spec.kind}  {feed.item_count} items  "
            f"{len(feed.body):,} bytes"
        )
    print(f"{total:,} bytes in {args.feeds} feeds")


if __name__ == "__main__":
    main()
