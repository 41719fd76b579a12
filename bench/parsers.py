"""Feed parser benchmark: fastfeedparser vs feedparser vs Tribune's parse_feed.

Generates feeds like the ones Tribune ingests (RSS 2.0 with full HTML in content:encoded, and
Atom with HTML content; 20-50 entries each, invented text), parses each set with every parser,
and prints feeds per second and how many times faster than feedparser each one is.

Usage (from the repository root):

    .venv/bin/python bench/parsers.py                 # 200 feeds, feedparser on 20 of them
    .venv/bin/python bench/parsers.py --feeds 500 --slow-feeds 50 --seed 7

feedparser runs on a subset (--slow-feeds) because it is two orders of magnitude slower; its
rate is still per feed. No network, no database, nothing written.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import fastfeedparser
import feedparser

from tribune.ingest.parse import parse_feed

WORDS = [
    "harbour",
    "council",
    "budget",
    "ferry",
    "school",
    "river",
    "market",
    "storm",
    "bridge",
    "museum",
    "library",
    "train",
    "election",
    "festival",
    "hospital",
    "housing",
    "rent",
    "winter",
    "tide",
    "fishing",
    "port",
    "mayor",
    "vote",
    "plan",
    "road",
    "cyclists",
    "station",
    "union",
    "strike",
    "theatre",
    "orchestra",
    "garden",
    "park",
    "climate",
    "flood",
    "repair",
]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    parts = []
    for i in range(rng.randint(6, 14)):
        text = " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6)))
        link = f'<a href="/local/{rng.randint(1, 9999)}">{rng.choice(WORDS)}</a>'
        parts.append(f"<p>{text} See {link} &amp; <em>{rng.choice(WORDS)}</em>.</p>")
        if i % 4 == 1:
            parts.append(f'<figure><img src="/img/{i}.jpg" alt="x"><figcaption>c</figcaption>')
            parts.append("</figure>")
    return "".join(parts)


def rss_feed(rng: random.Random, n: int) -> bytes:
    items = []
    for i in range(n):
        items.append(
            f"<item><title>{_sentence(rng, 7)}</title>"
            f"<link>https://gazette.example/{i}</link>"
            f'<guid isPermaLink="false">gazette-{i}</guid>'
            f"<pubDate>Tue, {1 + i % 28:02d} Oct 2024 0{i % 10}:15:00 +0100</pubDate>"
            f"<dc:creator>Reporter {i % 7}</dc:creator><category>{rng.choice(WORDS)}</category>"
            f"<description>{_sentence(rng, 25)}</description>"
            f"<content:encoded><![CDATA[{_body(rng)}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Gazette</title>'
        "<link>https://gazette.example/</link><description>News</description>"
        "<language>en</language>" + "".join(items) + "</channel></rss>"
    ).encode()


def atom_feed(rng: random.Random, n: int) -> bytes:
    entries = []
    for i in range(n):
        body = _body(rng).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        entries.append(
            f"<entry><title>{_sentence(rng, 7)}</title>"
            f'<link rel="alternate" href="https://journal.example/{i}"/>'
            f"<id>tag:journal.example,2024:{i}</id>"
            f"<published>2024-10-{1 + i % 28:02d}T08:00:00Z</published>"
            f"<updated>2024-10-{1 + i % 28:02d}T09:30:00+02:00</updated>"
            f"<author><name>Writer {i % 5}</name></author>"
            f"<summary>{_sentence(rng, 25)}</summary>"
            f'<content type="html">{body}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        '<title>Journal</title><link href="https://journal.example/"/>'
        "<id>tag:journal.example,2024:feed</id><updated>2024-10-28T09:30:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode()


def corpus(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [(rss_feed if i % 2 == 0 else atom_feed)(rng, rng.randint(20, 50)) for i in range(count)]


def _ffp(body: bytes) -> Any:
    return fastfeedparser.parse(body)


def _feedparser(body: bytes) -> Any:
    # As parse.py calls it for salvage: no sanitizing, no URI rewriting, a file object.
    return feedparser.parse(io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False)


def _tribune(body: bytes) -> Any:
    return parse_feed(body, "https://bench.example/feed")


def measure(fn: Callable[[bytes], Any], feeds: list[bytes]) -> float:
    """Feeds per second, best of three runs."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for body in feeds:
            fn(body)
        best = min(best, time.perf_counter() - start)
    return len(feeds) / best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200, help="feeds to generate (default 200)")
    parser.add_argument(
        "--slow-feeds", type=int, default=20, help="how many of them feedparser parses (20)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    args = parser.parse_args(argv)

    feeds = corpus(args.feeds, args.seed)
    size = sum(map(len, feeds)) / len(feeds) / 1024
    entries = sum(len(parse_feed(b, "https://bench.example/feed").entries) for b in feeds)
    print(f"{len(feeds)} feeds, {entries / len(feeds):.0f} entries and {size:.0f} KB on average")

    results = {
        "fastfeedparser": measure(_ffp, feeds),
        "parse_feed (Tribune)": measure(_tribune, feeds),
        "feedparser": measure(_feedparser, feeds[: args.slow_feeds]),
    }
    baseline = results["feedparser"]
    for name, rate in results.items():
        print(f"{name:<22} {rate:9.1f} feeds/s   {rate / baseline:6.1f}x feedparser")


if __name__ == "__main__":
    main()
