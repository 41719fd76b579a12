"""Place tagging: which countries and major regions an article is about.

Pure functions over plain strings, no database. Country names come from pycountry; the
demonyms, cities, short names, regions and the few ambiguity rules live in small data
files beside this module (``data/*.tsv``), so editors can read and extend them.

Matching rules, in order:
- One compiled regular expression (a trie of every alias, longest alternative first) scans
  title and text once. Matching is case-sensitive: "US" matches, "us" does not; "Chad"
  matches, "chad" does not. A match must stand as a whole word (letters, digits or "_" on
  either side reject it; hyphens and apostrophes do not, so "Iranian-backed" and "Iran's"
  count).
- Stop phrases ("New Mexico", "Indian Ocean", ...) are matched like aliases and tag nothing,
  which keeps "Mexico" and "India" from firing inside them.
- Aliases flagged ``ctx`` are words that are also common first names or places elsewhere
  ("Chad", "Jordan", "Sydney", "Lima"). They count when the same country is mentioned
  unambiguously elsewhere in the article, when a locative word comes just before them
  ("in Chad", "to Jordan"), when a state noun follows ("Jordan's government", "Chad army"),
  or when they sit in a list next to an unambiguous place ("Egypt and Jordan").
- Aliases flagged ``confirm`` ("Georgia", "Georgian") count only when the article confirms the
  country another way: an unambiguous mention (Tbilisi, Batumi) or a confirming region
  (the Caucasus). "Georgia" alone is read as the US state and tags nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).parent / "data"

SOURCE_NAME = "name"
SOURCE_DEMONYM = "demonym"
SOURCE_CITY = "city"
SOURCE_REGION = "region"

FLAG_CTX = "ctx"
FLAG_CONFIRM = "confirm"

_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|to|from|of|across|into|through|near|neighbouring|neighboring|visit|visited|"
    r"visiting|toward|towards|against|between|throughout|within|inside|outside|entered|"
    r"northern|southern|eastern|western|central)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_STATE_NOUN_AFTER = re.compile(
    r"^(?:['\u2019]s)?\s+(?:government|army|military|president|king|capital|border|borders|"
    r"foreign|ministry|minister|parliament|officials|troops|authorities|economy|election|"
    r"elections|junta|prime|interior|defence|defense|embassy|central|state|forces|police|"
    r"citizens|opposition|population|refugees|national|transitional)\b",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")


@dataclass(frozen=True)
class PlaceTag:
    """One place an article is about, and the text that showed it."""

    code: str  # ISO 3166-1 alpha-2 (plus "XK" for Kosovo), or "region:<slug>"
    name: str
    matched: str
    source: str  # "name" | "demonym" | "city" | "region"


@dataclass(frozen=True)
class _Alias:
    code: str | None  # None: a stop phrase, matched only to be ignored
    source: str
    flag: str  # "" | "ctx" | "confirm"


@dataclass(frozen=True)
class _Gazetteer:
    pattern: re.Pattern[str]
    aliases: dict[str, _Alias]
    names: dict[str, str]
    confirmers: dict[str, frozenset[str]]


def _rows(filename: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / filename).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


_Trie = dict[str, "_Trie"]


def _trie_regex(words: list[str]) -> str:
    """A regex alternation shaped as a trie, so the engine never retries a shared prefix."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            # Greedy optional: the longer alias is tried first, the shorter on backtrack.
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _country_display(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    aliases: dict[str, _Alias] = {}
    names: dict[str, str] = {}

    # pycountry first; our files override an alias they also define.
    for country in pycountry.countries:
        code = country.alpha_2
        names[code] = _country_display(code)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                aliases[value] = _Alias(code, SOURCE_NAME, "")

    seen_display: set[str] = set()
    for row in _rows("names.tsv"):
        code, alias, flag = row[0], row[1], (row[2] if len(row) > 2 else "")
        if code not in seen_display:
            names[code] = alias
            seen_display.add(code)
        aliases[alias] = _Alias(code, SOURCE_NAME, flag)

    for filename, source in (("demonyms.tsv", SOURCE_DEMONYM), ("cities.tsv", SOURCE_CITY)):
        for row in _rows(filename):
            code, alias, flag = row[0], row[1], (row[2] if len(row) > 2 else "")
            aliases[alias] = _Alias(code, source, flag)

    for slug, display, alias in _rows("regions.tsv"):
        code = f"region:{slug}"
        names[code] = display
        aliases[alias] = _Alias(code, SOURCE_REGION, "")

    for (phrase,) in _rows("stop.tsv"):
        aliases[phrase] = _Alias(None, "", "")

    confirmers: dict[str, set[str]] = {}
    for code, confirmer in _rows("confirm.tsv"):
        confirmers.setdefault(code, set()).add(confirmer)

    pattern = re.compile(_trie_regex(sorted(aliases)) + r"(?!\w)")
    return _Gazetteer(
        pattern=pattern,
        aliases=aliases,
        names=names,
        confirmers={code: frozenset(found) for code, found in confirmers.items()},
    )


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: str
    alias: _Alias


def _scan(gazetteer: _Gazetteer, text: str) -> list[_Match]:
    found = []
    for match in gazetteer.pattern.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue  # inside a word, e.g. "McIran"
        word = match.group()
        found.append(_Match(start, match.end(), word, gazetteer.aliases[word]))
    return found


def _in_place_context(
    text: str, matches: list[_Match], index: int, accepted: dict[str, PlaceTag]
) -> bool:
    match = matches[index]
    if _LOCATIVE_BEFORE.search(text, max(0, match.start - 40), match.start):
        return True
    if _STATE_NOUN_AFTER.match(text[match.end : match.end + 40]):
        return True
    for other in (index - 1, index + 1):
        if not 0 <= other < len(matches):
            continue
        neighbour = matches[other]
        code = neighbour.alias.code
        if code is None or (neighbour.alias.flag and code not in accepted):
            continue
        left, right = (neighbour, match) if other < index else (match, neighbour)
        if _LIST_GAP.match(text[left.end : right.start]):
            return True
    return False


def tag_places(title: str, text: str) -> list[PlaceTag]:
    """The places an article is about, deduplicated by code, in order of first mention."""
    gazetteer = _gazetteer()
    body = f"{title}\n\n{text}" if title else text
    matches = _scan(gazetteer, body)
    firm = {m.alias.code for m in matches if m.alias.code is not None and not m.alias.flag}

    tags: dict[str, PlaceTag] = {}
    for index, match in enumerate(matches):
        code = match.alias.code
        if code is None or code in tags:
            continue
        flag = match.alias.flag
        if flag:
            confirmed = code in firm or bool(gazetteer.confirmers.get(code, frozenset()) & firm)
            if flag == FLAG_CONFIRM and not confirmed:
                continue
            if flag == FLAG_CTX and not (
                confirmed or _in_place_context(body, matches, index, tags)
            ):
                continue
        tags[code] = PlaceTag(
            code=code, name=gazetteer.names[code], matched=match.text, source=match.alias.source
        )
    return list(tags.values())
