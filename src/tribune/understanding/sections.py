"""Which section an article belongs in, from its kind, its feed's categories, or its words.

Pure. The evidence, strongest first:
1. An opinion piece (``kind="opinion"``) goes to Opinion.
2. A feed category that names a section or a close synonym ("Sports", "Environment",
   ``data/section_categories.tsv``) decides it.
3. Otherwise a multinomial naive Bayes model over the headline (counted twice) and the lead,
   trained on the short texts in ``data/sections.tsv`` (written for this purpose, never the
   evaluation set). Every word's weight per section can be read from the model, so a
   surprising choice can be explained (:func:`explain`).
Nothing is guessed when no word of the text is known to the model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

SECTIONS = (
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Climate",
    "Health",
    "Culture",
    "Sport",
    "Local",
    "Opinion",
)
OPINION = "Opinion"

_WORD = re.compile(r"[a-z][a-z0-9']+")
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "has",
        "have",
        "had",
        "not",
        "no",
        "into",
        "over",
        "after",
        "before",
        "about",
        "than",
        "then",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "him",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "while",
        "also",
        "more",
        "most",
        "some",
        "any",
        "all",
        "can",
        "could",
        "would",
        "will",
        "may",
        "might",
        "one",
        "two",
        "three",
        "new",
        "said",
        "says",
        "say",
        "year",
        "years",
        "per",
        "cent",
        "percent",
        "last",
        "first",
        "next",
        "week",
        "day",
        "days",
        "time",
        "up",
        "out",
        "off",
        "so",
        "if",
        "do",
        "does",
        "did",
        "s",
        "t",
    ]
)
_SMOOTHING = 1.0


@dataclass(frozen=True)
class SectionGuess:
    name: str  # one of SECTIONS
    reason: str  # "kind" | "category" | "text"
    margin: float = 0.0  # text only: log-odds over the runner-up


def words(text: str) -> list[str]:
    """Lower-case words less the commonest, suffixes folded ("elections" -> "election")."""
    out = []
    for word in _WORD.findall(text.lower().replace("\u2019", "'")):
        if word.endswith("'s"):
            word = word[:-2]
        word = word.rstrip("'")
        if word in _STOPWORDS or len(word) < 3:
            continue
        out.append(_stem(word))
    return out


def _stem(word: str) -> str:
    """A crude suffix fold (plurals, -ed, -ing): the same on training and input text, which
    is all a word-count model needs."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 6 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 5 and word.endswith("ed"):
        word = word[:-2]
    return word


@dataclass(frozen=True)
class _Model:
    weights: dict[str, tuple[float, ...]]  # word -> log P(word | section), by SECTIONS order
    categories: dict[str, str]  # lower-case category -> section name


@lru_cache(maxsize=1)
def _model() -> _Model:
    counts = {name: Counter[str]() for name in SECTIONS}
    for line in (DATA_DIR / "sections.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        section, text = line.split("\t", 1)
        counts[section].update(words(text))
    vocabulary = set().union(*counts.values())
    weights: dict[str, list[float]] = {word: [] for word in vocabulary}
    for name in SECTIONS:
        total = sum(counts[name].values()) + _SMOOTHING * len(vocabulary)
        for word in vocabulary:
            weights[word].append(math.log((counts[name][word] + _SMOOTHING) / total))
    categories = {name.lower(): name for name in SECTIONS}
    for line in (DATA_DIR / "section_categories.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            section, category = line.split("\t")
            categories[category.strip().lower()] = section
    return _Model({w: tuple(v) for w, v in weights.items()}, categories)


def section_for_category(categories: Sequence[str]) -> str | None:
    """The section the first category naming one names."""
    known = _model().categories
    for category in categories:
        if isinstance(category, str) and (found := known.get(category.strip().lower())):
            return found
    return None


def _scores(title: str, lead: str) -> list[float] | None:
    weights = _model().weights
    scores = [0.0] * len(SECTIONS)
    seen = False
    for text, factor in ((title, 2.0), (lead, 1.0)):
        for word in words(text):
            row = weights.get(word)
            if row is None:
                continue
            seen = True
            for index, value in enumerate(row):
                scores[index] += factor * value
    return scores if seen else None


def classify_section(
    title: str, lead: str, categories: Sequence[str] = (), kind: str = ""
) -> SectionGuess | None:
    if kind == "opinion":
        return SectionGuess(OPINION, "kind")
    if found := section_for_category(categories):
        return SectionGuess(found, "category")
    scores = _scores(title[:1000], lead[:3000])
    if scores is None:
        return None
    ranked = sorted(range(len(SECTIONS)), key=lambda i: -scores[i])
    best, second = ranked[0], ranked[1]
    return SectionGuess(SECTIONS[best], "text", margin=scores[best] - scores[second])


def explain(title: str, lead: str, section: str, top: int = 8) -> list[tuple[str, float]]:
    """The words that pushed hardest toward ``section`` against the average section."""
    weights = _model().weights
    column = SECTIONS.index(section)
    pull: dict[str, float] = {}
    for word in words(f"{title} {title} {lead}"):
        row = weights.get(word)
        if row is not None:
            pull[word] = pull.get(word, 0.0) + row[column] - sum(row) / len(row)
    return sorted(pull.items(), key=lambda item: -item[1])[:top]
