"""Sending replies and mentions to readers' browsers as push notifications.

`send_pending_pushes()` is a worker chore. It walks the notifications stream past the mark in
PushState: it claims a window of notices by moving the mark with a compare-and-set update (so
two workers never push one notice twice), then pushes the replies and mentions in it that are
still unread and visible to every browser their reader subscribed before the notice. Push is
best effort: a notice that could not be pushed stays in the reader's inbox and is not retried.
A push service that answers 404 or 410 has forgotten the browser: its subscription is deleted;
one that keeps failing is dropped after MAX_FAILURES tries in a row.

Posts go through core.http's guarded client (address checked at connect time, deadline, no
redirects), never to an address the fetcher may not reach.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections import defaultdict
from datetime import timedelta
from email.utils import parseaddr

import httpx
from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from tribune.core import http
from tribune.discussions.models import Visibility
from tribune.notifications.models import Notification
from tribune.pwa import webpush
from tribune.pwa.actions import do_ensure_push_state
from tribune.pwa.models import PushState, PushSubscription
from tribune.pwa.queries import push_enabled

log = logging.getLogger(__name__)

PUSHED_KINDS = (Notification.Kind.REPLY, Notification.Kind.MENTION)
# Notices younger than this wait for the next run: one created a moment earlier may not have
# committed yet, and the mark must not pass it.
SETTLE = timedelta(seconds=5)
# A worker that was down does not wake readers with yesterday's replies.
MAX_AGE = timedelta(hours=6)
TTL = 24 * 3600  # seconds the push service keeps a message for a browser that is offline
TIMEOUT = 10.0
MAX_FAILURES = 10
TITLE = 120
BODY = 240


@dataclasses.dataclass
class Outcome:
    sent: list[int] = dataclasses.field(default_factory=list)
    gone: list[int] = dataclasses.field(default_factory=list)
    failed: list[int] = dataclasses.field(default_factory=list)


def _subject() -> str:
    """Who runs the site, for push services (RFC 8292 `sub`): its address, else its URL."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f"mailto:{address}" if "@" in address else settings.SITE_URL


def _one_line(text: str, limit: int) -> str:
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def payload(notice: Notification) -> bytes:
    """What the service worker shows: title, body, the page to open, and a tag that folds a
    second push about the same notice into the first."""
    actor = notice.actor.shown_name if notice.actor else "Someone"
    verb = "replied to you" if notice.kind == Notification.Kind.REPLY else "mentioned you"
    title = notice.discussion.title if notice.discussion else ""
    if notice.response is not None:
        text = notice.response.body_markdown
    else:
        text = notice.discussion.body_markdown if notice.discussion else ""
    body = f"In “{title}”: {text}" if title else text
    data = {
        "title": _one_line(f"{actor} {verb}", TITLE),
        "body": _one_line(body, BODY),
        "url": notice.target_url(),
        "tag": f"notice-{notice.pk}",
    }
    return json.dumps(data, ensure_ascii=False).encode()


def _wanted(notice: Notification) -> bool:
    """Whether the reader should still hear about it, now, as it is."""
    if not notice.recipient.is_active or notice.read_at is not None:
        return False
    if notice.response is not None:
        response = notice.response
        return response.visibility == Visibility.VISIBLE and response.deleted_at is None
    return notice.discussion is not None and notice.discussion.visibility == Visibility.VISIBLE


def _guard() -> http.Guard:
    # The fetcher's address rules, a short deadline, and no redirects: a push service answers.
    return dataclasses.replace(http.Guard.from_settings(), timeout=TIMEOUT, max_redirects=0)


def _post(url: str, headers: dict[str, str], body: bytes, guard: http.Guard) -> int:
    """POST through core.http's guarded client; the status code. Raises http.FetchError for
    a refused address or a failed connection. (core.http.request sends no body yet; this uses
    its per-thread guarded session directly.)"""
    for_check = httpx.URL(url)
    ip = http.literal_address(for_check.host)
    if ip is not None and (reason := http.blocked_reason(ip, guard.networks)) is not None:
        raise http.FetchError("blocked_address", f"Refused to connect to {ip}: {reason}")
    session = http._session(guard)
    session.clock.deadline = time.monotonic() + guard.timeout
    try:
        with session.client.stream(
            "POST",
            url,
            content=body,
            headers={**headers, "User-Agent": guard.user_agent},
            timeout=guard.timeout,
        ) as response:
            return response.status_code  # the body, if any, is not read
    except httpx.HTTPError as exc:
        raise http.FetchError("connect", f"Push to {for_check.host} failed: {exc}") from exc
    finally:
        session.clock.deadline = None


def push_one(
    subscription: PushSubscription,
    data: bytes,
    state: PushState,
    guard: http.Guard,
    *,
    urgency: str = "normal",
) -> int:
    """Encrypt `data` for one browser and post it to its push service; the status code."""
    headers = {
        "TTL": str(TTL),
        "Urgency": urgency,
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "aes128gcm",
        "Authorization": webpush.vapid_authorization(
            state.vapid_private_key, subscription.endpoint, _subject()
        ),
    }
    body = webpush.encrypt(data, subscription.p256dh, subscription.auth)
    return _post(subscription.endpoint, headers, body, guard)


def _deliver(
    subscriptions: list[PushSubscription], data: bytes, state: PushState, guard: http.Guard
) -> Outcome:
    outcome = Outcome()
    for subscription in subscriptions:
        try:
            status = push_one(subscription, data, state, guard)
        except http.FetchError as exc:
            log.warning("Push %s not sent: %s", subscription.pk, exc.code)
            outcome.failed.append(subscription.pk)
            continue
        if 200 <= status < 300:
            outcome.sent.append(subscription.pk)
        elif status in (404, 410):
            outcome.gone.append(subscription.pk)  # the browser unsubscribed or went away
        else:
            log.warning("Push %s refused by its service: %s", subscription.pk, status)
            outcome.failed.append(subscription.pk)
    return outcome


def _record(outcome: Outcome) -> None:
    if outcome.sent:
        PushSubscription.objects.filter(pk__in=outcome.sent).update(
            last_success_at=timezone.now(), failure_count=0
        )
    if outcome.gone:
        PushSubscription.objects.filter(pk__in=outcome.gone).delete()
    if outcome.failed:
        failed = PushSubscription.objects.filter(pk__in=outcome.failed)
        failed.update(failure_count=F("failure_count") + 1)
        failed.filter(failure_count__gte=MAX_FAILURES).delete()


def _claim(state: PushState, limit: int) -> list[int]:
    """The ids of the next window of settled notices, if this process wins the mark."""
    mark = state.last_notification_id
    cutoff = timezone.now() - SETTLE
    window: list[int] = []
    for pk, created_at in (
        Notification.objects.filter(pk__gt=mark).order_by("pk").values_list("pk", "created_at")
    )[:limit]:
        if created_at > cutoff:
            break  # this one and those after it wait for the next run
        window.append(pk)
    if not window:
        return []
    moved = PushState.objects.filter(pk=state.pk, last_notification_id=mark).update(
        last_notification_id=window[-1]
    )
    return window if moved else []


def send_pending_pushes(*, limit: int = 500) -> int:
    """Push the replies and mentions not yet considered; how many pushes went out. Does
    nothing unless TRIBUNE_WEB_PUSH is on. Never raises for a push service's trouble."""
    if not push_enabled():
        return 0
    state = do_ensure_push_state()
    window = _claim(state, limit)
    if not window:
        return 0
    notices = [
        n
        for n in Notification.objects.filter(
            Exists(PushSubscription.objects.filter(user_id=OuterRef("recipient_id"))),
            pk__in=window,
            kind__in=PUSHED_KINDS,
            read_at__isnull=True,
            created_at__gte=timezone.now() - MAX_AGE,
        )
        .select_related("recipient", "actor", "discussion", "response")
        .order_by("pk")
        if _wanted(n)
    ]
    if not notices:
        return 0
    devices: dict[int, list[PushSubscription]] = defaultdict(list)
    for subscription in PushSubscription.objects.filter(
        user_id__in={n.recipient_id for n in notices}
    ).order_by("pk"):
        devices[subscription.user_id].append(subscription)
    guard = _guard()
    total = Outcome()
    for notice in notices:
        # Only browsers subscribed when the notice was made: a new owner hears no older news.
        targets = [
            s
            for s in devices[notice.recipient_id]
            if s.created_at <= notice.created_at and s.pk not in total.gone
        ]
        if not targets:
            continue
        outcome = _deliver(targets, payload(notice), state, guard)
        total.sent += outcome.sent
        total.gone += outcome.gone
        total.failed += outcome.failed
    _record(total)
    return len(total.sent)
