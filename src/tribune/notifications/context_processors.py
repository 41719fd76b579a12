"""The header's counts: unread notifications for signed-in readers, the open queue for
moderators. Lazy: nothing is asked until a template reads it, and nothing for anonymous
readers; a reader costs one indexed query, a moderator a few more for the queue."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from tribune.notifications.queries import HeaderCounts, header_counts


class Notices:
    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def _counts(self) -> HeaderCounts:
        user = getattr(self._request, "user", None)
        if user is None or not user.is_authenticated:
            return HeaderCounts(0, False)
        return header_counts(user)

    @property
    def unread(self) -> int:
        return self._counts.unread

    @property
    def moderates(self) -> bool:
        return self._counts.moderates

    @cached_property
    def queue(self) -> int:
        if not self.moderates:
            return 0
        from tribune.moderation.queries import queue_size

        return queue_size()


def notices(request: HttpRequest) -> dict[str, Any]:
    return {"notices": Notices(request)}
