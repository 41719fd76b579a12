"""Feedback by email to the site's operators (TRIBUNE_FEEDBACK_EMAIL), sent after it is stored.

A mail server that is down or refuses never fails the sender's request: the feedback is in
the admin either way, so a failed email is logged and not retried.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from tribune.site.models import Feedback

log = logging.getLogger(__name__)

# Seconds per SMTP operation: the sender waits for this after pressing Send, so keep it short.
TIMEOUT = 5
EXCERPT = 60


def feedback_recipients() -> list[str]:
    """The operators' addresses (TRIBUNE_FEEDBACK_EMAIL; empty: no email)."""
    configured = settings.FEEDBACK_EMAIL
    if isinstance(configured, str):
        configured = [part.strip() for part in configured.split(",")]
    return [address for address in configured if address]


def _one_line(text: str, limit: int) -> str:
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def compose(feedback: Feedback, recipients: list[str]) -> EmailMessage:
    site = settings.SITE_URL
    user = feedback.user
    context = {
        "feedback": feedback,
        "category": feedback.get_category_display(),
        "site_name": settings.SITE_NAME,
        "page_url": f"{site}{feedback.page}" if feedback.page else "",
        "sender": user.username if user is not None else "",
        "profile_url": f"{site}{user.get_absolute_url()}" if user is not None else "",
        "admin_url": f"{site}{reverse('admin:site_pages_feedback_change', args=[feedback.pk])}",
    }
    subject = _one_line(
        f"[{settings.SITE_NAME}] Feedback: {feedback.get_category_display()}: "
        f"{_one_line(feedback.message, EXCERPT)}",
        150,
    )
    return EmailMessage(
        subject=subject,
        body=render_to_string("site/email/feedback.txt", context),
        to=recipients,
        # Answering the email answers the sender, when they left an address.
        reply_to=[feedback.email] if feedback.email else None,
        headers={"Auto-Submitted": "auto-generated"},
    )


def send_feedback_email(feedback: Feedback) -> bool:
    """Email the feedback to the operators if an address is configured. Never raises."""
    recipients = feedback_recipients()
    if not recipients:
        return False
    message = compose(feedback, recipients)
    try:
        message.connection = get_connection(fail_silently=False, timeout=TIMEOUT)
        message.send()
    except OSError as exc:  # smtplib's errors are OSErrors, as are refused connections
        log.warning("Feedback %s not emailed: %s", feedback.pk, type(exc).__name__)
        return False
    return True
