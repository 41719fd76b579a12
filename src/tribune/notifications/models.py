"""What readers are told about: replies, mentions, activity in discussions they follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
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
    # The outbox: a reply or mention waits here until notifications.emails.send_pending_emails
    # claims it (clears the flag), then sends it or puts it back after a failure.
    email_due = models.BooleanField(default=False)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
            models.Index(
                fields=["created_at"], condition=Q(email_due=True), name="notification_outbox_idx"
            ),
        ]
        constraints = [
            # The same response never notifies the same reader twice (reply and mention at once).
            # Moderators' notices are apart: a hidden response may be followed by its removal.
            models.UniqueConstraint(
                fields=["recipient", "response"],
                condition=~Q(kind="moderation"),
                name="one_notice_per_response",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"

    def target_url(self) -> str:
        """Where opening the notice leads: the response's permalink, else the discussion,
        else the reader's notifications (a warning about no post in particular)."""
        if self.response_id and self.response is not None:
            return self.response.get_absolute_url()
        if self.discussion_id and self.discussion is not None:
            return self.discussion.get_absolute_url()
        return reverse("notifications:index")


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
