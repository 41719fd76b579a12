"""Reads of the installable app: whether web push is on, and a reader's subscriptions."""

from __future__ import annotations

from django.conf import settings

from tribune.accounts.models import User
from tribune.pwa.models import PushSubscription


def push_enabled() -> bool:
    """TRIBUNE_WEB_PUSH: the operator turned web push on."""
    return bool(settings.WEB_PUSH)


def device_count(user: User) -> int:
    return PushSubscription.objects.filter(user=user).count()
