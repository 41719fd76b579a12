"""Creating and reading notifications. Called after a post's transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tribune.accounts.models import Block, User
from tribune.discussions.models import Discussion, Response
from tribune.notifications.models import Notification, Subscription


def _blocking(author_id: int | None) -> set[int]:
    """Readers who blocked the author hear nothing from them."""
    if author_id is None:
        return set()
    return set(Block.objects.filter(blocked_id=author_id).values_list("blocker_id", flat=True))


def do_notify_response(response: Response, mentions: tuple[str, ...]) -> list[Notification]:
    """One notice per reader for a new response: a reply beats a mention beats activity in a
    followed discussion. Nobody is notified of their own post or by someone they blocked."""
    author_id = response.author_id
    skip = _blocking(author_id) | ({author_id} if author_id else set())
    kinds: dict[int, str] = {}
    if response.parent_id:
        parent_author = (
            Response.objects.filter(pk=response.parent_id)
            .values_list("author_id", flat=True)
            .first()
        )
        if parent_author:
            kinds[parent_author] = Notification.Kind.REPLY
    if mentions:
        for user_id in User.objects.filter(username__in=mentions, is_active=True).values_list(
            "id", flat=True
        ):
            kinds.setdefault(user_id, Notification.Kind.MENTION)
    for user_id in Subscription.objects.filter(discussion_id=response.discussion_id).values_list(
        "user_id", flat=True
    ):
        kinds.setdefault(user_id, Notification.Kind.ACTIVITY)
    notices = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            actor_id=author_id,
            discussion_id=response.discussion_id,
            response=response,
        )
        for user_id, kind in kinds.items()
        if user_id not in skip
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(notices, ignore_conflicts=True)
    return notices


def do_notify_discussion_mentions(
    discussion: Discussion, mentions: tuple[str, ...]
) -> list[Notification]:
    skip = _blocking(discussion.author_id) | {discussion.author_id}
    notices = [
        Notification(
            recipient_id=user_id,
            kind=Notification.Kind.MENTION,
            actor_id=discussion.author_id,
            discussion=discussion,
        )
        for user_id in User.objects.filter(username__in=mentions, is_active=True).values_list(
            "id", flat=True
        )
        if user_id not in skip
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(notices)
    return notices


def do_mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark some (or all) of the reader's own notifications read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def do_follow(user: User, discussion: Discussion) -> None:
    Subscription.objects.get_or_create(user=user, discussion=discussion)


def do_unfollow(user: User, discussion: Discussion) -> None:
    Subscription.objects.filter(user=user, discussion=discussion).delete()
