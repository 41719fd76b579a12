"""Every write of personalization: rules (follow, mute, keyword), the trainer's weights, read
marks, reader settings, onboarding, and carrying an anonymous reader's cookie into rows.

`do_*` assumes valid input and runs in one transaction; `check_*` validates, then calls it.
Writes are insert-or-ignore then update, so a double submit or a race changes nothing twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from tribune.accounts.models import User
from tribune.core.db import insert_new
from tribune.personalization.models import ReaderSettings, ReadMark, Rule, Weight
from tribune.personalization.prefs import (
    DURATIONS,
    FOLLOW,
    MUTE,
    OBJECT_KINDS,
    VERBS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    LimitReached,
    Pref,
    Prefs,
    Target,
    check_limits,
    expiry,
)
from tribune.personalization.queries import existing_ids, stored_prefs


class Refused(Exception):
    """The change is not allowed; the message is shown to the reader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def target_lookup(target: Target) -> dict[str, Any]:
    """The filter that finds a rule or weight about `target`."""
    if target.is_keyword:
        return {"kind": "keyword", "phrase": target.phrase}
    return {"kind": target.kind, f"{target.kind}_id": target.id}


def _row(user: User, target: Target) -> dict[str, Any]:
    row: dict[str, Any] = {"user_id": user.pk, "kind": target.kind}
    if target.is_keyword:
        row["phrase"] = target.phrase
    else:
        row[f"{target.kind}_id"] = target.id
    return row


def _lock(user: User) -> None:
    """Serialize one reader's rule changes, so two tabs cannot both pass a limit
    (PostgreSQL: a row lock; SQLite's write transactions are serial already)."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


# Rules --------------------------------------------------------------------------------------


def check_set_rule(
    user: User, target: Target, verb: str, duration: str = "forever", now: datetime | None = None
) -> None:
    """Follow or mute a target (a mute for `duration`: day, week, month or forever), in place
    of any rule the reader had about it. Refused: an unknown verb or duration, a target that
    is gone, or a limit reached."""
    now = now or timezone.now()
    if verb not in VERBS or duration not in DURATIONS:
        raise Refused("Choose follow or mute, and for how long.")
    if target.kind not in OBJECT_KINDS and not (target.is_keyword and target.phrase):
        raise Refused("Choose what to follow or mute.")
    if not target.is_keyword and not existing_ids(target.kind, {target.id}):
        raise Refused(f"That {target.kind} is no longer on the site.")
    try:
        with transaction.atomic():
            _lock(user)
            # Expired mutes apply no more; clearing them here keeps them out of the limits.
            Rule.objects.filter(user=user, expires_at__lte=now).delete()
            try:
                check_limits(stored_prefs(user, now, weights=False).rules, target)
            except LimitReached as exc:
                raise Refused(exc.message) from exc
            do_set_rule(user, target, verb, expiry(duration, now) if verb == MUTE else None, now)
    except IntegrityError as exc:  # deleted between the check and the commit
        raise Refused(f"That {target.kind} is no longer on the site.") from exc


def do_set_rule(
    user: User, target: Target, verb: str, expires_at: datetime | None, now: datetime | None = None
) -> None:
    """Insert the rule, or turn the reader's rule about the target into this one."""
    now = now or timezone.now()
    with transaction.atomic():
        row = {**_row(user, target), "verb": verb, "expires_at": expires_at, "created_at": now}
        if not insert_new(Rule, [row]):
            Rule.objects.filter(user=user, **target_lookup(target)).update(
                verb=verb, expires_at=expires_at
            )


def do_remove_rule(user: User, target: Target) -> None:
    with transaction.atomic():
        Rule.objects.filter(user=user, **target_lookup(target)).delete()


# The trainer --------------------------------------------------------------------------------


def live_targets(targets: list[Target]) -> list[Target]:
    """The targets still on the site (one query per kind present)."""
    alive = {
        kind: existing_ids(kind, {t.id for t in targets if t.kind == kind})
        for kind in {t.kind for t in targets if not t.is_keyword}
    }
    return [t for t in targets if t.is_keyword or t.id in alive[t.kind]]


def check_train(user: User, targets: list[Target], factor: float | None) -> None:
    """Train what is still on the site; refused when nothing is."""
    found = live_targets(targets)
    if not found:
        raise Refused("That is no longer on the site.")
    try:
        do_train(user, found, factor)
    except IntegrityError as exc:  # deleted between the check and the commit
        raise Refused("That is no longer on the site.") from exc


def do_train(user: User, targets: list[Target], factor: float | None) -> None:
    """Multiply the weights of the targets by `factor`, kept within [WEIGHT_MIN, WEIGHT_MAX];
    None puts them back to neutral."""
    if not targets:
        return
    now = timezone.now()
    with transaction.atomic():
        if factor is None:
            match = Q()
            for target in targets:
                match |= Q(**target_lookup(target))
            Weight.objects.filter(user=user).filter(match).delete()
            return
        insert_new(Weight, [{**_row(user, t), "value": 1.0, "updated_at": now} for t in targets])
        for target in targets:
            Weight.objects.filter(user=user, **target_lookup(target)).update(
                value=Greatest(Least(F("value") * factor, WEIGHT_MAX), WEIGHT_MIN),
                updated_at=now,
            )


# Read state and settings --------------------------------------------------------------------


def do_mark_read(user: User, article_id: int) -> None:
    """The reader opened the article: one insert, ignored when already marked (or when the
    article was deleted meanwhile)."""
    try:
        with transaction.atomic():
            insert_new(
                ReadMark,
                [{"user_id": user.pk, "article_id": article_id, "read_at": timezone.now()}],
            )
    except IntegrityError:
        pass


def _settings_row(user: User) -> None:
    insert_new(ReaderSettings, [{"user_id": user.pk, "hide_read": False}])


def do_set_hide_read(user: User, hide: bool) -> None:
    with transaction.atomic():
        _settings_row(user)
        ReaderSettings.objects.filter(user=user).update(hide_read=hide)


def do_finish_onboarding(user: User, follows: list[Target]) -> int:
    """Follow what the reader ticked (targets that are gone, or past the limit, are
    skipped) and note that onboarding is done. Returns the number of follows added."""
    now = timezone.now()
    added = 0
    with transaction.atomic():
        _lock(user)
        rules = stored_prefs(user, now, weights=False).rules
        valid = {
            kind: existing_ids(kind, {t.id for t in follows if t.kind == kind})
            for kind in ("topic", "section")
        }
        prefs = Prefs(rules=list(rules))
        for target in follows:
            if target.id not in valid.get(target.kind, set()):
                continue
            try:
                prefs = prefs.with_rule(Pref(target, FOLLOW))
            except LimitReached:
                break
            do_set_rule(user, target, FOLLOW, None, now)
            added += 1
        _settings_row(user)
        ReaderSettings.objects.filter(user=user).update(onboarded_at=now)
    return added


def do_skip_onboarding(user: User) -> None:
    with transaction.atomic():
        _settings_row(user)
        ReaderSettings.objects.filter(user=user, onboarded_at__isnull=True).update(
            onboarded_at=timezone.now()
        )


# Carrying an anonymous reader's cookie into rows ---------------------------------------------


def do_carry_over(user: User, prefs: Prefs, now: datetime | None = None) -> int:
    """Turn the cookie's rules and weights into the reader's rows. What the account already
    says wins; targets that are gone, expired mutes and anything past the limits are
    dropped. Returns the number of rules added."""
    now = now or timezone.now()
    wanted = prefs.active(now)
    valid = {
        kind: existing_ids(
            kind,
            {p.target.id for p in wanted if p.target.kind == kind}
            | {t.id for t in prefs.weights if t.kind == kind},
        )
        for kind in OBJECT_KINDS
    }

    def alive(target: Target) -> bool:
        return target.is_keyword or target.id in valid[target.kind]

    added = 0
    with transaction.atomic():
        _lock(user)
        current = stored_prefs(user, now)
        have = {p.target for p in current.rules}
        rules = list(current.rules)
        rows = []
        for pref in wanted:
            if pref.target in have or not alive(pref.target):
                continue
            try:
                check_limits(rules, pref.target)
            except LimitReached:
                continue
            rules.append(pref)
            have.add(pref.target)
            rows.append(
                {
                    **_row(user, pref.target),
                    "verb": pref.verb,
                    "expires_at": pref.expires_at,
                    "created_at": now,
                }
            )
        added = len(insert_new(Rule, rows))
        insert_new(
            Weight,
            [
                {**_row(user, target), "value": value, "updated_at": now}
                for target, value in prefs.weights.items()
                if target not in current.weights and alive(target)
            ],
        )
    return added
