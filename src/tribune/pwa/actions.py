"""Writes of the installable app: readers' push subscriptions, and the site's push state."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from tribune.accounts.models import User
from tribune.core import ratelimit
from tribune.core.http import Guard
from tribune.notifications.models import Notification
from tribune.pwa import webpush
from tribune.pwa.models import PushState, PushSubscription

# A reader's browsers and devices; subscribing one more forgets the oldest.
MAX_DEVICES = 20
SUBSCRIBE_ATTEMPTS = ratelimit.Limit("push-subscribe", 30, 3600)
STATE_ID = 1


class Refused(Exception):
    """The subscription is not accepted; the message is shown to the reader. `retry_after`
    (seconds) is set when the rate limit refused it."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def do_ensure_push_state() -> PushState:
    """The site's push state, made on first use: a new VAPID key pair, and the notification
    mark at the newest notice (nothing from before web push was on is ever pushed)."""
    state = PushState.objects.filter(pk=STATE_ID).first()
    if state is not None:
        return state
    newest = Notification.objects.aggregate(newest=Max("pk"))["newest"] or 0
    try:
        with transaction.atomic():
            return PushState.objects.create(
                pk=STATE_ID,
                vapid_private_key=webpush.generate_private_key(),
                last_notification_id=newest,
            )
    except IntegrityError:  # another process made it first: theirs is the key
        return PushState.objects.get(pk=STATE_ID)


def check_subscribe(user: User, data: object, session_hash: str) -> PushSubscription:
    """Validate what the browser sent (see webpush.parse_subscription), then subscribe."""
    if not user.is_authenticated:
        raise Refused("Log in to get notifications.")
    try:
        ratelimit.hit(SUBSCRIBE_ATTEMPTS, str(user.pk))
    except ratelimit.RateLimited as exc:
        raise Refused("Too many attempts; try again later.", exc.retry_after) from exc
    try:
        subscription = webpush.parse_subscription(data, Guard.from_settings().networks)
    except webpush.BadSubscription as exc:
        raise Refused(str(exc)) from exc
    return do_subscribe(user, subscription, session_hash)


@transaction.atomic
def do_subscribe(
    user: User, subscription: webpush.Subscription, session_hash: str
) -> PushSubscription:
    """Push to this endpoint for `user`. A browser has one endpoint: if another reader had it
    (they shared the browser), it is theirs no more."""
    item = (
        PushSubscription.objects.select_for_update().filter(endpoint=subscription.endpoint).first()
    )
    if item is None:
        item = PushSubscription(endpoint=subscription.endpoint, user=user)
    elif item.user_id != user.pk:
        # A new owner: only notices from now on reach them here.
        item.user = user
        item.created_at = timezone.now()
        item.last_success_at = None
    item.p256dh = subscription.p256dh
    item.auth = subscription.auth
    item.session_hash = session_hash
    item.failure_count = 0
    item.save()
    excess = list(
        PushSubscription.objects.filter(user=user)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[MAX_DEVICES:]
    )
    if excess:
        PushSubscription.objects.filter(pk__in=excess).delete()
    return item


def do_unsubscribe(user: User, endpoint: object) -> bool:
    """Stop pushing to one of the reader's own endpoints; False if they had no such one."""
    if not isinstance(endpoint, str) or len(endpoint) > webpush.MAX_ENDPOINT:
        return False
    deleted, _ = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(deleted)


def do_forget_session(user: User, session_hash: str) -> int:
    """Logging out of a session ends the pushes of the browser that subscribed in it."""
    if not session_hash:
        return 0
    deleted, _ = PushSubscription.objects.filter(user=user, session_hash=session_hash).delete()
    return deleted
