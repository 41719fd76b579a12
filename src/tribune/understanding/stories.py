"""Stories: incremental grouping of articles from different sources about the same event.

Pure Python, no database. ``StoryIndex.add`` places each new article in an existing story or
opens a new one: MinHash signatures over the normalized words of title and lead, LSH banding
to find candidate articles published within a time window, then an IDF-weighted cosine check
against those candidates. A story grows over days because every member extends its window.

Design notes
------------
* Words, not word n-grams: different outlets describe one event in different words and order,
  so shared rare words ("Naqoura", "Okafor", "SEK52bn") carry the signal; IDF weights them up
  and common news words ("deal", "talks", "final") down. Two football matches share "cup",
  "win", "final" but not team or player names, so they stay apart -- once the index holds
  enough news for IDF to know that "cup" is common (a nearly empty index cannot).
* MinHash/LSH only proposes candidates: one-row bands (an article is a candidate when it shares
  at least ``min_collisions`` of the 64 min-words), newest ``max_bucket_scan`` entries per
  bucket, the ``max_stories`` most colliding stories. The decision is an IDF-weighted cosine
  against each candidate story's newest members within the window, mixing the best match with
  the mean (``link``) so that one loose member does not pull in a neighbouring event.
* IDF counts come from the articles the index holds; ``prune`` forgets articles older than
  needed, which also keeps the vocabulary statistics about recent news.
"""

from __future__ import annotations

import hashlib
import math
import re
import struct
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

__all__ = [
    "StoryIndex",
    "StoryParams",
    "normalize",
    "signature",
]

STATE_VERSION = 1

# English function words plus words that news copy uses for every kind of event.
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves says said say saying new news report reports reported year years week weeks day
    days time first last next one two three four five six seven eight nine ten per cent percent
    mr mrs ms monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    amid among across still back now s t
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD_RE = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")
_MERSENNE_61 = (1 << 61) - 1


def _fold(text: str) -> str:
    """Lowercase and strip accents ("Luleå" -> "lulea"); typographic apostrophes become plain."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\u2019", "'").replace("\u2018", "'")


def _stem(word: str) -> str:
    """Very light suffix stripping so "swaps"/"swapped"/"swap" meet; leaves numbers alone."""
    if word[0].isdigit():
        return word
    n = len(word)
    if n > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if n > 5 and word.endswith("ing"):
        word = word[:-3]
    elif n > 4 and word.endswith("ed"):
        word = word[:-2]
    elif n > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    else:
        return word
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return word


def normalize(text: str) -> list[str]:
    """The comparable words of ``text``: folded, tokenized, stop words dropped, lightly stemmed."""
    text = _fold(text).replace("'s ", " ").replace("'", "")
    words = []
    for raw in _WORD_RE.findall(text):
        if len(raw) < 2 or raw in _STOP_WORDS:
            continue
        word = _stem(raw)
        if word not in _STOP_WORDS:
            words.append(sys.intern(word))
    return words


def _words(title: str, lead: str) -> frozenset[str]:
    return frozenset(normalize(title)) | frozenset(normalize(lead))


class _Hasher:
    """MinHash over word sets with ``num_perm`` hash functions: one SHAKE-128 digest per word
    (seeded) gives a word its ``num_perm`` 61-bit values at once, in C, where computing
    a*x + b mod p for each of them in Python cost most of an article's signature."""

    def __init__(self, num_perm: int, seed: int) -> None:
        self.num_perm = num_perm
        self._prefix = f"{seed}:".encode()
        self._unpack = struct.Struct(f"<{num_perm}Q").unpack

    def values(self, word: str) -> tuple[int, ...]:
        digest = hashlib.shake_128(self._prefix + word.encode()).digest(8 * self.num_perm)
        return self._unpack(digest)

    def signature(self, words: Iterable[str]) -> tuple[int, ...]:
        rows = [self.values(w) for w in words]
        if not rows:
            return (_MERSENNE_61,) * self.num_perm
        # The smallest 64-bit value per function, cut to 61 bits (order is kept).
        return tuple(min(column) >> 3 for column in zip(*rows, strict=True))


_DEFAULT_HASHERS: dict[tuple[int, int], _Hasher] = {}


def _hasher(num_perm: int, seed: int) -> _Hasher:
    key = (num_perm, seed)
    h = _DEFAULT_HASHERS.get(key)
    if h is None:
        h = _DEFAULT_HASHERS[key] = _Hasher(num_perm, seed)
    return h


@dataclass(frozen=True)
class StoryParams:
    """Tuning of a ``StoryIndex``. Signatures are only comparable under equal num_perm and seed."""

    num_perm: int = 64
    bands: int = 64  # rows per band = num_perm // bands (1: any shared min-word is a candidate)
    seed: int = 20261125
    threshold: float = 0.2  # story score needed to join it (IDF-weighted cosine)
    window: timedelta = timedelta(hours=72)  # to the nearest member of the story
    max_bucket_scan: int = 64  # newest entries looked at per LSH bucket
    min_collisions: int = 2  # shared LSH buckets that make an article a candidate
    max_stories: int = 12  # candidate stories scored per add, the most colliding first
    recent_members: int = 8  # a story is compared through its newest members
    link: float = 0.3  # story score = link * best member + (1 - link) * mean over members

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError("num_perm must be a multiple of bands")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


def signature(title: str, lead: str, params: StoryParams | None = None) -> tuple[int, ...]:
    """The MinHash signature of an article's title and lead (each value < 2**61, fits a bigint)."""
    p = params or StoryParams()
    return _hasher(p.num_perm, p.seed).signature(_words(title, lead))


@dataclass
class _Member:
    article_id: int
    story_id: int
    source_id: int
    published: datetime
    words: frozenset[str]


class StoryIndex:
    """Incremental story clustering. ``add`` returns the article's story id.

    Holds, per article, its story, source, time and normalized word set (the signature is
    recomputed when needed and not kept); LSH buckets of article ids; word document counts.
    """

    def __init__(self, params: StoryParams | None = None) -> None:
        self.params = params or StoryParams()
        self._hasher = _hasher(self.params.num_perm, self.params.seed)
        self._members: dict[int, _Member] = {}
        # LSH bucket -> article ids; most buckets hold one article, kept as a bare id (a list
        # per bucket was a quarter of the index's memory).
        self._buckets: dict[int, int | list[int]] = {}
        self._df: dict[str, int] = {}
        self._story_sizes: dict[int, int] = {}
        self._recent: dict[int, list[_Member]] = {}
        self._next_story_id = 1

    # -- reading ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._members

    def story_of(self, article_id: int) -> int:
        return self._members[article_id].story_id

    def story_size(self, story_id: int) -> int:
        return self._story_sizes.get(story_id, 0)

    def stories(self) -> dict[int, list[int]]:
        """Story id -> article ids, in the order they were added."""
        out: dict[int, list[int]] = {}
        for m in self._members.values():
            out.setdefault(m.story_id, []).append(m.article_id)
        return out

    def signature(self, title: str, lead: str) -> tuple[int, ...]:
        return self._hasher.signature(_words(title, lead))

    # -- writing ---------------------------------------------------------------------------
    def add(
        self,
        article_id: int,
        title: str,
        lead: str,
        published: datetime,
        source_id: int,
        *,
        story_id: int | None = None,
        new_story_id: int | None = None,
    ) -> int:
        """Index an article and return its story id (an existing story or a new one).

        Pass ``story_id`` to restore a known assignment (rebuilding from the database) instead
        of deciding one. ``new_story_id`` is the id a new story gets when no existing one
        matches (default: the next free id); a caller whose ids come from elsewhere (database
        keys) passes a placeholder here and ``relabel``s it once the real id is known.
        Adding an article id twice returns its existing story.
        """
        existing = self._members.get(article_id)
        if existing is not None:
            return existing.story_id
        words = _words(title, lead)
        sig = self._hasher.signature(words)
        keys = self._band_keys(sig)
        if story_id is None:
            story_id = self._decide(words, published, keys)
        if story_id is None:
            story_id = self._next_story_id if new_story_id is None else new_story_id
        self._next_story_id = max(self._next_story_id, story_id + 1)
        self._insert(_Member(article_id, story_id, source_id, published, words), keys)
        return story_id

    def decide(self, title: str, lead: str, published: datetime) -> int | None:
        """The story ``add`` would put this article in, or None for a new one; indexes nothing."""
        words = _words(title, lead)
        return self._decide(words, published, self._band_keys(self._hasher.signature(words)))

    def relabel(self, old: int, new: int, article_ids: Iterable[int] | None = None) -> None:
        """Give story ``old`` the id ``new``. ``article_ids`` names all its members when the
        caller knows them (a story opened in the current batch); otherwise every member is
        looked at."""
        if old == new:
            return
        if new in self._story_sizes:
            raise ValueError(f"story {new} already exists")
        ids = self._members if article_ids is None else article_ids
        for aid in ids:
            m = self._members.get(aid)
            if m is not None and m.story_id == old:
                m.story_id = new
        if old in self._story_sizes:
            self._story_sizes[new] = self._story_sizes.pop(old)
        if old in self._recent:
            self._recent[new] = self._recent.pop(old)
        self._next_story_id = max(self._next_story_id, new + 1)

    def prune(self, before: datetime) -> int:
        """Forget articles published before ``before``; returns how many were dropped."""
        old = [aid for aid, m in self._members.items() if m.published < before]
        for aid in old:
            m = self._members.pop(aid)
            for w in m.words:
                n = self._df[w] - 1
                if n:
                    self._df[w] = n
                else:
                    del self._df[w]
            size = self._story_sizes[m.story_id] - 1
            if size:
                self._story_sizes[m.story_id] = size
            else:
                del self._story_sizes[m.story_id]
        if old:
            gone = set(old)
            for story_id in list(self._recent):
                kept_members = [m for m in self._recent[story_id] if m.article_id not in gone]
                if kept_members:
                    self._recent[story_id] = kept_members
                else:
                    del self._recent[story_id]
            buckets = self._buckets
            for key, bucket in list(buckets.items()):
                if isinstance(bucket, int):
                    if bucket in gone:
                        del buckets[key]
                    continue
                kept = [a for a in bucket if a not in gone]
                if len(kept) > 1:
                    buckets[key] = kept
                elif kept:
                    buckets[key] = kept[0]
                else:
                    del buckets[key]
        return len(old)

    # -- state -----------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        """A JSON-compatible snapshot; ``from_state`` rebuilds an equal index."""
        p = self.params
        return {
            "version": STATE_VERSION,
            "params": {
                "num_perm": p.num_perm,
                "bands": p.bands,
                "seed": p.seed,
                "threshold": p.threshold,
                "window_seconds": p.window.total_seconds(),
                "max_bucket_scan": p.max_bucket_scan,
            },
            "next_story_id": self._next_story_id,
            "articles": [
                [
                    m.article_id,
                    m.story_id,
                    m.source_id,
                    m.published.isoformat(),
                    sorted(m.words),
                ]
                for m in self._members.values()
            ],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> StoryIndex:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unknown story index state version {state.get('version')!r}")
        raw = state["params"]
        params = StoryParams(
            num_perm=int(raw["num_perm"]),
            bands=int(raw["bands"]),
            seed=int(raw["seed"]),
            threshold=float(raw["threshold"]),
            window=timedelta(seconds=float(raw["window_seconds"])),
            max_bucket_scan=int(raw["max_bucket_scan"]),
        )
        index = cls(params)
        for article_id, story_id, source_id, published, words in state["articles"]:
            fs = frozenset(sys.intern(str(w)) for w in words)
            sig = index._hasher.signature(fs)
            member = _Member(
                int(article_id),
                int(story_id),
                int(source_id),
                datetime.fromisoformat(published),
                fs,
            )
            index._insert(member, index._band_keys(sig))
        index._next_story_id = max(index._next_story_id, int(state["next_story_id"]))
        return index

    # -- internals -------------------------------------------------------------------------
    def _band_keys(self, sig: tuple[int, ...]) -> list[int]:
        r = self.params.rows
        return [hash((i, sig[i * r : (i + 1) * r])) for i in range(self.params.bands)]

    def _insert(self, member: _Member, keys: list[int]) -> None:
        self._members[member.article_id] = member
        self._story_sizes[member.story_id] = self._story_sizes.get(member.story_id, 0) + 1
        recent = self._recent.setdefault(member.story_id, [])
        recent.append(member)
        if len(recent) > 2 * self.params.recent_members:
            del recent[: -self.params.recent_members]
        df = self._df
        for w in member.words:
            df[w] = df.get(w, 0) + 1
        cap = self.params.max_bucket_scan
        buckets = self._buckets
        aid = member.article_id
        for key in keys:
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = aid
            elif isinstance(bucket, int):
                buckets[key] = [bucket, aid]
            else:
                bucket.append(aid)
                if len(bucket) > 2 * cap:
                    del bucket[:-cap]

    def _candidate_stories(self, keys: list[int], published: datetime) -> list[int]:
        """Stories of the articles that share at least ``min_collisions`` LSH buckets with the
        new one within the window, the most colliding first, at most ``max_stories``."""
        p = self.params
        cap, window = p.max_bucket_scan, p.window
        hits: Counter[int] = Counter()
        buckets = self._buckets
        for key in keys:
            bucket = buckets.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, int):
                hits[bucket] += 1
            else:
                hits.update(bucket[-cap:])  # counted in C
        members = self._members
        per_story: dict[int, int] = {}
        for aid, n in hits.items():
            if n < p.min_collisions:
                continue
            m = members.get(aid)
            if m is None or abs(published - m.published) > window:
                continue
            if n > per_story.get(m.story_id, 0):
                per_story[m.story_id] = n
        ranked = sorted(per_story, key=per_story.__getitem__, reverse=True)
        return ranked[: p.max_stories]

    def _decide(self, words: frozenset[str], published: datetime, keys: list[int]) -> int | None:
        if not words:
            return None
        window = self.params.window
        n_docs = len(self._members) + 1
        df = self._df
        squares: dict[str, float] = {}  # squared IDF weight per word, for this decision
        log = math.log

        def square_sum(ws: Iterable[str]) -> float:
            total = 0.0
            for w in ws:
                v = squares.get(w)
                if v is None:
                    v = log((n_docs + 1) / (df.get(w, 0) + 1)) + 1.0
                    v = squares[w] = v * v
                total += v
            return total

        norm_new = math.sqrt(square_sum(words))

        def cosine(m: _Member) -> float:
            shared = words & m.words
            if not shared:
                return 0.0
            return square_sum(shared) / (norm_new * math.sqrt(square_sum(m.words)))

        stories = self._candidate_stories(keys, published)
        best_story, best_score = None, self.params.threshold
        recent = self.params.recent_members
        for story_id in stories:
            near = [
                m
                for m in self._recent[story_id][-recent:]
                if abs(published - m.published) <= window
            ]
            sims = [cosine(m) for m in near]
            if not sims:
                continue
            score = self.params.link * max(sims) + (1 - self.params.link) * sum(sims) / len(sims)
            if score >= best_score:
                best_story, best_score = story_id, score
        return best_story
