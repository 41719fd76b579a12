"""Email for replies and mentions: the outbox sender, the messages, the unsubscribe tokens.

Notifications with `email_due` set are the outbox. `send_pending_emails()` claims due rows
(clearing the flag, so two senders never send one notice twice), sends what each recipient
still wants, and puts failures back for a later run, at most MAX_ATTEMPTS times. Posting calls
it after commit for the new post's own notices; a worker can call it with no arguments to
sweep whatever is left. SMTP failures are logged, never raised.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tribune.discussions.models import Visibility
from tribune.notifications.models import Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Seconds per SMTP operation. A worker waits as long as EMAIL_TIMEOUT says; sending inline,
# after a post's commit, gives up sooner so a stuck server delays the poster a little at most.
INLINE_TIMEOUT = 5
EXCERPT = 1000
UNSUBSCRIBE_SALT = "tribune.notifications.unsubscribe"
# What an unsubscribe link can switch off, and the account field behind it.
PREFERENCES = {"reply": "email_on_reply", "mention": "email_on_mention"}
EMAILED_KINDS = (Notification.Kind.REPLY, Notification.Kind.MENTION)


# Unsubscribe tokens --------------------------------------------------------------------------


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed, URL-safe token naming the reader and the kind of email to stop. It does not
    expire: an unsubscribe link in an old email must still work."""
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a token we signed, or None for anything else."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, kind = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or kind not in PREFERENCES:
        return None
    return user_id, kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id, kind)])
    return f"{settings.SITE_URL}{path}"


# Messages ------------------------------------------------------------------------------------


def _one_line(text: str, limit: int) -> str:
    """Header-safe: no line breaks or control characters, bounded length."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _wanted(notice: Notification) -> bool:
    """Whether the recipient still wants this email, now, as it is."""
    recipient = notice.recipient
    if not recipient.is_active or not recipient.email or notice.read_at is not None:
        return False
    if not getattr(recipient, PREFERENCES[notice.kind]):
        return False
    if notice.response is not None:
        response = notice.response
        return response.visibility == Visibility.VISIBLE and response.deleted_at is None
    return notice.discussion is not None and notice.discussion.visibility == Visibility.VISIBLE


def compose(notice: Notification) -> EmailMessage:
    actor = notice.actor.shown_name if notice.actor else "Someone"
    discussion = notice.discussion
    title = discussion.title if discussion else ""
    if notice.response is not None:
        text, path = notice.response.body_markdown, notice.response.get_absolute_url()
    else:
        text = discussion.body_markdown if discussion else ""
        path = discussion.get_absolute_url() if discussion else reverse("notifications:index")
    verb = "replied to you" if notice.kind == Notification.Kind.REPLY else "mentioned you"
    stop = unsubscribe_url(notice.recipient_id, notice.kind)
    context: dict[str, Any] = {
        "actor": actor,
        "verb": verb,
        "title": title,
        "excerpt": text[:EXCERPT] + ("…" if len(text) > EXCERPT else ""),
        "url": f"{settings.SITE_URL}{path}",
        "unsubscribe_url": stop,
        "kind": notice.kind,
        "site_name": settings.SITE_NAME,
    }
    subject = _one_line(f"{actor} {verb} in “{title}”" if title else f"{actor} {verb}", 150)
    return EmailMessage(
        subject=subject,
        body=render_to_string("notifications/email/notice.txt", context),
        to=[notice.recipient.email or ""],
        headers={
            # RFC 2369 and RFC 8058: mail clients offer a one-click "unsubscribe" that POSTs here.
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


# The sender ----------------------------------------------------------------------------------


def _claim(ids: list[int]) -> list[int]:
    """Take the rows off the outbox; whoever clears the flag sends (at most once)."""
    claimed = []
    with transaction.atomic():
        for pk in ids:
            if Notification.objects.filter(pk=pk, email_due=True).update(email_due=False):
                claimed.append(pk)
    return claimed


def _put_back(ids: list[int]) -> None:
    if not ids:
        return
    Notification.objects.filter(pk__in=ids).update(email_attempts=F("email_attempts") + 1)
    Notification.objects.filter(pk__in=ids, email_attempts__lt=MAX_ATTEMPTS).update(email_due=True)


def send_pending_emails(
    *,
    response_id: int | None = None,
    discussion_id: int | None = None,
    limit: int = 100,
    timeout: float | None = None,
) -> int:
    """Send due reply and mention emails (all of them, or one post's). Returns how many went.
    Never raises for mail trouble: a post must not fail because the mail server did."""
    due = Notification.objects.filter(email_due=True)
    if response_id is not None:
        due = due.filter(response_id=response_id)
    if discussion_id is not None:
        due = due.filter(discussion_id=discussion_id, response__isnull=True)
    ids = _claim(list(due.order_by("created_at").values_list("pk", flat=True)[:limit]))
    if not ids:
        return 0
    notices = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("recipient", "actor", "discussion", "response")
        .order_by("created_at")
    )
    outgoing = [(n, compose(n)) for n in notices if n.kind in EMAILED_KINDS and _wanted(n)]
    if not outgoing:
        return 0
    connection = get_connection(
        fail_silently=False, timeout=timeout or getattr(settings, "EMAIL_TIMEOUT", None)
    )
    sent: list[int] = []
    failed: list[int] = []
    try:
        connection.open()
        for position, (notice, message) in enumerate(outgoing):
            message.connection = connection
            try:
                message.send()
                sent.append(notice.pk)
            except (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError) as exc:
                # The server went away: the rest would fail the same way.
                log.warning("Mail server dropped the connection: %s", type(exc).__name__)
                failed.extend(n.pk for n, _ in outgoing[position:])
                break
            except OSError as exc:  # smtplib.SMTPException is an OSError
                log.warning(
                    "Notification %s not emailed: %s %s", notice.pk, type(exc).__name__, exc
                )
                failed.append(notice.pk)
    except OSError as exc:
        log.warning("Mail server unreachable, %d emails wait: %s", len(outgoing), exc)
        failed = [n.pk for n, _ in outgoing if n.pk not in sent]
    finally:
        try:
            connection.close()
        except OSError:
            log.warning("Mail server connection did not close cleanly")
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    _put_back(failed)
    return len(sent)


def send_soon(*, response_id: int | None = None, discussion_id: int | None = None) -> None:
    """After the current transaction commits, send one post's emails; any failure is logged,
    never raised into the request that made the post."""

    def send() -> None:
        try:
            send_pending_emails(
                response_id=response_id, discussion_id=discussion_id, timeout=INLINE_TIMEOUT
            )
        except Exception:
            log.exception("Sending notification emails failed; they stay in the outbox")

    transaction.on_commit(send)
