"""tribune understand: tag and cluster the articles left without tags or a story, or (with
--rebuild) tag and cluster everything again from scratch."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tribune.understanding.pipeline import catch_up_all, rebuild


class Command(BaseCommand):
    help = (
        "Tag and place in stories the articles left untagged or unclustered; --rebuild tags "
        "and clusters every article again, in published order (after changing the gazetteer "
        "or the clustering parameters)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Clear the stories and tag and cluster every article again.",
        )
        parser.add_argument(
            "--since",
            type=float,
            metavar="DAYS",
            help="Only articles published in the last DAYS days.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"] is not None:
            if options["since"] <= 0:
                raise CommandError("--since takes a positive number of days")
            since = timezone.now() - timedelta(days=options["since"])
        if options["rebuild"]:
            result = rebuild(since, report=self.stdout.write)
            self.stdout.write(
                f"{result.articles} articles: {result.tagged} tagged, {result.clustered} "
                f"clustered into {result.stories} stories ({result.multi_source} with two "
                f"sources or more); {result.dropped} empty stories removed"
            )
        else:
            progress = catch_up_all(since, report=self.stdout.write)
            self.stdout.write(
                f"{progress.tagged} articles tagged, {progress.clustered} clustered, "
                f"{progress.recounted} stories recounted"
            )
