"""A reader's preferences as plain data, the same for a signed-in reader (rows of Rule and
Weight) and an anonymous one (the prefs cookie): targets, rules, weights and their limits."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

KINDS = ("topic", "section", "source", "author", "keyword")
OBJECT_KINDS = ("topic", "section", "source", "author")
FOLLOW, MUTE = "follow", "mute"
VERBS = (FOLLOW, MUTE)

MAX_RULES = 200
MAX_KEYWORDS = 50
WEIGHT_MIN, WEIGHT_MAX = 0.1, 2.0
# "Show fewer like this" multiplies by FEWER, "more like this" by MORE, within the bounds.
FEWER, MORE = 0.7, 1.4

# How long a mute lasts; None: for good. Follows never expire.
DURATIONS: dict[str, timedelta | None] = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "forever": None,
}
DURATION_LABELS = {
    "day": "For a day",
    "week": "For a week",
    "month": "For a month",
    "forever": "For good",
}


class LimitReached(Exception):
    """A new rule would pass a limit; the message is for the reader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, order=True)
class Target:
    """What a rule or a weight is about: a topic, section, source or author by id, or a
    keyword phrase (normalized, see keywords.normalize_phrase)."""

    kind: str
    id: int = 0
    phrase: str = ""

    @property
    def is_keyword(self) -> bool:
        return self.kind == "keyword"


@dataclass(frozen=True)
class Pref:
    """One rule: follow or mute a target; a mute may end at expires_at."""

    target: Target
    verb: str
    expires_at: datetime | None = None

    def active(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now


def expiry(duration: str, now: datetime) -> datetime | None:
    span = DURATIONS.get(duration)
    return None if span is None else now + span


def bounded(value: float) -> float:
    return min(WEIGHT_MAX, max(WEIGHT_MIN, value))


def check_limits(rules: list[Pref], new: Target) -> None:
    """Raise LimitReached if adding a rule about `new` to `rules` passes a limit (replacing
    the rule about the same target never does)."""
    if any(p.target == new for p in rules):
        return
    if len(rules) >= MAX_RULES:
        raise LimitReached(
            f"You have {MAX_RULES} follows and mutes, the most we keep. Remove one first."
        )
    if new.is_keyword and sum(p.target.is_keyword for p in rules) >= MAX_KEYWORDS:
        raise LimitReached(
            f"You have {MAX_KEYWORDS} keyword rules, the most we keep. Remove one first."
        )


@dataclass
class Prefs:
    """Everything a reader asked for. `rules` holds at most one rule per target."""

    rules: list[Pref] = field(default_factory=list)
    weights: dict[Target, float] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.rules or self.weights)

    def rule_for(self, target: Target) -> Pref | None:
        return next((p for p in self.rules if p.target == target), None)

    def with_rule(self, pref: Pref) -> Prefs:
        """A copy with this rule in place of any rule about the same target (LimitReached if
        it is new and passes a limit)."""
        check_limits(self.rules, pref.target)
        rules = [p for p in self.rules if p.target != pref.target] + [pref]
        return replace(self, rules=rules)

    def without(self, target: Target) -> Prefs:
        return replace(self, rules=[p for p in self.rules if p.target != target])

    def trained(self, targets: list[Target], factor: float | None) -> Prefs:
        """A copy with the targets' weights multiplied by factor (None: back to neutral)."""
        weights = dict(self.weights)
        for target in targets:
            value = 1.0 if factor is None else bounded(weights.get(target, 1.0) * factor)
            if value == 1.0:
                weights.pop(target, None)
            else:
                weights[target] = value
        return replace(self, weights=weights)

    def active(self, now: datetime) -> list[Pref]:
        return [p for p in self.rules if p.active(now)]
