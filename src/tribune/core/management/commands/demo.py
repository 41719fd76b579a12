"""tribune demo: load the bundled demo content (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tribune.demo.load import load_demo


class Command(BaseCommand):
    help = "Load demo sections, authors, opinion pieces and bundled sources. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        totals = load_demo(log=self.stdout.write)
        self.stdout.write(
            f"Demo ready: {totals['sources']} sources, {totals['articles']} articles"
            + (f", {totals['failed']} sources failed" if totals["failed"] else "")
        )
