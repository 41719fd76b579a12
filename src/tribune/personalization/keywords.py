"""Keyword rules: what a phrase may be, its normal form, and matching phrases against text by
whole words. Never a pattern from the reader: text and phrases become word tokens, and a
phrase matches where its tokens appear in a row (linear in the text, whatever the phrases)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

MAX_LENGTH = 60
# A phrase of MAX_LENGTH characters holds at most this many words ("a b c ...").
_MAX_WORDS = (MAX_LENGTH + 1) // 2
# What a phrase may hold besides letters and digits (typographic apostrophes become ').
_ALLOWED_PUNCTUATION = frozenset(" -'")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_SPACES = re.compile(r"\s+")
# A word: a run of letters, digits or underscores; everything else separates words. A single
# character class with no alternation or nesting: the scan is one linear pass.
_WORD = re.compile(r"\w+")


class PhraseError(ValueError):
    """The phrase is not one we keep; the message says why, for the reader."""


def normalize_phrase(raw: str) -> str:
    """The stored form of a reader's phrase: NFKC, lower case, single spaces, trimmed.
    Raises PhraseError with a reader-facing message when it is empty, too long or holds
    anything but letters, digits, spaces, hyphens and apostrophes."""
    if len(raw) > MAX_LENGTH * 4:  # refuse before any work on a huge paste
        raise PhraseError(f"Keep it to {MAX_LENGTH} characters or fewer.")
    text = unicodedata.normalize("NFKC", raw).translate(_APOSTROPHES)
    text = _SPACES.sub(" ", text).strip().casefold()
    if not text:
        raise PhraseError("Enter a word or a phrase.")
    if len(text) > MAX_LENGTH:
        raise PhraseError(f"Keep it to {MAX_LENGTH} characters or fewer.")
    bad = sorted({c for c in text if not (c.isalnum() or c in _ALLOWED_PUNCTUATION)})
    if bad:
        shown = " ".join(bad[:5])
        raise PhraseError(
            f"Use only letters, digits, spaces, hyphens and apostrophes (not {shown})."
        )
    if not tokens(text):
        raise PhraseError("Enter at least one letter or digit.")
    return text


def tokens(text: str) -> list[str]:
    """The words of a text, case-folded, in order."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)


def words_of(*texts: str) -> list[str]:
    """The words of several texts, with a NUL between texts so that no phrase matches
    across the end of one and the start of the next (no word ever holds a NUL)."""
    words: list[str] = []
    for n, text in enumerate(texts):
        if n:
            words.append("\x00")
        words.extend(tokens(text))
    return words


class KeywordMatcher:
    """Matches normalized phrases against text by whole words: "iran" matches "Iran's talks"
    and "IRAN" but not "Iranian"; "cease-fire" matches "cease fire" and "cease-fire".

    The phrases form a trie of words, so each position of the text costs at most one step per
    word of the longest phrase (30 at most): linear in the text, whatever the phrases."""

    _END = ""  # the key under which a trie node keeps the phrase ending there (never a word)

    def __init__(self, phrases: Iterable[str]) -> None:
        self._root: dict[str, Any] = {}
        for phrase in phrases:
            words = tokens(phrase)
            if not words:
                continue
            node = self._root
            for word in words:
                node = node.setdefault(word, {})
            node.setdefault(self._END, phrase)

    def __bool__(self) -> bool:
        return bool(self._root)

    def first_match(self, *texts: str) -> str | None:
        """The first phrase found in the texts (in order of the texts, then of position)."""
        if not self._root:
            return None
        return self.first_match_in(words_of(*texts))

    def first_match_in(self, words: list[str]) -> str | None:
        """first_match over words already split by `words_of` (split once, match often)."""
        root = self._root
        if not root or root.keys().isdisjoint(words):  # the common case, at C speed
            return None
        for start, first in enumerate(words):
            node: dict[str, Any] | None = root.get(first)
            if node is None:
                continue
            if self._END in node:
                return str(node[self._END])
            for word in words[start + 1 : start + _MAX_WORDS]:
                node = node.get(word)
                if node is None:
                    break
                if self._END in node:
                    return str(node[self._END])
        return None

    def matches(self, *texts: str) -> bool:
        return self.first_match(*texts) is not None
