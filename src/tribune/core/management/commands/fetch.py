"""tribune fetch: one refresh pass now."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.utils import timezone

from tribune.ingest.pipeline import RefreshReport
from tribune.ingest.worker import close_thread_connections, run_pass
from tribune.news.models import Source


class Command(BaseCommand):
    help = "Fetch due sources once (or every active source with --all) and report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Fetch every active source, due or not."
        )
        parser.add_argument("--concurrency", type=int, default=settings.FETCH_CONCURRENCY)

    def handle(self, *args: Any, **options: Any) -> None:
        totals = {"sources": 0, "created": 0, "failed": 0}

        def show(report: RefreshReport) -> None:
            totals["sources"] += 1
            totals["created"] += report.created
            if report.ok:
                state = (
                    "not modified"
                    if report.not_modified
                    else f"{report.created} new, {report.updated} updated"
                )
                self.stdout.write(f"source {report.source_id}: {state}")
            else:
                totals["failed"] += 1
                self.stderr.write(f"source {report.source_id}: {report.error_code}: {report.error}")

        if options["all"]:
            Source.objects.filter(kind=Source.Kind.FEED, is_active=True).update(
                next_fetch_at=timezone.now(), leased_until=None
            )
        with ThreadPoolExecutor(max(1, options["concurrency"])) as pool:
            run_pass(pool, batch=options["concurrency"] * 4, on_report=show)
            close_thread_connections(pool, max(1, options["concurrency"]))
        connections.close_all()
        self.stdout.write(
            f"{totals['sources']} sources fetched, {totals['created']} new articles, "
            f"{totals['failed']} failed"
        )
