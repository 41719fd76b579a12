"""Quality evaluation of article-page extraction against a gold set.

Owns the metric (bag-of-words precision/recall/F1 over lowercased word tokens, punctuation
stripped, per page and micro-averaged), the chrome-leak check and the metadata accuracy of
``extract_page``, compared with plain trafilatura. The gold set lives in
tests/data/extraction/{dev,heldout}: ``NAME.html`` beside ``NAME.json``.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import trafilatura

from tribune.ingest.extract import ExtractedPage, ExtractError, extract_page

TextExtractor = Callable[[bytes, str], str]
METADATA_FIELDS = ("title", "author", "published", "language", "image")

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Case:
    name: str
    html: bytes
    gold: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.gold["url"])


@dataclass(frozen=True)
class Score:
    overlap: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PageResult:
    name: str
    template: str
    score: Score
    leaks: list[str]
    seconds: float


@dataclass
class Report:
    pages: list[PageResult] = field(default_factory=list)

    @property
    def micro(self) -> Score:
        return Score(
            sum(p.score.overlap for p in self.pages),
            sum(p.score.predicted for p in self.pages),
            sum(p.score.expected for p in self.pages),
        )

    @property
    def leaking_pages(self) -> list[PageResult]:
        return [p for p in self.pages if p.leaks]

    @property
    def seconds(self) -> float:
        return sum(p.seconds for p in self.pages)

    @property
    def pages_per_second(self) -> float:
        return len(self.pages) / self.seconds if self.seconds else float("inf")


def tokens(text: str) -> Counter[str]:
    """Lowercased word tokens; NFKC first so ligatures and full-width forms compare equal."""
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).lower()))


def score(predicted: str, expected: str) -> Score:
    got, want = tokens(predicted), tokens(expected)
    return Score(sum((got & want).values()), sum(got.values()), sum(want.values()))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE.sub(" ", text).strip()


def chrome_leaks(text: str, phrases: Iterable[str]) -> list[str]:
    """Chrome phrases that appear in the extracted text (case- and spacing-insensitive)."""
    haystack = _normalise(text)
    return [phrase for phrase in phrases if _normalise(phrase) in haystack]


def load_cases(directory: Path) -> list[Case]:
    cases = []
    for gold_path in sorted(directory.glob("*.json")):
        html_path = gold_path.with_suffix(".html")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        cases.append(Case(gold_path.stem, html_path.read_bytes(), gold))
    if not cases:
        raise FileNotFoundError(f"no gold pages in {directory}")
    return cases


def trafilatura_default(html: bytes, url: str) -> str:
    """Plain trafilatura, library defaults (which include reader comments)."""
    return trafilatura.extract(html, url=url) or ""


def trafilatura_no_comments(html: bytes, url: str) -> str:
    """Plain trafilatura with comments off: the fairer baseline for article text."""
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def ours(html: bytes, url: str) -> str:
    try:
        return extract_page(html, url).text
    except ExtractError:
        return ""


def evaluate(cases: Iterable[Case], extractor: TextExtractor) -> Report:
    report = Report()
    for case in cases:
        started = time.process_time()
        text = extractor(case.html, case.url)
        elapsed = time.process_time() - started
        report.pages.append(
            PageResult(
                name=case.name,
                template=str(case.gold.get("template", "")),
                score=score(text, case.gold["text"]),
                leaks=chrome_leaks(text, case.gold.get("chrome", [])),
                seconds=elapsed,
            )
        )
    return report


# ---------------------------------------------------------------- metadata


def _names(value: str) -> set[str]:
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", _normalise(value))
    return {part for part in parts if part}


def metadata_matches(field_name: str, got: str | None, want: str) -> bool:
    """Whether one extracted metadata value agrees with the gold value."""
    if got is None:
        return False
    if field_name == "author":
        return _names(got) == _names(want)
    if field_name == "published":
        try:
            return datetime.fromisoformat(got) == datetime.fromisoformat(want)
        except ValueError:
            return False
    if field_name in {"image", "language"}:
        return got == want
    return _normalise(got) == _normalise(want)


@dataclass
class MetadataReport:
    checked: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str | None, str]] = field(default_factory=list)

    def accuracy(self, field_name: str) -> float:
        total = self.checked[field_name]
        return self.correct[field_name] / total if total else 1.0


def evaluate_metadata(cases: Iterable[Case]) -> MetadataReport:
    """Compare extract_page's metadata with the gold, on fields where the gold has a value."""
    report = MetadataReport()
    for case in cases:
        page: ExtractedPage | None
        try:
            page = extract_page(case.html, case.url)
        except ExtractError:
            page = None
        values = page.to_json_dict() if page else {}
        for field_name in METADATA_FIELDS:
            want = case.gold.get(field_name)
            if not want:
                continue
            got = values.get(field_name)
            report.checked[field_name] += 1
            if metadata_matches(field_name, got, want):
                report.correct[field_name] += 1
            else:
                report.misses.append((case.name, field_name, got, want))
    return report
