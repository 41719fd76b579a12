"""tribune worker: poll due sources until stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tribune.ingest.worker import Worker


class Command(BaseCommand):
    help = "Fetch due sources until stopped. Run as many as you like; they share the work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=int,
            default=settings.FETCH_CONCURRENCY,
            help="Sources fetched at once by each process (threads).",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Worker processes: parsing and sanitizing are CPU work, one core per process.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["processes"] > 1:
            self.supervise(options["processes"], options["concurrency"])
            return
        worker = Worker(options["concurrency"])
        worker.install_signal_handlers()
        worker.run()

    def supervise(self, processes: int, concurrency: int) -> None:
        """Run `processes` single-process workers; they share the work through their leases."""
        command = [sys.executable, "-m", "tribune", "worker", "--concurrency", str(concurrency)]
        children = [subprocess.Popen(command) for _ in range(processes)]  # noqa: S603

        def forward(signum: int, frame: object) -> None:
            for child in children:
                if child.poll() is None:
                    os.kill(child.pid, signum)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        for child in children:
            child.wait()
