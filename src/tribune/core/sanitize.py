"""The one HTML sanitizer (an nh3 allowlist) and the text helpers built on it.

Every piece of HTML Tribune stores or shows passes through `clean_html`: feed summaries and
bodies, extracted article pages, and people's Markdown. The text helpers turn that HTML into
plain text for titles, summaries, search and reading time.
"""

from __future__ import annotations

import html as htmllib
import re
from functools import partial
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import etree

__all__ = [
    "clean_html",
    "html_to_text",
    "reading_minutes",
    "scrub_surrogates",
    "strip_tags",
    "text_to_html",
    "word_count",
]

# What an article body may keep. Everything else is unwrapped (its text stays), except the
# _DROP_WITH_CONTENT tags below, which go with everything inside them.
_TAGS = frozenset(
    {
        "p", "br", "hr", "div",
        "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark",
        "abbr", "time", "q", "cite", "code", "pre", "kbd", "samp", "var",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
        "h2", "h3", "h4", "h5", "h6",
        "figure", "figcaption", "img",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    }
)  # fmt: skip
# `div` is kept (bare) because many feeds mark paragraphs with it; unwrapping would run them
# together. <picture> is unwrapped: its <img> fallback stays, its <source srcset> goes.
_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ol": {"start"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "time": {"datetime"},
}
# Removed with their content: active content, embedded documents, and widgets whose text
# means nothing outside the page (a <video>'s "your browser cannot play this"; a podcast's
# audio is kept as an enclosure link instead). <noscript> goes too: its content is parsed
# differently depending on scripting, the root of several mXSS tricks.
_DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "noembed", "noframes", "xmp",
        "iframe", "frame", "frameset", "object", "embed", "applet",
        "svg", "math", "canvas", "audio", "video",
        "form", "button", "select", "textarea", "title",
    }
)  # fmt: skip
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_LINK_REL = "nofollow noopener noreferrer"
_NUMERIC_ATTRIBUTES = frozenset({"width", "height", "colspan", "rowspan", "start"})
_DATETIME = re.compile(r"[0-9TWPDHMSZ:.+\- ]{1,40}")
_H1 = re.compile(r"(</?)h1(?=[\s/>])", re.IGNORECASE)


def clean_html(html: str, base_url: str = "") -> str:
    """Sanitize an HTML fragment to Tribune's allowlist; relative URLs resolved against base_url.

    Without an http(s) base_url, relative URLs are dropped: they would otherwise point into
    Tribune itself.
    """
    if not html:
        return ""
    html = scrub_surrogates(html)
    # nh3 cannot rename tags; an article's own <h1> becomes an <h2> under the page's title.
    html = _H1.sub(r"\1h2", html)
    base = base_url if _is_http(base_url) else ""
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=partial(_filter_attribute, base),
        strip_comments=True,
        link_rel=_LINK_REL,
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        url_schemes=_URL_SCHEMES,
        url_relative=("rewrite_with_base", base) if base else "deny",
    )
    if "<img" in cleaned:
        cleaned = _IMG.sub(_drop_sourceless_image, cleaned)
    return cleaned


_SURROGATES = re.compile("[\ud800-\udfff]")


def scrub_surrogates(text: str) -> str:
    """Lone UTF-16 surrogates (JSON's "\\ud800" decodes to one) as U+FFFD.

    They cannot be encoded as UTF-8, so nh3, lxml and the database would all refuse the text.
    """
    if text.isascii() or not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub("\ufffd", text)


# nh3 serializes attributes double-quoted with '"' escaped, so this cannot end inside a value.
_IMG = re.compile(r'<img(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>')


def _drop_sourceless_image(match: re.Match[str]) -> str:
    # An image whose src was refused would only show as a broken frame.
    return match.group() if ' src="' in match.group() else ""


def _filter_attribute(base: str, tag: str, attribute: str, value: str) -> str | None:
    # nh3 checks the scheme of href and src but not of cite, and allows mailto: in img src;
    # both must end up as absolute http(s) URLs or go.
    if attribute == "cite" or (tag == "img" and attribute == "src"):
        return _absolute_http(value, base)
    if attribute in _NUMERIC_ATTRIBUTES:
        value = value.strip()
        return value if value.isdigit() and len(value) <= 5 else None
    if attribute == "datetime":
        return value if _DATETIME.fullmatch(value) else None
    return value


def _absolute_http(value: str, base: str) -> str | None:
    if value.startswith(("https://", "http://")):  # the common case needs no join
        return value if _is_http(value) else None
    try:
        url = urljoin(base, value.strip()) if base else value.strip()
    except ValueError:
        return None
    return url if _is_http(url) else None


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --- text helpers ---------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def text_to_html(text: str) -> str:
    """Plain text as HTML: escaped, blank lines become paragraphs, single newlines <br>."""
    text = text.strip()
    if not text:
        return ""
    if "\n" not in text and "\r" not in text:
        return "<p>" + htmllib.escape(text, quote=False) + "</p>"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (p.strip() for p in _BLANK_LINES.split(text))
    return "".join(
        "<p>" + htmllib.escape(p, quote=False).replace("\n", "<br>") + "</p>"
        for p in paragraphs
        if p
    )


# Blocks that stand apart as paragraphs (a blank line around them) and blocks that only start
# a new line.
_PARAGRAPH_BLOCKS = frozenset(
    {
        "p", "div", "blockquote", "pre", "ul", "ol", "dl", "table", "figure", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
        "aside", "nav", "main", "address", "details", "fieldset",
    }
)  # fmt: skip
_LINE_BLOCKS = frozenset({"li", "dt", "dd", "tr", "caption", "figcaption", "summary", "legend"})
_CELLS = frozenset({"td", "th"})
_SKIP_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "iframe", "object", "svg"}
)
# Characters lxml refuses, and the private-use ones html_to_text uses as markers.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ue000-\ue004]")


def html_to_text(html: str) -> str:
    """Readable plain text: blocks on their own lines, paragraphs apart, entities decoded."""
    if not html or not html.strip():
        return ""
    html = scrub_surrogates(html)
    if "<" not in html:
        return _plain_lines(htmllib.unescape(html))
    html = _XML_INVALID.sub("", html)
    try:
        root = etree.fromstring(html, _HTML_PARSER)
    except (etree.LxmlError, ValueError):
        root = None
    if root is None:
        return strip_tags(html)
    # Mark where blocks and breaks are, then let lxml join the text in C: far faster than
    # visiting every inline element from Python. The markers are private-use characters the
    # input can no longer contain (_XML_INVALID removed them).
    etree.strip_elements(root, *_SKIP_CONTENT, with_tail=False)
    for element in root.iter(*_PARAGRAPH_BLOCKS):
        element.text = _PARAGRAPH + (element.text or "")
        element.tail = _PARAGRAPH + (element.tail or "")
    for element in root.iter(*_LINE_BLOCKS):
        element.text = _LINE + (element.text or "")
    for element in root.iter("br"):
        element.tail = _LINE + (element.tail or "")
    for element in root.iter(*_CELLS):
        element.tail = " " + (element.tail or "")
    for pre in root.iter("pre"):
        for node in pre.iter():
            if node.text:
                node.text = node.text.translate(_KEEP_WHITESPACE)
            if node is not pre and node.tail:
                node.tail = node.tail.translate(_KEEP_WHITESPACE)
    text = " ".join("".join(root.itertext()).split())  # markers are not whitespace
    text = _BREAKS.sub(_break, text).replace(" \n", "\n").strip(" \n")
    if "\ue002" in text:
        text = _EXTRA_NEWLINES.sub("\n\n", text.translate(_RESTORE_WHITESPACE))
    # libxml2 gives up past a few thousand nested elements; the text is still wanted.
    return text or strip_tags(html)


# etree's HTML parser, not lxml.html's: that one looks up a Python class for every element.
_HTML_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
)
_PARAGRAPH = "\ue000"
_LINE = "\ue001"
# Inside <pre>, whitespace is content: parked as markers while the rest collapses.
_KEEP_WHITESPACE = str.maketrans({"\n": "\ue002", " ": "\ue003", "\t": "\ue004"})
_RESTORE_WHITESPACE = str.maketrans({"\ue002": "\n", "\ue003": " ", "\ue004": "\t"})
# No optional leading space in the pattern: starting on a marker keeps the scan fast.
_BREAKS = re.compile("[\ue000\ue001][ \ue000\ue001]*")
_EXTRA_NEWLINES = re.compile(r"\n{3,}")


def _break(match: re.Match[str]) -> str:
    marks = match.group()
    if _PARAGRAPH in marks:
        return "\n\n"
    return "\n" * min(marks.count(_LINE), 2)


def _tidy_lines(text: str) -> str:
    """Trim each line and keep at most one blank line between paragraphs."""
    lines: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = raw.replace("\xa0", " ").rstrip()
        if line.strip():
            if blank and lines:
                lines.append("")
            lines.append(line)
            blank = False
        else:
            blank = True
    return "\n".join(lines)


def _plain_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _tidy_lines("\n".join(" ".join(line.split()) for line in text.split("\n")))


# Chinese and Japanese don't space their words; each character counts as one.
_CJK_RUN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORDS_PER_MINUTE = 230


def word_count(text: str) -> int:
    """Whitespace-separated words, plus one per CJK character (good enough for reading time)."""
    count = len(text.split())
    if not text.isascii():
        count += sum(len(run) - 1 for run in _CJK_RUN.findall(text))
    return count


def reading_minutes(words: int) -> int:
    """Minutes to read `words` at ~230 words a minute, rounded, never below one."""
    return max(1, int(words / WORDS_PER_MINUTE + 0.5))


_BLOCK_TAG_NAMES = _PARAGRAPH_BLOCKS | _LINE_BLOCKS | _CELLS | {"br"}
# Comments, <script>/<style> with their content (bounded, so an unclosed one cannot make the
# scan quadratic), and ordinary tags. "a < b" is not a tag: a tag name follows "<" directly.
_TAG_OR_SKIPPED = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style)\b[^>]{0,1000}>.{0,20000}?</\1\s*>"
    r"|</?([A-Za-z][A-Za-z0-9:-]{0,40})(?:\s[^<>]*)?/?>",
    re.DOTALL | re.IGNORECASE,
)


def strip_tags(html: str) -> str:
    """Plain, whitespace-collapsed text of a small piece of HTML (a title, a byline)."""
    if "<" in html:
        html = _TAG_OR_SKIPPED.sub(_tag_separator, html)
    if "&" in html:
        html = htmllib.unescape(html)
    return " ".join(html.split())


def _tag_separator(match: re.Match[str]) -> str:
    name = match.group(2)
    return " " if name and name.lower() in _BLOCK_TAG_NAMES else ""
