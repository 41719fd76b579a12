"""What readers are told about: replies, mentions, activity in discussions they follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tribune.discussions.models import Discussion, Response


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "Reply to you"
        MENTION = "mention", "Mention"
        ACTIVITY = "activity", "New activity in a discussion you follow"
        MODERATION = "moderation", "A moderator's message"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    discussion = models.ForeignKey(Discussion, null=True, blank=True, on_delete=models.CASCADE)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.CASCADE)
    message = models.TextField(blank=True, help_text="Plain text, for moderation notices.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            )
        ]
        constraints = [
            # The same response never notifies the same reader twice (reply and mention at once).
            models.UniqueConstraint(
                fields=["recipient", "response"], name="one_notice_per_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"


class Subscription(models.Model):
    """A reader follows a discussion: new responses notify them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "discussion"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.discussion_id}"
