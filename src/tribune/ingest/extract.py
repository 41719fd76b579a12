"""Full-text extraction of one fetched article page.

Owns turning an article page (bytes or text, plus the URL it came from) into an
``ExtractedPage``: the main text and its HTML (by trafilatura, after we strip site chrome
that trafilatura tends to keep) and the metadata (title, author, publication time, language,
share image) read from JSON-LD, OpenGraph, meta tags and byline markup, with trafilatura's
heuristics and htmldate as fallbacks. Quality is measured by ``tribune.ingest.extract_eval``
and ``bench/extraction.py``.
"""

from __future__ import annotations

import codecs
import functools
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from types import MappingProxyType
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.metadata import extract_title as trafilatura_title
from trafilatura.xml import xmltotxt

__all__ = ["ExtractError", "ExtractedPage", "extract_page"]

LOGGER = logging.getLogger(__name__)

# Past these sizes a page is refused rather than extracted: time grows with the tree (40k
# elements cost about 3 s), and real article pages have a few thousand elements; their
# megabytes are mostly script, which is cheap.
MAX_HTML_CHARS = 8_000_000
MAX_ELEMENTS = 40_000
# htmldate's extensive date search runs regexes over the whole page; on bigger pages only
# its quick pass runs (it costs about a second per 5 MB)
EXTENSIVE_DATE_SEARCH_MAX_CHARS = 1_000_000
# Every chrome rule leaves alone an element holding this share of the page's paragraph text:
# whatever its class says, it is the article, not chrome around it.
GUARD_SHARE = 0.5


# Chosen by measurement on the dev set (bench/extraction.py): favor_precision lifted dev F1
# from 0.940 to 0.977 before any chrome rule; links and formatting do not change the text and
# give the HTML its links and emphasis.
TRAFILATURA_OPTIONS: Mapping[str, Any] = MappingProxyType(
    {
        "include_comments": False,
        "include_tables": True,
        "include_images": False,
        "include_formatting": True,
        "include_links": True,
        "favor_precision": True,
        "with_metadata": False,
    }
)


class ExtractError(Exception):
    """The page could not be turned into article text; the message says why."""


@dataclass(frozen=True)
class ExtractedPage:
    url: str
    title: str
    author: str
    published: datetime | None  # aware, UTC
    language: str  # primary language subtag, lowercase ("en", "fr"), or ""
    image: str  # absolute http(s) URL of the share image, or ""
    text: str  # main text, one block per line
    html: str  # main content as an HTML fragment; sanitize before display

    def to_json_dict(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "image": self.image,
            "text": self.text,
            "html": self.html,
        }


def extract_page(html: bytes | str, url: str) -> ExtractedPage:
    """Extract main text, HTML and metadata from one article page.

    Raises ExtractError (never anything else) when the input is empty, not HTML, too large,
    or has no main text.
    """
    return _extract(html, url, CHROME_RULES)


def _extract(html: bytes | str, url: str, rules: Iterable[ChromeRule]) -> ExtractedPage:
    try:
        return _extract_unguarded(html, url, rules)
    except ExtractError:
        raise
    except RecursionError as err:
        raise ExtractError("page is nested too deeply to extract") from err
    except Exception as err:
        # trafilatura and lxml can fail in many ways on hostile input; callers get one type
        LOGGER.warning("extraction failed for %s", url, exc_info=True)
        raise ExtractError(f"extraction failed: {type(err).__name__}: {err}") from err


def _extract_unguarded(html: bytes | str, url: str, rules: Iterable[ChromeRule]) -> ExtractedPage:
    text = decode_html(html) if isinstance(html, bytes) else html
    if not text.strip():
        raise ExtractError("empty document")
    if len(text) > MAX_HTML_CHARS:
        raise ExtractError(f"page too large: {len(text)} characters (limit {MAX_HTML_CHARS})")
    if _looks_binary(text):
        raise ExtractError("not an HTML document: the content looks binary")
    tree = parse_html(_CONTROLS.sub("", text))
    size = sum(1 for _ in tree.iter())
    if size > MAX_ELEMENTS:
        raise ExtractError(f"page too complex: {size} elements (limit {MAX_ELEMENTS})")

    meta = read_metadata(tree, url)
    # scripts and styles are read (JSON-LD) or useless from here on, and on big pages they
    # are most of the bytes every later pass would copy and scan
    etree.strip_elements(tree, "script", "style", "template", with_tail=False)
    total = _paragraph_chars(tree)
    for rule in rules:
        rule.apply(tree, total)

    document = trafilatura.bare_extraction(tree, url=url or None, **TRAFILATURA_OPTIONS)
    if document is None or isinstance(document, dict) or document.body is None:
        raise ExtractError(_no_text_reason(tree))
    body = document.body
    main_text = xmltotxt(body, include_formatting=False).strip()
    if not main_text:
        raise ExtractError(_no_text_reason(tree))
    html_out = _fragment(convert_to_html(deepcopy(body)))

    _fill_from_trafilatura(meta, tree, url, extensive=len(text) <= EXTENSIVE_DATE_SEARCH_MAX_CHARS)
    return ExtractedPage(
        url=url,
        title=meta.title,
        author=meta.author,
        published=meta.published,
        language=meta.language,
        image=meta.image,
        text=main_text,
        html=html_out,
    )


def _no_text_reason(tree: HtmlElement) -> str:
    # libxml2 stops building the tree at its depth limit, silently dropping what is deeper
    if _depth(tree) >= _PARSER_DEPTH_LIMIT:
        return f"no main text found: the page nests deeper than {_PARSER_DEPTH_LIMIT} levels"
    return "no main text found"


def _depth(tree: HtmlElement) -> int:
    deepest = 0
    for element in tree.iter():
        deepest = max(deepest, sum(1 for _ in element.iterancestors()))
        if deepest >= _PARSER_DEPTH_LIMIT:
            break
    return deepest


_KEPT_HTML_ATTRIBUTES = {"href", "src", "alt", "title", "colspan", "rowspan"}


def _fragment(root: etree._Element) -> str:
    body = root.find("body")
    if body is None:
        return ""
    # trafilatura clears attributes only on the tags it renames; site classes stay on <p>
    for element in body.iter():
        for name in [n for n in element.attrib if n not in _KEPT_HTML_ATTRIBUTES]:
            del element.attrib[name]
    return "".join(etree.tostring(child, encoding="unicode", method="html") for child in body)


# ---------------------------------------------------------------- decoding and parsing

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and pages rely on it.
_WINDOWS_1252_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}
_PRESCAN_BYTES = 4096


def decode_html(data: bytes) -> str:
    """Decode page bytes: byte-order mark, then <meta charset>, then UTF-8, then windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _declared_encoding(data[:_PRESCAN_BYTES])
    if declared:
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _declared_encoding(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # a UTF-16 label in an ASCII-compatible prescan is wrong by construction (WHATWG)
    return "utf-8" if name.startswith("utf-16") else name


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    # a stray NUL happens in real pages; a share like this does not happen in text
    sample = text[:65536]
    return len(_CONTROLS.findall(sample)) > len(sample) * 0.01


_PARSER = HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
_PARSER_DEPTH_LIMIT = 255
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(text: str) -> HtmlElement:
    # lxml refuses unicode input that still declares an encoding
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise ExtractError(f"not parseable as HTML: {err}") from err
    if tree is None or len(tree) == 0:
        raise ExtractError("not parseable as HTML: no elements")
    return tree


# ---------------------------------------------------------------- metadata


@dataclass
class Metadata:
    title: str = ""
    author: str = ""
    published: datetime | None = None
    language: str = ""
    image: str = ""


_ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "Report",
    "TechArticle",
}
_PAGE_TYPES = {"WebPage", "ItemPage"}
_ORGANISATION_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "Brand"}
# pipe, hyphen, en dash, em dash, middle dot, double colon, guillemet
_TITLE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " \u00b7 ", " :: ", " \u00bb ")
_SPACES = re.compile(r"\s+")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|par|von|por|di|door)\s+", re.I)


def read_metadata(tree: HtmlElement, url: str) -> Metadata:
    """Metadata from the page's own declarations: JSON-LD first, then meta tags, then markup."""
    objects = list(_json_ld_objects(tree))
    by_id = {str(o["@id"]): o for o in objects if isinstance(o.get("@id"), str)}
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES), None)
    page = next((o for o in objects if _types(o) & _PAGE_TYPES), None)
    primary = article or page or {}
    metas = _meta_tags(tree)
    base = _base_url(tree, url, metas)

    site_names = {
        name
        for name in (
            metas.get("og:site_name"),
            metas.get("application-name"),
            _name_of(primary.get("publisher"), by_id),
        )
        if name
    }
    h1_element = tree.find(".//h1")
    h1 = _clean(h1_element.text_content()) if h1_element is not None else ""

    return Metadata(
        title=_title(primary, metas, tree, site_names, h1),
        author=_authors(primary, by_id, metas, tree),
        published=_published(primary, page, metas, tree),
        language=_language(tree, metas, primary),
        image=_image(primary, by_id, metas, tree, base),
    )


def _fill_from_trafilatura(meta: Metadata, tree: HtmlElement, url: str, extensive: bool) -> None:
    """Heuristics for what the page did not declare, each run only when needed.

    Trafilatura reads titles and bylines from markup; htmldate searches the page for a
    date (day precision, taken as midnight UTC) and is the slowest step of all.
    """
    if not meta.title and (title := trafilatura_title(tree)):
        meta.title = _clean(title)
    if not meta.author and (author := trafilatura_author(tree)):
        meta.author = ", ".join(_clean(n) for n in author.split(";") if n.strip())
    if meta.published is None:
        found = find_date(tree, extensive_search=extensive, original_date=True, url=url or None)
        meta.published = _parse_datetime(found) if found else None


# old templates wrap script bodies in comment or CDATA markers
_SCRIPT_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        source = _SCRIPT_WRAPPER.sub("", script.text or "")
        if not source:
            continue
        try:
            data = json.loads(source, strict=False)
        except ValueError:
            continue
        yield from _flatten(data)


def _flatten(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id"} and str(value.get("@id")) in by_id:
        return by_id[str(value["@id"])]
    return value


def _name_of(value: Any, by_id: dict[str, dict[str, Any]]) -> str:
    value = _resolve(value, by_id)
    if isinstance(value, dict):
        name = value.get("name")
        return _clean(name) if isinstance(name, str) else ""
    return ""


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        if not key and element.get("http-equiv"):
            key = "http-equiv:" + element.get("http-equiv", "")
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _clean(text: str) -> str:
    return _SPACES.sub(" ", unescape(text)).strip()


def _strip_site_name(title: str, site_names: set[str], h1: str) -> str:
    if h1 and title != h1 and title.startswith(h1):
        rest = title[len(h1) :]
        if any(rest.startswith(sep) for sep in _TITLE_SEPARATORS):
            return h1
    lowered = {name.casefold() for name in site_names}
    for sep in _TITLE_SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if found and head and tail.casefold() in lowered:
            return head.strip()
        head, found, tail = title.partition(sep)
        if found and tail and head.casefold() in lowered:
            return tail.strip()
    return title


def _title(
    primary: dict[str, Any],
    metas: dict[str, str],
    tree: HtmlElement,
    site_names: set[str],
    h1: str,
) -> str:
    headline = primary.get("headline")
    candidates = [
        headline if isinstance(headline, str) else "",
        metas.get("og:title", ""),
        metas.get("twitter:title", ""),
        h1,
        tree.findtext(".//title") or "",
    ]
    cleaned = [_clean(c) for c in candidates if _clean(c)]
    if not cleaned:
        return ""
    title = cleaned[0]
    if title.endswith(("…", "...")):
        # schema.org headlines are often cut to 110 characters; a fuller one may follow
        stem = title.rstrip(".… ")
        title = next((c for c in cleaned[1:] if c.startswith(stem)), title)
    return _strip_site_name(title, site_names, h1)


def _person_names(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        resolved = _resolve(item, by_id)
        if isinstance(resolved, str):
            candidate = resolved
        elif isinstance(resolved, dict) and not (_types(resolved) & _ORGANISATION_TYPES):
            name = resolved.get("name")
            candidate = name if isinstance(name, str) else ""
        else:
            continue
        cleaned = _BYLINE_PREFIX.sub("", _clean(candidate))
        if cleaned and not _looks_like_url(cleaned) and cleaned not in names:
            names.append(cleaned)
    return names


def _looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//", "www.")) or "@" in text


_BYLINE_QUERIES = tuple(
    etree.XPath(query)
    for query in (
        "//*[@itemprop='author']//*[@itemprop='name']",
        "//*[contains(@typeof, 'Person')][contains(@property, 'name')]"
        " | //*[contains(@typeof, 'Person')]//*[contains(@property, 'name')]",
        "//*[@rel='author']",
        "//*[contains(@class, 'byline-name') or contains(@class, 'author-name')"
        " or contains(@class, 'byline__name') or contains(@class, 'author__name')]",
    )
)


def _authors(
    primary: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    metas: dict[str, str],
    tree: HtmlElement,
) -> str:
    names = _person_names(primary.get("author"), by_id)
    if not names:
        for key in ("author", "article:author", "byl", "parsely-author", "sailthru.author"):
            names = _person_names(metas.get(key), by_id)
            if names:
                break
    # then bylines in markup: microdata, RDFa, author links, elements holding just the name
    # (their container often adds a role, "Jane Doe, health correspondent")
    for query in _BYLINE_QUERIES:
        if names:
            break
        for element in query(tree):
            for name in _person_names(_clean(element.text_content()), by_id):
                if name not in names:
                    names.append(name)
    return ", ".join(names)


def _published(
    primary: dict[str, Any],
    page: dict[str, Any] | None,
    metas: dict[str, str],
    tree: HtmlElement,
) -> datetime | None:
    candidates: list[Any] = [primary.get("datePublished"), (page or {}).get("datePublished")]
    candidates += [
        metas.get(key)
        for key in (
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.created",
            "dc.date",
            "pubdate",
            "publish-date",
            "date",
        )
    ]
    for value in candidates:
        if isinstance(value, str) and (parsed := _parse_datetime(value)):
            return parsed
    # a <time> marked as the publication time, else the first one inside the article
    for xpath in (
        "//time[@itemprop='datePublished' or contains(@class, 'publish')]/@datetime",
        "//article//time/@datetime",
        "//time/@datetime",
    ):
        for value in tree.xpath(xpath):
            if parsed := _parse_datetime(str(value)):
                return parsed
    return None


def _parse_datetime(value: str) -> datetime | None:
    """ISO 8601 (date or date-time) as aware UTC; a time without offset is read as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    # a date well in the future is a template default or an event date, not publication
    if parsed > datetime.now(UTC) + timedelta(days=2):
        return None
    return parsed


def _language(tree: HtmlElement, metas: dict[str, str], primary: dict[str, Any]) -> str:
    in_language = primary.get("inLanguage")
    candidates = [
        tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
        metas.get("og:locale", ""),
        metas.get("http-equiv:content-language", ""),
        metas.get("language", ""),
        in_language if isinstance(in_language, str) else "",
    ]
    for candidate in candidates:
        primary_tag = re.split(r"[-_]", candidate.strip().lower(), maxsplit=1)[0]
        if _LANGUAGE.match(primary_tag):
            return primary_tag
    return ""


def _base_url(tree: HtmlElement, url: str, metas: dict[str, str]) -> str:
    base = url
    if not _is_http(base):
        # a page read from a file: its own canonical address is the best base there is
        canonical = tree.xpath("string(//link[@rel='canonical']/@href)")
        base = metas.get("og:url") or str(canonical)
    declared = tree.xpath("string(//base/@href)")
    if declared:
        base = urljoin(base, str(declared).strip())
    return base


def _is_http(url: str) -> bool:
    return urlsplit(url).scheme in {"http", "https"}


def _image_url(value: Any, by_id: dict[str, dict[str, Any]]) -> str:
    value = _resolve(value, by_id)
    if isinstance(value, list):
        return _image_url(value[0], by_id) if value else ""
    if isinstance(value, dict):
        for key in ("url", "contentUrl"):
            if isinstance(value.get(key), str):
                return str(value[key])
        return ""
    return value if isinstance(value, str) else ""


def _image(
    primary: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    metas: dict[str, str],
    tree: HtmlElement,
    base: str,
) -> str:
    candidates = [
        metas.get("og:image:secure_url", ""),
        metas.get("og:image", ""),
        metas.get("og:image:url", ""),
        metas.get("twitter:image", ""),
        metas.get("twitter:image:src", ""),
        _image_url(primary.get("image"), by_id),
        str(tree.xpath("string(//link[@rel='image_src']/@href)")),
    ]
    for candidate in candidates:
        candidate = candidate.strip()
        if not candidate:
            continue
        absolute = urljoin(base, candidate) if base else candidate
        if _is_http(absolute):
            return absolute
    return ""


# ---------------------------------------------------------------- chrome removal


@dataclass(frozen=True)
class ChromeRule:
    """One kind of site chrome to cut from the tree before trafilatura sees it."""

    name: str
    find: Callable[[HtmlElement], Iterable[HtmlElement]]
    # "drop": remove with its subtree; "demote": make a plain <div> whose subtree carries no
    # class or id, so trafilatura's body heuristics cannot latch onto it
    action: str = "drop"

    def apply(self, tree: HtmlElement, total: int) -> int:
        """Apply to the tree; ``total`` is the page's paragraph text length, for the guard."""
        body = tree.find("body")
        changed = 0
        for element in list(self.find(tree)):
            if element.getparent() is None or element is body:
                continue
            if self.action == "demote":
                element.tag = "div"
                for node in element.iter():
                    for name in ("class", "id"):
                        node.attrib.pop(name, None)
            elif total and _paragraph_chars(element) >= total * GUARD_SHARE:
                continue  # holds the article, whatever its name says
            else:
                element.drop_tree()
            changed += 1
        return changed


def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(text) for p in element.iter("p") for text in p.itertext())


def _text_start(element: HtmlElement, length: int = 80) -> str:
    """The first ``length``-odd characters of the element's text, spaces collapsed."""
    parts: list[str] = []
    seen = 0
    for part in element.itertext():
        parts.append(part)
        seen += len(part.strip())
        if seen >= length:
            break
    return _SPACES.sub(" ", "".join(parts)).strip()


def _short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text with spaces collapsed, or None once it runs past ``limit``.

    Stops reading early, so probing every block of a big page stays linear.
    """
    parts: list[str] = []
    length = 0
    for part in element.itertext():
        length += len(part)
        if length > limit * 4:
            return None
        parts.append(part)
    text = _SPACES.sub(" ", "".join(parts)).strip()
    return text if len(text) <= limit else None


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[\s_\-:./]+")


def _attribute_words(element: HtmlElement) -> list[str]:
    """Lowercase words of an element's class, id and component attributes."""
    raw = " ".join(element.get(name, "") for name in _WORD_ATTRIBUTES)
    return [w.lower() for w in _WORD_SPLIT.split(_CAMEL.sub(" ", raw)) if w]


_WORD_ATTRIBUTES = ("class", "id", "data-component", "data-testid", "data-module")
_WITH_ATTRIBUTES = etree.XPath("//*[" + " or ".join(f"@{a}" for a in _WORD_ATTRIBUTES) + "]")


def _attribute_matches(
    tree: HtmlElement,
    words: set[str],
    prefixes: tuple[str, ...] = (),
    skip: frozenset[str] = frozenset({"html", "body", "p"}),
) -> Iterator[HtmlElement]:
    """Elements with one of ``words`` (or a word starting with a prefix) in their attributes.

    A substring search finds the few candidates cheaply; the word test then confirms them,
    so "subscriber-premium" is not "subscribe" and "head" is not "ad".
    """
    pattern = _attribute_pattern(frozenset(words | set(prefixes)))
    for element in _WITH_ATTRIBUTES(tree):
        if not isinstance(element, HtmlElement) or element.tag in skip:
            continue
        if not pattern.search(" ".join(element.get(name, "") for name in _WORD_ATTRIBUTES)):
            continue
        found = _attribute_words(element)
        if any(w in words or (prefixes and w.startswith(prefixes)) for w in found):
            yield element


@functools.cache
def _attribute_pattern(substrings: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(substrings)), re.I)


def _attribute_rule(name: str, words: set[str], prefixes: tuple[str, ...] = ()) -> ChromeRule:
    return ChromeRule(name, lambda tree: _attribute_matches(tree, words, prefixes))


_LANDMARK_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "marquee",
}


def _landmarks(tree: HtmlElement) -> Iterator[HtmlElement]:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in {"nav", "aside"} or element.get("role", "").lower() in _LANDMARK_ROLES:
            yield element


def _hidden(tree: HtmlElement) -> Iterator[HtmlElement]:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        style = element.get("style", "").replace(" ", "").lower()
        if (
            element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or "display:none" in style
            or "visibility:hidden" in style
        ):
            yield element


def _headlines(tree: HtmlElement) -> Iterator[HtmlElement]:
    # the title is metadata; inside the text it is a duplicate
    yield from tree.iter("h1")


_DEK_WORDS = {"standfirst", "dek", "subtitle", "chapo", "excerpt", "subhead", "kicker", "rubric"}


def _deks(tree: HtmlElement) -> Iterator[HtmlElement]:
    # the standfirst repeats the summary the feed already gave; the title is metadata
    yield from _attribute_matches(tree, _DEK_WORDS, skip=frozenset({"html", "body"}))


_AD_LABEL_MAX_CHARS = 20
# a cell or list item reading "Pub" is more likely a listing than an ad slot
_AD_LABEL_CONTENT_TAGS = {"td", "th", "li", "dt", "dd", "a"}
_AD_LABELS = {
    "advertisement",
    "advertising",
    "ad",
    "sponsored",
    "publicité",
    "publicite",
    "pub",
    "anzeige",
    "werbung",
    "publicidad",
    "anuncio",
}


def _is_ad_label(element: HtmlElement) -> bool:
    text = _short_text(element, _AD_LABEL_MAX_CHARS)
    return text is not None and text.lower() in _AD_LABELS


def _ad_labels(tree: HtmlElement) -> Iterator[HtmlElement]:
    """A block whose whole text is an ad label, with any wrapper that holds nothing else."""
    for element in tree.iter():
        if (
            not isinstance(element.tag, str)
            or element.tag in _AD_LABEL_CONTENT_TAGS
            or (element.text or "").strip().lower() not in _AD_LABELS
        ):
            continue
        if not _is_ad_label(element):
            continue
        top = element
        parent = top.getparent()
        while parent is not None and parent.tag != "body" and _is_ad_label(parent):
            top, parent = parent, parent.getparent()
        yield top


def _nested_articles(tree: HtmlElement) -> Iterator[HtmlElement]:
    """<article> elements that are entries or cards, not the page's article.

    Trafilatura takes the first <article> as the body. On a live blog every entry is an
    <article>, and on many sites related-story cards are too, so when no <article> holds
    most of the page's paragraph text, those that stand beside another <article> (a feed, a
    grid of cards) are plain blocks.
    """
    articles = list(tree.iter("article"))
    if len(articles) < 2:
        return
    total = _paragraph_chars(tree)
    if any(_paragraph_chars(a) >= total * GUARD_SHARE for a in articles):
        return
    parents = Counter(a.getparent() for a in articles)
    yield from (a for a in articles if parents[a.getparent()] > 1)


_CHROME_PHRASES = re.compile(
    r"^(?:"
    r"add (?:\S+ ){0,4}to (?:your )?home ?screen|install (?:the|our) (?:\S+ )?app"
    r"|get (?:breaking news|news) alerts|switch on notifications|turn on notifications"
    r"|join the (?:conversation|discussion)|leave a (?:comment|reply)|post a comment"
    r"|comments are closed|share (?:this|or comment)"
    r"|sign up for (?:our|the) |subscribe to (?:our|the) |get our .{0,40}newsletter"
    r"|thanks for reading|we (?:and our partners )?use cookies|this (?:site|website) uses cookies"
    r"|read more:|related:|see also:|recommended:"
    r"|participez à la discussion|réagissez|ajoutez .{0,40}écran d'accueil"
    r"|nous utilisons des cookies|à lire aussi|abonnez-vous"
    r"|diskutieren sie mit|diese website verwendet cookies|lesen sie auch"
    r"|eilmeldungen .{0,40}(?:aufs handy|push)|jetzt .{0,30}(?:abonnieren|installieren)"
    r"|únete a la conversación|deja (?:un comentario|una respuesta)|utilizamos cookies"
    r"|lee también|suscríbete"
    r")",
    re.I,
)
_PHRASE_BLOCK_TAGS = {"p", "div", "section", "aside", "li", "h2", "h3", "h4", "h5", "span", "b"}
_PHRASE_MAX_CHARS = 300
_PHRASE_WINDOW = 80


def _any_phrase_start(body: HtmlElement) -> bool:
    """Whether a chrome phrase starts at the start of any text node.

    A matching block's text starts where one of its text nodes starts, so this finds every
    page the block scan below could act on, with one anchored match per text node.
    """
    texts = [t for t in body.itertext() if t.strip()]
    for index, text in enumerate(texts):
        window = text.lstrip()
        following = index + 1
        while len(window) < _PHRASE_WINDOW and following < len(texts):
            window += texts[following]
            following += 1
        if _CHROME_PHRASES.match(_SPACES.sub(" ", window[: _PHRASE_WINDOW * 2])):
            return True
    return False


def _chrome_phrases(tree: HtmlElement) -> Iterator[HtmlElement]:
    """Short blocks that open with an instruction to the reader rather than news."""
    body = tree.find("body")
    if body is None:
        return
    if not _any_phrase_start(body):
        return
    for element in body.iter(*_PHRASE_BLOCK_TAGS):
        if not _CHROME_PHRASES.match(_text_start(element)):
            continue
        text = _short_text(element, _PHRASE_MAX_CHARS)
        if not text or not _CHROME_PHRASES.match(text):
            continue
        # widen to the box around it (buttons, a dismiss link) while the box stays small
        top = element
        parent = top.getparent()
        while (
            parent is not None
            and parent.tag not in {"body", "article", "main"}
            and _short_text(parent, _PHRASE_MAX_CHARS) is not None
        ):
            top, parent = parent, parent.getparent()
        yield top


CANDIDATE_RULES: tuple[ChromeRule, ...] = (
    ChromeRule("landmarks", _landmarks),
    ChromeRule("hidden", _hidden),
    ChromeRule("headlines", _headlines),
    ChromeRule("deks", _deks),
    ChromeRule("ad-labels", _ad_labels),
    ChromeRule("chrome-phrases", _chrome_phrases),
    _attribute_rule(
        "app-install",
        {"a2hs", "addtohome", "addtohomescreen", "homescreen", "smartbanner", "pwa"},
        ("install",),
    ),
    _attribute_rule(
        "newsletter",
        {"newsletter", "newsletters", "signup", "subscribe", "optin", "promo", "subscription"},
    ),
    _attribute_rule(
        "comments",
        {"comments", "comment", "respond", "discussion", "conversation", "disqus"},
    ),
    _attribute_rule(
        "share", {"share", "sharing", "social", "sharedaddy", "sharebar", "addthis", "ufi"}
    ),
    _attribute_rule(
        "related",
        {"recirc", "readmore", "trending", "outbrain", "taboola", "recommended", "popular"},
        ("related", "morestories", "mostread", "topstories"),
    ),
    _attribute_rule("consent", {"cookie", "cookies", "consent", "gdpr", "cmp", "onetrust"}),
    _attribute_rule(
        "ads", {"ad", "ads", "advert", "advertisement", "adsbygoogle", "dfp", "sponsored"}
    ),
    _attribute_rule("paywall", {"paywall", "regwall", "piano", "meter", "metered"}),
    _attribute_rule(
        "navigation", {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "ticker"}
    ),
    _attribute_rule("author-bio", {"bio", "biography"}, ("authorbio",)),
    # after the drop rules: demoting strips the attributes they read
    ChromeRule("nested-articles", _nested_articles, action="demote"),
)

# Kept: the candidates that raised dev F1 or cut dev chrome leaks (bench/extraction.py
# --ablate shows each one's effect). The others changed nothing on dev, since trafilatura
# already prunes that chrome, so they stay out until a page shows they are needed.
KEPT_RULES = {"headlines", "deks", "ad-labels", "chrome-phrases", "newsletter", "nested-articles"}
CHROME_RULES: tuple[ChromeRule, ...] = tuple(r for r in CANDIDATE_RULES if r.name in KEPT_RULES)
