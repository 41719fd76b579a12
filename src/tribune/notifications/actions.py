"""Creating and reading notifications, following discussions, stopping email.

Notices for a post are created after the post's transaction commits (discussions.actions
arranges it); replies and mentions are put in the email outbox and sent after that commit
too (notifications.emails). Nobody hears from someone they blocked.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tribune.accounts.models import Block, User
from tribune.discussions.actions import Refused
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.notifications import emails
from tribune.notifications.models import Notification, Subscription

EMAILED = frozenset(emails.EMAILED_KINDS)


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
            email_due=kind in EMAILED,
        )
        for user_id, kind in kinds.items()
        if user_id not in skip
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(notices, ignore_conflicts=True)
        if any(n.email_due for n in notices):
            emails.send_soon(response_id=response.pk)
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
            email_due=True,
        )
        for user_id in User.objects.filter(username__in=mentions, is_active=True).values_list(
            "id", flat=True
        )
        if user_id not in skip
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(notices)
        if notices:
            emails.send_soon(discussion_id=discussion.pk)
    return notices


def do_notify_moderation(
    recipient: User,
    message: str,
    *,
    discussion: Discussion | None = None,
    response: Response | None = None,
) -> Notification:
    """A moderator's message to a reader (a warning, a hidden post, a suspension). The
    moderator is not named to the reader; the moderation log keeps who it was."""
    if discussion is None and response is not None:
        discussion_id: int | None = response.discussion_id
    else:
        discussion_id = discussion.pk if discussion is not None else None
    return Notification.objects.create(
        recipient=recipient,
        kind=Notification.Kind.MODERATION,
        discussion_id=discussion_id,
        response=response,
        message=message,
    )


def do_mark_read(user: User, ids: list[int] | None = None) -> int:
    """Mark some (or all) of the reader's own notifications read. Other readers' ids are
    ignored: the filter is on the recipient first."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def check_follow(user: User, discussion: Discussion) -> None:
    if not user.is_authenticated:
        raise Refused("Log in to follow discussions.")
    if discussion.visibility != Visibility.VISIBLE and discussion.author_id != user.pk:
        raise Refused("That discussion is not open.")
    do_follow(user, discussion)


def check_unfollow(user: User, discussion: Discussion) -> None:
    if not user.is_authenticated:
        raise Refused("Log in to follow discussions.")
    do_unfollow(user, discussion)


def do_follow(user: User, discussion: Discussion) -> None:
    Subscription.objects.get_or_create(user=user, discussion=discussion)


def do_unfollow(user: User, discussion: Discussion) -> None:
    Subscription.objects.filter(user=user, discussion=discussion).delete()


def do_unsubscribe(user_id: int, kind: str) -> bool:
    """Stop one kind of email (`reply` or `mention`) for a reader; False if no such reader."""
    field = emails.PREFERENCES[kind]
    return bool(User.objects.filter(pk=user_id).update(**{field: False}))
