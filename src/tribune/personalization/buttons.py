"""What a follow button shows: the reader's rule about its target, and where its forms post.
Shared by the template tag and the views that answer htmx with a fresh button."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tribune.personalization.prefs import DURATION_LABELS, FOLLOW, MUTE
from tribune.personalization.queries import Followable, reader_filter, target_of


def button_context(
    request: HttpRequest, obj: Followable, next_url: str, csrf_token: Any = None
) -> dict[str, Any]:
    target = target_of(obj)
    rule = reader_filter(request).rule_for(target)
    return {
        "request": request,
        "csrf_token": csrf_token,
        "object": obj,
        "kind": target.kind,
        "target_id": target.id,
        "name": str(obj),
        "following": rule is not None and rule.verb == FOLLOW,
        "muted": rule is not None and rule.verb == MUTE,
        "expires_at": rule.expires_at if rule is not None else None,
        "durations": DURATION_LABELS.items(),
        "next": next_url,
    }
