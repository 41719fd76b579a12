"""Readers' accounts: who they are, what they agreed to, whom they block."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone


class User(AbstractUser):
    """A reader. Roles are groups: Moderators, Editors, Admins (see accounts.roles)."""

    # An address names one account, in any letter case (the constraint below); none is "".
    email = models.EmailField("email address", blank=True)
    display_name = models.CharField(max_length=80, blank=True)
    bio = models.TextField(max_length=600, blank=True)
    terms_version = models.CharField(
        max_length=20, blank=True, help_text="Terms of Service version accepted."
    )
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Moderation: a suspension ends at suspended_until; a ban is a suspension with no end.
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned = models.BooleanField(default=False)
    suspension_reason = models.TextField(blank=True)
    # Posts approved so far; below the site's threshold, new posts wait for a moderator.
    approved_posts = models.PositiveIntegerField(default=0)
    email_on_reply = models.BooleanField(default=True)
    email_on_mention = models.BooleanField(default=True)

    class Meta(AbstractUser.Meta):
        constraints = [
            # "Ana" and "ana" are one name, and addresses match in any case. UPPER() is what
            # Django's iexact compiles to on PostgreSQL, so these indexes also serve log-in,
            # profile and @mention look-ups.
            models.UniqueConstraint(Upper("username"), name="username_unique_any_case"),
            # Accounts without an address (demo readers, some admins) are not counted.
            models.UniqueConstraint(
                Upper("email"), condition=models.Q(email__gt=""), name="email_unique_any_case"
            ),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.username])

    @property
    def is_suspended(self) -> bool:
        return self.banned or bool(self.suspended_until and self.suspended_until > timezone.now())


class Block(models.Model):
    """`blocker` no longer sees `blocked`'s responses and discussions."""

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
