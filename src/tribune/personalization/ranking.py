"""For You's ranking on plain data: score each candidate article from the reader's follows,
mutes and trained weights, recency, story size and discussion; group articles into stories;
say why each item is there; and keep any one source from flooding the list. No database."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tribune.personalization.keywords import KeywordMatcher, words_of
from tribune.personalization.prefs import WEIGHT_MAX, WEIGHT_MIN

# Every candidate starts with this much interest, so popular stories the reader does not
# follow can still place, below what they follow.
BASE_INTEREST = 0.2
TOPIC_INTEREST = 1.0
AUTHOR_INTEREST = 1.0
KEYWORD_INTEREST = 1.0
SOURCE_INTEREST = 0.8
SECTION_INTEREST = 0.5
# Interest decays with age: e^(-hours / RECENCY_HOURS), about a third after two days.
RECENCY_HOURS = 48.0
BIG_STORY_SOURCES = 3
BUSY_DISCUSSION = 5
MAX_REASONS = 3
# Source diversity: at most PER_SOURCE items of one source in any WINDOW consecutive items.
PER_SOURCE = 2
WINDOW = 10


@dataclass(frozen=True)
class Candidate:
    """One recent article, with what the ranking needs to know about it."""

    id: int
    title: str
    published_at: datetime
    source_id: int
    source_name: str
    slug: str = ""
    text: str = ""  # standfirst and summary: what keywords also look in
    section_id: int | None = None
    section_name: str = ""
    # The bylines and topics that matter to this reader (followed or trained: the query
    # leaves out the rest, and applies mutes itself), most prominent first.
    authors: tuple[tuple[int, str], ...] = ()
    topics: tuple[tuple[int, str], ...] = ()
    story_id: int | None = None
    story_title: str = ""
    story_sources: int = 1
    responses: int = 0  # in its own thread and its story's
    hot: float = 0.0
    read: bool = False


@dataclass(frozen=True)
class Interests:
    """What the reader follows or mutes: ids by kind, and keyword phrases."""

    topics: frozenset[int] = frozenset()
    sections: frozenset[int] = frozenset()
    sources: frozenset[int] = frozenset()
    authors: frozenset[int] = frozenset()
    keywords: KeywordMatcher = field(default_factory=lambda: KeywordMatcher(()))

    def __bool__(self) -> bool:
        return bool(self.topics or self.sections or self.sources or self.authors or self.keywords)


@dataclass(frozen=True)
class Profile:
    follows: Interests = field(default_factory=Interests)
    mutes: Interests = field(default_factory=Interests)
    # (kind, id) -> the trainer's weight, 1.0 when absent.
    weights: dict[tuple[str, int], float] = field(default_factory=dict)
    hide_read: bool = False


@dataclass(frozen=True)
class Reason:
    """Why an item is there. `kind` says which: topic, source, section, author, keyword,
    story, discussion, trained."""

    kind: str
    text: str


@dataclass
class Scored:
    candidate: Candidate
    score: float
    interest: float  # from follows alone (0: nothing followed matched)
    reasons: list[Reason]


@dataclass
class Item:
    """One line of For You: a story (its best-placed article leads) or a lone article."""

    lead: Candidate
    score: float
    reasons: list[Reason]
    followed: bool
    articles: list[Candidate] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"s{self.lead.story_id}" if self.lead.story_id else f"a{self.lead.id}"

    @property
    def source_id(self) -> int:
        return self.lead.source_id

    @property
    def read(self) -> bool:
        return self.lead.read


def is_muted(c: Candidate, mutes: Interests, words: list[str] | None = None) -> bool:
    """Whether a mute hides the candidate; `words`: its title and text split by words_of."""
    if (
        c.source_id in mutes.sources
        or (c.section_id is not None and c.section_id in mutes.sections)
        or any(a in mutes.authors for a, _ in c.authors)
        or any(t in mutes.topics for t, _ in c.topics)
    ):
        return True
    if not mutes.keywords:
        return False
    return (
        mutes.keywords.first_match_in(words_of(c.title, c.text) if words is None else words)
        is not None
    )


def recency(published_at: datetime, now: datetime) -> float:
    hours = max((now - published_at).total_seconds(), 0.0) / 3600
    return math.exp(-hours / RECENCY_HOURS)


def weight(c: Candidate, weights: dict[tuple[str, int], float]) -> float:
    """The product of the trainer's weights on the article's source, section, authors and
    topics, kept within the bounds of one weight squared."""
    if not weights:
        return 1.0
    keys = [("source", c.source_id)]
    if c.section_id is not None:
        keys.append(("section", c.section_id))
    keys += [("author", a) for a, _ in c.authors]
    keys += [("topic", t) for t, _ in c.topics]
    product = 1.0
    for key in keys:
        product *= weights.get(key, 1.0)
    return min(WEIGHT_MAX**2, max(WEIGHT_MIN**2, product))


def score(c: Candidate, profile: Profile, now: datetime, words: list[str] | None = None) -> Scored:
    follows = profile.follows
    reasons: list[Reason] = []
    interest = 0.0
    followed_topic = next((name for t, name in c.topics if t in follows.topics), None)
    if followed_topic is not None:
        interest += TOPIC_INTEREST
        reasons.append(Reason("topic", f"Because you follow {followed_topic}"))
    followed_authors = [name for a, name in c.authors if a in follows.authors]
    if followed_authors:
        interest += AUTHOR_INTEREST
        reasons.append(Reason("author", f"By {followed_authors[0]}, whom you follow"))
    if c.source_id in follows.sources:
        interest += SOURCE_INTEREST
        reasons.append(Reason("source", f"From {c.source_name}, which you follow"))
    if c.section_id is not None and c.section_id in follows.sections:
        interest += SECTION_INTEREST
        reasons.append(Reason("section", f"In {c.section_name}, which you follow"))
    if follows.keywords:
        phrase = follows.keywords.first_match_in(
            words_of(c.title, c.text) if words is None else words
        )
        if phrase:
            interest += KEYWORD_INTEREST
            reasons.append(Reason("keyword", f"Matches your keyword \u201c{phrase}\u201d"))
    if c.story_sources >= BIG_STORY_SOURCES:
        reasons.append(Reason("story", f"Big story: {c.story_sources} sources"))
    if c.responses >= BUSY_DISCUSSION:
        reasons.append(Reason("discussion", "Popular in discussions"))
    trained = weight(c, profile.weights)
    if trained > 1.0:
        reasons.append(Reason("trained", "You asked for more like this"))
    size = 1 + 0.25 * math.log2(max(c.story_sources, 1))
    talk = 1 + 0.15 * math.log1p(max(c.responses, 0)) + min(max(c.hot, 0.0), 1.0)
    value = (BASE_INTEREST + interest) * trained * recency(c.published_at, now) * size * talk
    return Scored(c, value, interest, reasons)


def _merge_reasons(scored: list[Scored]) -> list[Reason]:
    seen: set[str] = set()
    merged: list[Reason] = []
    for s in scored:
        for reason in s.reasons:
            if reason.text not in seen:
                seen.add(reason.text)
                merged.append(reason)
    # What the reader follows first, then why it is popular.
    order = ("topic", "author", "source", "section", "keyword", "trained", "story", "discussion")
    merged.sort(key=lambda r: order.index(r.kind) if r.kind in order else len(order))
    return merged[:MAX_REASONS]


def rank(
    candidates: list[Candidate], profile: Profile, now: datetime, *, only_followed: bool = True
) -> list[Item]:
    """Items best first, without mutes (and read articles when the reader hides them),
    before the diversity pass. With `only_followed`, an item must match a follow or be a
    big story or a busy discussion; otherwise every candidate may place."""
    by_key: dict[str, list[Scored]] = {}
    split = bool(profile.mutes.keywords or profile.follows.keywords)
    for c in candidates:
        if profile.hide_read and c.read:
            continue
        words = words_of(c.title, c.text) if split else []
        if is_muted(c, profile.mutes, words):
            continue
        key = f"s{c.story_id}" if c.story_id else f"a{c.id}"
        by_key.setdefault(key, []).append(score(c, profile, now, words))
    items = []
    for group in by_key.values():
        group.sort(key=lambda s: (-s.score, -s.candidate.published_at.timestamp()))
        best = group[0]
        followed = any(s.interest > 0 for s in group)
        reasons = _merge_reasons(group)
        if only_followed and not followed and not reasons:
            continue
        items.append(
            Item(
                lead=best.candidate,
                score=best.score,
                reasons=reasons,
                followed=followed,
                articles=[s.candidate for s in group],
            )
        )
    items.sort(key=lambda i: (-i.score, -i.lead.published_at.timestamp(), -i.lead.id))
    return items


def diversify(
    items: list[Item], limit: int | None = None, per_source: int = PER_SOURCE, window: int = WINDOW
) -> list[Item]:
    """Greedy re-rank of the first `limit` places: take the best item whose source has fewer
    than `per_source` items among the last `window - 1` taken; when none qualifies, the best
    remaining (so one source's news still shows when there is nothing else, after the rest)."""
    pending = list(items)
    placed: list[Item] = []
    limit = len(pending) if limit is None else limit
    while pending and len(placed) < limit:
        recent = Counter(i.source_id for i in placed[-(window - 1) :])
        pick = next((n for n, i in enumerate(pending) if recent[i.source_id] < per_source), 0)
        placed.append(pending.pop(pick))
    return placed
