"""Web push: the browsers readers asked to be notified on, and the site's own push state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PushSubscription(models.Model):
    """One browser's push endpoint for one reader (what PushManager.subscribe() returned)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # A browser has one endpoint; whoever signed in on it last owns it.
    endpoint = models.URLField(max_length=1024, unique=True)
    p256dh = models.CharField(max_length=100)  # the browser's P-256 key, base64url
    auth = models.CharField(max_length=40)  # its 16-byte auth secret, base64url
    # A keyed hash of the session that subscribed: logging out of it ends this device's pushes.
    session_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failure_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="push_subscription_user_idx")]

    def __str__(self) -> str:
        return f"push to {self.user_id}"


class PushState(models.Model):
    """The one row of the site's web push state: its VAPID key pair (generated once per
    install, kept in the database so every web and worker machine signs with the same key)
    and how far the notification stream has been pushed."""

    vapid_private_key = models.TextField()  # PEM, PKCS#8
    # Notifications with a larger id have not been considered for push yet. A sender claims a
    # batch by moving the mark with a compare-and-set update, so no notice is pushed twice.
    last_notification_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"push state up to notification {self.last_notification_id}"
