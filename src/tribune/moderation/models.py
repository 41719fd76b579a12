"""Flags readers raise, what moderators do about them, and the log of every action."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tribune.discussions.models import Discussion, Response


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abusive or harassing"
        OFF_TOPIC = "off_topic", "Off topic"
        MISINFORMATION = "misinformation", "Misleading or false"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_raised"
    )
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    discussion = models.ForeignKey(
        Discussion, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    # The log entry of the moderator's action that closed this flag.
    resolved_by = models.ForeignKey(
        "ModerationAction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_flags",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reporter", "response"], name="flag_response_once"),
            models.UniqueConstraint(fields=["reporter", "discussion"], name="flag_discussion_once"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="flag_queue_idx")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} flag on {self.response_id or self.discussion_id}"


class ModerationAction(models.Model):
    """The moderation log: every moderator action, on what, why, for how long."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved"
        HIDE = "hide", "Hid"
        REMOVE = "remove", "Removed"
        RESTORE = "restore", "Restored"
        LOCK = "lock", "Locked"
        UNLOCK = "unlock", "Unlocked"
        WARN = "warn", "Warned"
        SUSPEND = "suspend", "Suspended"
        BAN = "ban", "Banned"
        LIFT = "lift", "Lifted a suspension"
        DISMISS = "dismiss", "Dismissed flags"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_record",
    )
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.SET_NULL)
    discussion = models.ForeignKey(Discussion, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(blank=True)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class FilteredWord(models.Model):
    """A word or phrase that holds a post for review (matched as whole words, case-insensitive)."""

    phrase = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.phrase
