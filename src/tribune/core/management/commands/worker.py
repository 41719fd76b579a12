"""tribune worker: poll due sources until stopped."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tribune.ingest.worker import Worker


class Command(BaseCommand):
    help = "Fetch due sources until stopped. Run as many as you like; they share the work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=settings.FETCH_CONCURRENCY)

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(options["concurrency"])
        worker.install_signal_handlers()
        worker.run()
