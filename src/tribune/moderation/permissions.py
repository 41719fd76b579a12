"""Who may moderate, as the moderation views ask it: accounts.roles decides (the Moderators
and Admins groups, and superusers); this module turns a "no" into a 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tribune.accounts.roles import ADMINS, MODERATORS, is_moderator

__all__ = ["MODERATOR_GROUPS", "is_moderator", "moderator_required"]

MODERATOR_GROUPS = (MODERATORS, ADMINS)


def moderator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """403 for everyone else, signed in or not: nothing here is for readers, and a login
    page would only invite guessing."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_moderator(request.user):
            raise PermissionDenied("Moderators only.")
        return view(request, *args, **kwargs)

    return wrapped
