"""tribune add-source URL: follow a feed, or the feed a site or article page advertises."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tribune.ingest.pipeline import refresh_source
from tribune.ingest.subscribe import SubscribeError, find_feed
from tribune.news.actions import do_add_source
from tribune.news.models import Section


class Command(BaseCommand):
    help = "Add a source from a feed URL, or a site/article URL whose feed is discovered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--section", help="Default section name for its articles.")
        parser.add_argument("--full-text", action="store_true", help="Extract each article's page.")
        parser.add_argument(
            "--no-fetch", action="store_true", help="Only add it; the worker fetches it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            found = find_feed(options["url"])
        except SubscribeError as exc:
            raise CommandError(str(exc)) from exc
        section = None
        if options["section"]:
            section = Section.objects.filter(name__iexact=options["section"]).first()
            if section is None:
                raise CommandError(f"No section named {options['section']!r}.")
        source, created = do_add_source(
            found.feed_url,
            title=found.feed.title,
            site_url=found.feed.site_url,
            description=found.feed.description,
            section=section,
            full_text=options["full_text"],
        )
        verb = "Added" if created else "Already following"
        self.stdout.write(
            f"{verb} {source.title or source.feed_url} <{source.feed_url}> (id {source.pk})"
        )
        if created and not options["no_fetch"]:
            report = refresh_source(source.pk)
            if report.ok:
                self.stdout.write(f"Fetched: {report.created} articles")
            else:
                self.stderr.write(f"First fetch failed: {report.error}")
