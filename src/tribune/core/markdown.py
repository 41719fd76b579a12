"""Markdown for people's writing: CommonMark via markdown-it-py (raw HTML off), then nh3.

Editorial pieces use `render_markdown`. Readers' responses use `render_user_markdown`: links
get rel="nofollow ugc noopener", @mentions of existing readers link to their profiles, and
the input is capped so no text can make rendering slow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from tribune.core.sanitize import clean_html

# Measured: 20,000 characters of the worst inputs known ('[' * n, '![' * n, deep lists) render
# in about 0.2 s; nesting is capped at 20 levels by the commonmark preset.
MAX_USER_MARKDOWN = 20_000

_md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
    ["table", "strikethrough", "replacements", "smartquotes"]
)

MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_][A-Za-z0-9_.-]{0,149})")


def render_markdown(text: str, base_url: str = "") -> str:
    return clean_html(_md.render(text), base_url)


@dataclass(frozen=True)
class Rendered:
    html: str
    mentions: tuple[str, ...]  # usernames mentioned that exist, in order, each once


def mentioned_names(text: str) -> list[str]:
    return list(dict.fromkeys(m.rstrip(".-") for m in MENTION.findall(text)))


def render_user_markdown(
    text: str,
    existing: Callable[[Iterable[str]], set[str]],
    profile_url: Callable[[str], str],
    site_url: str = "https://site.invalid",
) -> Rendered:
    """Render a reader's Markdown. `existing(names)` says which usernames exist (one query);
    `profile_url(name)` gives the path of a mention's profile ("/u/ana/")."""
    text = text[:MAX_USER_MARKDOWN]
    known = existing(mentioned_names(text)) if "@" in text else set()
    found: list[str] = []
    md = _md if not known else _with_mentions(known, profile_url, found)
    # The sanitizer keeps only absolute links: our own paths are resolved against the site's
    # URL, then made relative again, so they work whatever host serves the page.
    base = site_url.rstrip("/")
    html = clean_html(md.render(text), base + "/")
    html = html.replace(f'href="{base}/', 'href="/')
    html = html.replace(
        'rel="nofollow noopener noreferrer"', 'rel="nofollow ugc noopener noreferrer"'
    )
    return Rendered(html, tuple(dict.fromkeys(found)))


def _with_mentions(
    known: set[str], profile_url: Callable[[str], str], found: list[str]
) -> MarkdownIt:
    """A renderer whose text (outside links and code) turns @name into a profile link."""
    lowered = {name.lower(): name for name in known}

    def mentions(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            out: list[Token] = []
            in_link = 0
            for token in block.children:
                if token.type == "link_open":
                    in_link += 1
                elif token.type == "link_close":
                    in_link -= 1
                if token.type != "text" or in_link or "@" not in token.content:
                    out.append(token)
                    continue
                out.extend(_split_mentions(token.content, lowered, profile_url, found))
            block.children = out

    md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )
    md.core.ruler.push("mentions", mentions)
    return md


def _split_mentions(
    content: str, lowered: dict[str, str], profile_url: Callable[[str], str], found: list[str]
) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in MENTION.finditer(content):
        name = lowered.get(match.group(1).rstrip(".-").lower())
        if name is None:
            continue
        if match.start() > position:
            tokens.append(_text(content[position : match.start()]))
        link = Token("link_open", "a", 1)
        link.attrs = {"href": profile_url(name)}
        tokens += [link, _text("@" + name), Token("link_close", "a", -1)]
        found.append(name)
        position = match.start() + 1 + len(name)
    if position < len(content):
        tokens.append(_text(content[position:]))
    return tokens


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
