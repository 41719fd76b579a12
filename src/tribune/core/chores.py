"""Periodic background chores, run by `tribune worker` between feed passes.

Tribune's background work is of two kinds: feeds (the database queue in ingest.scheduler) and
these chores, each a function run at most every so often across all workers (the first worker
to take the chore's cache key runs it; with Redis that holds across machines). Work that must
not be lost between runs keeps its own state in the database (the notification email outbox),
so a chore is only ever a sweep that can run late or twice without harm.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.core.cache import cache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Chore:
    name: str
    every: int  # seconds
    function: str  # "module:function", imported when first due

    def load(self) -> Callable[[], object]:
        module, name = self.function.split(":")
        function: Callable[[], object] = getattr(import_module(module), name)
        return function


CHORES: tuple[Chore, ...] = (
    Chore("hot-ranks", 300, "tribune.discussions.ranking:do_refresh_hot_ranks"),
    Chore("notification-emails", 60, "tribune.notifications.emails:send_pending_emails"),
    # Articles whose tagging or clustering failed at ingest (bounded batch per run).
    Chore("understand", 300, "tribune.understanding.pipeline:catch_up_recent"),
    Chore("push-notifications", 30, "tribune.pwa.push:send_pending_pushes"),
    # The Privacy Policy promises that a login ends after two weeks: drop the expired rows.
    Chore("expired-sessions", 86400, "tribune.core.chores:clear_expired_sessions"),
    Chore("planner-statistics", 86400, "tribune.core.db:refresh_planner_statistics"),
)


def clear_expired_sessions() -> None:
    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def run_due_chores(chores: tuple[Chore, ...] = CHORES) -> list[str]:
    """Run the chores that are due; a failing chore is logged and retried when next due."""
    ran = []
    for chore in chores:
        if not cache.add(f"chore:{chore.name}", 1, timeout=chore.every):
            continue
        try:
            chore.load()()
            ran.append(chore.name)
        except Exception:
            log.exception("chore %s failed", chore.name)
    return ran
