"""A reader's change applied where their preferences live: rows (through actions) for a
signed-in reader, the prefs cookie for an anonymous one. Views call these, then store the
returned cookie preferences on their response with `finish`."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tribune.accounts.models import User
from tribune.personalization import actions, cookie
from tribune.personalization.actions import Refused
from tribune.personalization.prefs import (
    DURATIONS,
    MUTE,
    VERBS,
    LimitReached,
    Pref,
    Prefs,
    Target,
    expiry,
)
from tribune.personalization.queries import existing_ids, refresh_reader_filter


def signed_in(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated else None


def _cookie_prefs(request: HttpRequest, now: datetime) -> Prefs:
    prefs = cookie.read(request)
    return Prefs(prefs.active(now), dict(prefs.weights))


def _fits(prefs: Prefs, now: datetime) -> Prefs:
    try:
        cookie.encode(prefs, now)
    except cookie.CookieFull as exc:
        raise Refused(exc.message) from exc
    return prefs


def set_rule(
    request: HttpRequest, target: Target, verb: str, duration: str = "forever"
) -> Prefs | None:
    """Follow or mute. Returns the anonymous reader's new preferences (None when signed in).
    Raises Refused with the reason for the reader."""
    now = timezone.now()
    user = signed_in(request)
    if user is not None:
        actions.check_set_rule(user, target, verb, duration, now)
        return None
    if verb not in VERBS or duration not in DURATIONS:
        raise Refused("Choose follow or mute, and for how long.")
    if not target.is_keyword and not existing_ids(target.kind, {target.id}):
        raise Refused(f"That {target.kind} is no longer on the site.")
    pref = Pref(target, verb, expiry(duration, now) if verb == MUTE else None)
    try:
        return _fits(_cookie_prefs(request, now).with_rule(pref), now)
    except LimitReached as exc:
        raise Refused(exc.message) from exc


def remove_rule(request: HttpRequest, target: Target) -> Prefs | None:
    user = signed_in(request)
    if user is not None:
        actions.do_remove_rule(user, target)
        return None
    return _cookie_prefs(request, timezone.now()).without(target)


def train(request: HttpRequest, targets: list[Target], factor: float | None) -> Prefs | None:
    """ "Show fewer / more like this" (factor None: back to neutral)."""
    user = signed_in(request)
    if user is not None:
        actions.check_train(user, targets, factor)
        return None
    now = timezone.now()
    found = actions.live_targets(targets)
    if not found:
        raise Refused("That is no longer on the site.")
    return _fits(_cookie_prefs(request, now).trained(found, factor), now)


def follow_many(request: HttpRequest, targets: list[Target]) -> Prefs | None:
    """Onboarding's ticks: follow what still exists, up to the limits."""
    user = signed_in(request)
    if user is not None:
        actions.do_finish_onboarding(user, targets)
        return None
    now = timezone.now()
    prefs = _cookie_prefs(request, now)
    alive = {
        kind: existing_ids(kind, {t.id for t in targets if t.kind == kind})
        for kind in ("topic", "section")
    }
    for target in targets:
        if target.id not in alive.get(target.kind, set()):
            continue
        try:
            bigger = prefs.with_rule(Pref(target, "follow"))
            cookie.encode(bigger, now)
        except (LimitReached, cookie.CookieFull):
            break
        prefs = bigger
    return prefs


def finish(request: HttpRequest, response: HttpResponse, prefs: Prefs | None) -> HttpResponse:
    """Store an anonymous reader's new preferences on the response; for a signed-in reader,
    drop a prefs cookie left from before sign-in (its rules were carried over)."""
    if prefs is not None:
        cookie.write(response, prefs, timezone.now())
    elif signed_in(request) is not None and cookie.NAME in request.COOKIES:
        cookie.clear(response)
    return response


def refreshed(request: HttpRequest, prefs: Prefs | None) -> None:
    """Make the rest of this request see the change."""
    refresh_reader_filter(request, prefs)
