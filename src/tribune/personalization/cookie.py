"""An anonymous reader's preferences in the `tribune_prefs` cookie: signed, compact, capped in
size, and read defensively (anything malformed, tampered with or oversized counts as no
preferences; one bad entry is dropped, the rest kept). Carried into Rule rows at sign-in."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from tribune.personalization.keywords import PhraseError, normalize_phrase
from tribune.personalization.prefs import (
    FOLLOW,
    MAX_KEYWORDS,
    MAX_RULES,
    MUTE,
    Pref,
    Prefs,
    Target,
    bounded,
)

NAME = "tribune_prefs"
# Browsers keep at least 4096 bytes per cookie, name and attributes included.
MAX_BYTES = 3800
MAX_WEIGHTS = 60
MAX_AGE = 365 * 24 * 3600
_SALT = "tribune.personalization.prefs"
_CODES = {"topic": "t", "section": "c", "source": "s", "author": "a", "keyword": "k"}
_KINDS = {code: kind for kind, code in _CODES.items()}
_VERBS = {"f": FOLLOW, "m": MUTE}
_VERB_CODES = {verb: code for code, verb in _VERBS.items()}
_MAX_ID = 2**53


class CookieFull(Exception):
    """The preferences no longer fit in a cookie: the reader should sign up to keep more."""

    message = (
        "Your browser cannot keep more rules. Sign up (it's free) to keep as many as you like."
    )


def read(request: HttpRequest) -> Prefs:
    """The preferences in the request's cookie; empty when there is none or it is bad."""
    raw = request.COOKIES.get(NAME, "")
    if not raw or len(raw) > MAX_BYTES:
        return Prefs()
    return decode(raw)


def decode(raw: str) -> Prefs:
    try:
        data = signing.loads(raw, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError, OverflowError, MemoryError):
        # zlib and JSON errors are ValueErrors; a bomb cannot pass the signature check.
        return Prefs()
    if not isinstance(data, dict):
        return Prefs()
    prefs = Prefs()
    seen: set[Target] = set()
    keywords = 0
    for entry in _list(data.get("r"))[:MAX_RULES]:
        pref = _rule(entry)
        if pref is None or pref.target in seen:
            continue
        if pref.target.is_keyword:
            keywords += 1
            if keywords > MAX_KEYWORDS:
                continue
        seen.add(pref.target)
        prefs.rules.append(pref)
    for entry in _list(data.get("w"))[:MAX_WEIGHTS]:
        weight = _weight(entry)
        if weight is not None:
            prefs.weights[weight[0]] = weight[1]
    return prefs


def encode(prefs: Prefs, now: datetime) -> str:
    """The cookie's value for these preferences (expired mutes left out). Raises CookieFull
    when it would pass MAX_BYTES."""
    rules: list[list[Any]] = []
    for pref in prefs.rules:
        if not pref.active(now):
            continue
        t = pref.target
        entry: list[Any] = [
            _VERB_CODES[pref.verb],
            _CODES[t.kind],
            t.phrase if t.is_keyword else t.id,
        ]
        if pref.expires_at is not None:
            entry.append(int(pref.expires_at.timestamp()))
        rules.append(entry)
    weights = [
        [_CODES[t.kind], t.phrase if t.is_keyword else t.id, round(v, 3)]
        for t, v in sorted(prefs.weights.items())[:MAX_WEIGHTS]
    ]
    data: dict[str, Any] = {"r": rules}
    if weights:
        data["w"] = weights
    value = signing.dumps(data, salt=_SALT, compress=True)
    if len(value) > MAX_BYTES:
        raise CookieFull
    return value


def write(response: HttpResponse, prefs: Prefs, now: datetime) -> None:
    """Store the preferences on the response (raises CookieFull), or clear an empty set."""
    if not prefs:
        clear(response)
        return
    response.set_cookie(
        NAME,
        encode(prefs, now),
        max_age=MAX_AGE,
        httponly=True,  # only the server reads it
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def clear(response: HttpResponse) -> None:
    response.delete_cookie(NAME, samesite="Lax")


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _target(code: object, value: object) -> Target | None:
    kind = _KINDS.get(code) if isinstance(code, str) else None
    if kind is None:
        return None
    if kind == "keyword":
        if not isinstance(value, str):
            return None
        try:
            return Target("keyword", phrase=normalize_phrase(value))
        except PhraseError:
            return None
    # bool is an int in Python; neither it nor a float is an id.
    if type(value) is not int or not 0 < value < _MAX_ID:
        return None
    return Target(kind, id=value)


def _rule(entry: object) -> Pref | None:
    if not isinstance(entry, list) or len(entry) not in (3, 4):
        return None
    verb = _VERBS.get(entry[0]) if isinstance(entry[0], str) else None
    target = _target(entry[1], entry[2])
    if verb is None or target is None:
        return None
    expires_at = None
    if len(entry) == 4:
        stamp = entry[3]
        if verb != MUTE or type(stamp) is not int or not 0 < stamp < 2**37:
            return None
        expires_at = datetime.fromtimestamp(stamp, tz=UTC)
    return Pref(target, verb, expires_at)


def _weight(entry: object) -> tuple[Target, float] | None:
    if not isinstance(entry, list) or len(entry) != 3:
        return None
    target = _target(entry[0], entry[1])
    value = entry[2]
    if target is None or type(value) not in (int, float) or not math.isfinite(value):
        return None
    return target, bounded(float(value))
