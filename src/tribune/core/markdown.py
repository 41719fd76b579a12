"""Markdown for people's writing: CommonMark via markdown-it-py, raw HTML off, then nh3."""

from __future__ import annotations

from markdown_it import MarkdownIt

from tribune.core.sanitize import clean_html

# Raw HTML is escaped, not passed through; tables and strikethrough on, linkify off (no dep).
_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)


def render_markdown(text: str, base_url: str = "") -> str:
    return clean_html(_md.render(text), base_url)
