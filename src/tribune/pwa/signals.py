"""Logging out ends the pushes of the browser that subscribed in that session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from tribune.pwa.actions import do_forget_session
from tribune.pwa.caching import cache_id


@receiver(user_logged_out, dispatch_uid="tribune.pwa.forget_session")
def forget_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Sent before the session is flushed: its key still names the session that subscribed.
    if user is not None and request is not None:
        do_forget_session(user, cache_id(request))
