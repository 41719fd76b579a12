"""The article record the page builder renders, and the gold-text rule applied to it.

Gold rule (applied the same way on every page): the main text is the article body as a reader
should get it -- paragraphs, subheads, list items, blockquotes, table cells, callouts, key-point
lists and live-blog entry headings and texts. It excludes the headline, the standfirst (dek),
bylines and dates, live-blog time labels, image captions and credits, pull quotes (they repeat
body text), inline related-story boxes and "read more" links, ads, newsletter and paywall
prompts, share bars, tags, author bios, comments and everything outside the article.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

# Blocks that belong to the gold text; everything else a template renders is excluded.
Block = tuple[Any, ...]


@dataclass
class Article:
    slug: str
    template: str
    lang: str
    title: str
    dek: str
    authors: list[str]
    published: str  # ISO 8601 with the offset the site would print
    section: str
    image: str  # absolute, or a path the template resolves against its image host
    caption: str
    blocks: list[Block]
    comments: list[tuple[str, str]] = field(default_factory=list)
    paywalled: bool = False


PAYWALL_VISIBLE_BLOCKS = 3


def visible_blocks(article: Article) -> list[Block]:
    """Blocks a page shows: a paywalled page shows only its first few before the prompt."""
    if not article.paywalled:
        return article.blocks
    shown: list[Block] = []
    text_blocks = 0
    for block in article.blocks:
        if text_blocks >= PAYWALL_VISIBLE_BLOCKS:
            break
        shown.append(block)
        if block[0] in {"p", "h2", "h3", "ul", "ol", "quote", "blockquote"}:
            text_blocks += 1
    return shown


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def gold_lines(blocks: list[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        kind = block[0]
        if kind in {"p", "h2", "h3", "quote", "blockquote", "callout"}:
            lines.append(plain(block[1]))
        elif kind in {"ul", "ol", "blockquote_list", "keypoints"}:
            lines.extend(plain(item) for item in block[1])
        elif kind == "table":
            lines.extend(" ".join(row) for row in block[1])
        elif kind == "live":
            _, _time, heading, paragraphs = block
            lines.append(heading)
            lines.extend(paragraphs)
        elif kind in {"pull", "related", "bookmark", "readmore"}:
            continue
        else:
            raise ValueError(f"unknown block kind {kind!r}")
    return lines
