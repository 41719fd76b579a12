"""The feed worker: claim due sources, refresh them on a thread pool, repeat until stopped.

Any number of workers, on any number of machines, share one database: claims are leases
(scheduler.claim_due), so no source is fetched by two workers at once.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from types import FrameType

from django.db import close_old_connections, connections

from tribune.core.chores import run_due_chores
from tribune.ingest.pipeline import RefreshReport, refresh_source
from tribune.ingest.scheduler import claim_due, seconds_until_next_due
from tribune.news.models import Source

log = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 30.0


def _refresh_in_thread(source: Source) -> RefreshReport:
    # Each fetch thread keeps its database connection from source to source (opening one per
    # source cost a third of an unchanged pass); this drops it only if it is broken or old.
    close_old_connections()
    try:
        return refresh_source(source)
    except Exception as exc:  # a bug must not kill the worker; the lease expires and it retries
        log.exception("refresh of source %s crashed", source.pk)
        return RefreshReport(source_id=source.pk, ok=False, error_code="crash", error=repr(exc))


def close_thread_connections(pool: ThreadPoolExecutor, threads: int) -> None:
    """Close the database connection of every thread of `pool`. Django connections belong to
    the thread that opened them, so each thread must close its own: the barrier holds every
    task until all `threads` run at once, which puts each on a thread of its own."""
    barrier = threading.Barrier(threads)

    def close() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=30)
        connections.close_all()

    for future in [pool.submit(close) for _ in range(threads)]:
        future.result()


def run_pass(
    pool: ThreadPoolExecutor, batch: int, on_report: Callable[[RefreshReport], None] | None = None
) -> int:
    """Claim and refresh due sources until none is due. Returns how many were refreshed."""
    done = 0
    while sources := claim_due(batch, lease=timedelta(minutes=10)):
        for report in pool.map(_refresh_in_thread, sources):
            done += 1
            if on_report:
                on_report(report)
    return done


class Worker:
    def __init__(self, concurrency: int, stop: threading.Event | None = None) -> None:
        self.concurrency = max(1, concurrency)
        self.stop = stop or threading.Event()

    def install_signal_handlers(self) -> None:
        def _stop(signum: int, frame: FrameType | None) -> None:
            log.info("worker stopping (signal %s)", signum)
            self.stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)

    def run(self) -> None:
        log.info("worker started with %d threads", self.concurrency)
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="fetch") as pool:
            while not self.stop.is_set():
                close_old_connections()
                try:
                    if run_pass(pool, batch=self.concurrency * 4):
                        # Idle workers hold no connections (PostgreSQL counts them).
                        close_thread_connections(pool, self.concurrency)
                    run_due_chores()  # hot ranks, notification emails (core.chores)
                    wait = seconds_until_next_due()
                except Exception:
                    log.exception("worker pass failed; retrying")
                    wait = IDLE_POLL_SECONDS
                self.stop.wait(
                    IDLE_POLL_SECONDS if wait is None else min(max(wait, 1.0), IDLE_POLL_SECONDS)
                )
        log.info("worker stopped")
