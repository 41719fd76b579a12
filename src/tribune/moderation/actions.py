"""Every write of moderation: readers' flags, and moderators' actions on posts and people.

`check_*` validate (who may act, the item's state, lengths, rate limits) and raise
`Refused` with a sentence for the person; `do_*` assume valid input and run in one
transaction. Every moderator action writes one ModerationAction (the moderation log) and
resolves the open flags on the item it concerns.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tribune.accounts.models import User
from tribune.core import ratelimit
from tribune.discussions.actions import Refused, do_publish_held, render_body
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.moderation import policy
from tribune.moderation.models import Flag, ModerationAction
from tribune.moderation.permissions import is_moderator
from tribune.notifications.actions import do_notify_discussion_mentions, do_notify_moderation

__all__ = ["Refused"]

Item = Response | Discussion

FLAG_LIMIT = ratelimit.Limit("flag", count=20, window=3600)
FLAG_LIMIT_IP = ratelimit.Limit("flag-ip", count=60, window=3600)
NOTE_MAX = 1000
REASON_MAX = 500
SUSPENSION_DAYS = (1, 7, 30)
Kind = ModerationAction.Kind


def _target(item: Item | None) -> dict[str, Item]:
    if item is None:
        return {}
    return {"response": item} if isinstance(item, Response) else {"discussion": item}


def _tell(user: User, message: str, item: Item | None = None) -> None:
    """A moderation notice to `user`, pointing at the item when there is one."""
    if isinstance(item, Response):
        do_notify_moderation(user, message, response=item)
    else:
        do_notify_moderation(user, message, discussion=item)


def _noun(item: Item) -> str:
    return "response" if isinstance(item, Response) else "discussion"


# Flags ---------------------------------------------------------------------------------------


def check_flag(
    user: User, item: Item, reason: str, note: str = "", *, ip: str | None = None
) -> Flag | None:
    """A reader flags a response or a discussion for moderators. Returns None when this
    reader had already flagged it (once per reader per item)."""
    if not user.is_authenticated:
        raise Refused("Log in to flag a post.")
    if reason not in Flag.Reason.values:
        raise Refused("Choose a reason.")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise Refused(f"The note is too long: at most {NOTE_MAX:,} characters.")
    if isinstance(item, Discussion) and item.is_page_thread:
        raise Refused("Flag the responses, not the thread itself.")
    if item.author_id == user.pk:
        raise Refused("You cannot flag your own post.")
    deleted = isinstance(item, Response) and item.is_deleted
    if item.visibility != Visibility.VISIBLE or deleted:
        raise Refused("That post cannot be flagged.")
    if refusal := policy.posting_refusal(user):
        raise Refused(refusal)
    if Flag.objects.filter(reporter=user, **_target(item)).exists():
        return None
    try:
        ratelimit.hit(FLAG_LIMIT, str(user.pk))
        if ip:
            ratelimit.hit(FLAG_LIMIT_IP, ip)
    except ratelimit.RateLimited as exc:
        raise Refused(
            "You have flagged many posts in a short time. Please wait a while.", exc.retry_after
        ) from exc
    return do_flag(user, item, reason, note)


def do_flag(user: User, item: Item, reason: str, note: str = "") -> Flag | None:
    try:
        with transaction.atomic():
            return Flag.objects.create(reporter=user, reason=reason, note=note, **_target(item))
    except IntegrityError:  # a double click, or two tabs: one flag
        return None


# Shared by moderator actions -----------------------------------------------------------------


def _check_moderator(moderator: User) -> None:
    if not is_moderator(moderator):
        raise Refused("Only moderators can do that.")


def _check_reason(reason: str, *, required: bool) -> str:
    reason = " ".join(reason.split())
    if required and not reason:
        raise Refused("Give a reason: the author and the moderation log will see it.")
    if len(reason) > REASON_MAX:
        raise Refused(f"The reason is too long: at most {REASON_MAX} characters.")
    return reason


def _log(
    moderator: User,
    kind: str,
    *,
    item: Item | None = None,
    user: User | None = None,
    reason: str = "",
    until: datetime | None = None,
) -> ModerationAction:
    """Write the log entry and close the item's open flags with it."""
    target_user_id = user.pk if user is not None else (item.author_id if item else None)
    action = ModerationAction.objects.create(
        moderator=moderator,
        kind=kind,
        target_user_id=target_user_id,
        reason=reason,
        until=until,
        **_target(item),
    )
    if item is not None:
        Flag.objects.filter(status=Flag.Status.OPEN, **_target(item)).update(
            status=Flag.Status.RESOLVED, resolved_by=action, resolved_at=action.created_at
        )
    return action


def _fresh(item: Item) -> Item:
    """The item as it is now, locked until the transaction ends (two moderators acting at
    once see each other's result, not a stale state)."""
    if isinstance(item, Response):
        return (
            Response.objects.select_for_update(of=("self",))
            .select_related("discussion", "author")
            .get(pk=item.pk)
        )
    return (
        Discussion.objects.select_for_update(of=("self",)).select_related("author").get(pk=item.pk)
    )


def _set_visibility(item: Item, visibility: str, reason: str) -> None:
    """Change what readers see; a response's discussion counts only visible responses."""
    was_visible = item.visibility == Visibility.VISIBLE
    type(item).objects.filter(pk=item.pk).update(visibility=visibility, moderation_reason=reason)
    if isinstance(item, Response):
        now_visible = visibility == Visibility.VISIBLE
        if was_visible != now_visible:
            Discussion.objects.filter(pk=item.discussion_id).update(
                response_count=F("response_count") + (1 if now_visible else -1)
            )
    item.visibility, item.moderation_reason = visibility, reason


# Posts ---------------------------------------------------------------------------------------


def check_approve(moderator: User, item: Item, reason: str = "") -> ModerationAction:
    """Publish a post that was held for review."""
    _check_moderator(moderator)
    if item.visibility != Visibility.PENDING:
        raise Refused(f"That {_noun(item)} is not waiting for review.")
    return do_approve(moderator, item, _check_reason(reason, required=False))


def do_approve(moderator: User, item: Item, reason: str = "") -> ModerationAction:
    with transaction.atomic():
        current = _fresh(item)
        if current.visibility != Visibility.PENDING:
            raise Refused(f"Another moderator has already handled this {_noun(item)}.")
        if isinstance(current, Response):
            do_publish_held(current)  # visible, counted, notifies after commit
        else:
            _publish_held_discussion(current)
        current.visibility = Visibility.VISIBLE
        return _log(moderator, Kind.APPROVE, item=current, reason=reason)


def _publish_held_discussion(discussion: Discussion) -> None:
    """A held discussion appears, counts toward its author's approved posts, and notifies
    the readers it mentions, as a new one would have."""
    Discussion.objects.filter(pk=discussion.pk).update(
        visibility=Visibility.VISIBLE, moderation_reason=""
    )
    if discussion.author_id:
        User.objects.filter(pk=discussion.author_id).update(approved_posts=F("approved_posts") + 1)
    mentions = render_body(discussion.body_markdown).mentions if discussion.body_markdown else ()
    if mentions:
        transaction.on_commit(lambda: do_notify_discussion_mentions(discussion, mentions))


def check_dismiss(moderator: User, item: Item, reason: str = "") -> ModerationAction:
    """The flags were unfounded: close them, leave the post as it is."""
    _check_moderator(moderator)
    return do_dismiss(moderator, item, _check_reason(reason, required=False))


def do_dismiss(moderator: User, item: Item, reason: str = "") -> ModerationAction:
    with transaction.atomic():
        return _log(moderator, Kind.DISMISS, item=item, reason=reason)


def check_hide(moderator: User, item: Item, reason: str) -> ModerationAction:
    """Hide a post behind a placeholder that shows the reason."""
    _check_moderator(moderator)
    if isinstance(item, Discussion) and item.is_page_thread:
        raise Refused("An article's or a story's thread cannot be hidden; lock it instead.")
    if item.visibility not in (Visibility.VISIBLE, Visibility.PENDING):
        raise Refused(f"That {_noun(item)} is already hidden or removed.")
    return do_hide(moderator, item, _check_reason(reason, required=True))


def do_hide(moderator: User, item: Item, reason: str) -> ModerationAction:
    return _take_down(moderator, item, Visibility.HIDDEN, Kind.HIDE, reason)


def check_remove(moderator: User, item: Item, reason: str) -> ModerationAction:
    """Take a post down entirely (spam, illegal content)."""
    _check_moderator(moderator)
    if isinstance(item, Discussion) and item.is_page_thread:
        raise Refused("An article's or a story's thread cannot be removed; lock it instead.")
    if item.visibility == Visibility.REMOVED:
        raise Refused(f"That {_noun(item)} is already removed.")
    return do_remove(moderator, item, _check_reason(reason, required=True))


def do_remove(moderator: User, item: Item, reason: str) -> ModerationAction:
    return _take_down(moderator, item, Visibility.REMOVED, Kind.REMOVE, reason)


def _take_down(
    moderator: User, item: Item, visibility: str, kind: str, reason: str
) -> ModerationAction:
    verb = "hid" if visibility == Visibility.HIDDEN else "removed"
    with transaction.atomic():
        current = _fresh(item)
        _set_visibility(current, visibility, reason)
        action = _log(moderator, kind, item=current, reason=reason)
        if current.author is not None and current.author_id != moderator.pk:
            _tell(
                current.author,
                f"A moderator {verb} your {_noun(current)}. Reason: {reason}",
                current,
            )
    return action


def check_restore(moderator: User, item: Item, reason: str = "") -> ModerationAction:
    """Undo a hide or a removal."""
    _check_moderator(moderator)
    if item.visibility not in (Visibility.HIDDEN, Visibility.REMOVED):
        raise Refused(f"That {_noun(item)} is not hidden or removed.")
    return do_restore(moderator, item, _check_reason(reason, required=False))


def do_restore(moderator: User, item: Item, reason: str = "") -> ModerationAction:
    with transaction.atomic():
        current = _fresh(item)
        _set_visibility(current, Visibility.VISIBLE, "")
        return _log(moderator, Kind.RESTORE, item=current, reason=reason)


def check_lock(moderator: User, discussion: Discussion, reason: str = "") -> ModerationAction:
    """No new responses; what is there stays."""
    _check_moderator(moderator)
    if discussion.locked:
        raise Refused("That discussion is already locked.")
    return do_lock(moderator, discussion, _check_reason(reason, required=False))


def do_lock(moderator: User, discussion: Discussion, reason: str = "") -> ModerationAction:
    with transaction.atomic():
        Discussion.objects.filter(pk=discussion.pk).update(locked=True)
        discussion.locked = True
        return _log(moderator, Kind.LOCK, item=discussion, reason=reason)


def check_unlock(moderator: User, discussion: Discussion, reason: str = "") -> ModerationAction:
    _check_moderator(moderator)
    if not discussion.locked:
        raise Refused("That discussion is not locked.")
    return do_unlock(moderator, discussion, _check_reason(reason, required=False))


def do_unlock(moderator: User, discussion: Discussion, reason: str = "") -> ModerationAction:
    with transaction.atomic():
        Discussion.objects.filter(pk=discussion.pk).update(locked=False)
        discussion.locked = False
        return _log(moderator, Kind.UNLOCK, item=discussion, reason=reason)


# People --------------------------------------------------------------------------------------


def _check_can_act_on(moderator: User, user: User) -> None:
    _check_moderator(moderator)
    if user.pk == moderator.pk:
        raise Refused("You cannot do that to your own account.")
    if is_moderator(user) and not moderator.is_superuser:
        raise Refused("Moderators and admins are answerable to an administrator, not here.")


def check_warn(
    moderator: User, user: User, message: str, *, item: Item | None = None
) -> ModerationAction:
    """A message from the moderators that the reader sees among their notifications."""
    _check_can_act_on(moderator, user)
    return do_warn(moderator, user, _check_reason(message, required=True), item=item)


def do_warn(
    moderator: User, user: User, message: str, *, item: Item | None = None
) -> ModerationAction:
    with transaction.atomic():
        _tell(user, f"A warning from the moderators: {message}", item)
        return _log(moderator, Kind.WARN, item=item, user=user, reason=message)


def check_suspend(
    moderator: User, user: User, days: int, reason: str, *, item: Item | None = None
) -> ModerationAction:
    """No posting, voting or flagging for `days` days."""
    _check_can_act_on(moderator, user)
    if days not in SUSPENSION_DAYS:
        raise Refused("Choose 1, 7 or 30 days.")
    if user.banned:
        raise Refused("That account is banned; lift the ban first.")
    return do_suspend(moderator, user, days, _check_reason(reason, required=True), item=item)


def do_suspend(
    moderator: User, user: User, days: int, reason: str, *, item: Item | None = None
) -> ModerationAction:
    until = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(suspended_until=until, suspension_reason=reason)
        user.suspended_until, user.suspension_reason = until, reason
        _tell(
            user,
            f"Your account is suspended until {until:%d %B %Y, %H:%M} UTC. Reason: {reason}",
            item,
        )
        return _log(moderator, Kind.SUSPEND, item=item, user=user, reason=reason, until=until)


def check_ban(
    moderator: User, user: User, reason: str, *, item: Item | None = None
) -> ModerationAction:
    """A suspension with no end."""
    _check_can_act_on(moderator, user)
    if user.banned:
        raise Refused("That account is already banned.")
    return do_ban(moderator, user, _check_reason(reason, required=True), item=item)


def do_ban(
    moderator: User, user: User, reason: str, *, item: Item | None = None
) -> ModerationAction:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(banned=True, suspension_reason=reason)
        user.banned, user.suspension_reason = True, reason
        _tell(user, f"Your account is banned from posting. Reason: {reason}", item)
        return _log(moderator, Kind.BAN, item=item, user=user, reason=reason)


def check_lift(moderator: User, user: User, reason: str = "") -> ModerationAction:
    """End a suspension or a ban now."""
    _check_can_act_on(moderator, user)
    if not user.is_suspended:
        raise Refused("That account is not suspended or banned.")
    return do_lift(moderator, user, _check_reason(reason, required=False))


def do_lift(moderator: User, user: User, reason: str = "") -> ModerationAction:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            suspended_until=None, banned=False, suspension_reason=""
        )
        user.suspended_until, user.banned, user.suspension_reason = None, False, ""
        _tell(user, "Your account can post again.")
        return _log(moderator, Kind.LIFT, user=user, reason=reason)
