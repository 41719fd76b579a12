"""tribune import-opml FILE: add every feed of an OPML file (or URL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tribune.core.http import FetchError
from tribune.ingest.fetch import fetch_page
from tribune.news.actions import do_add_source
from tribune.news.opml import OpmlError, parse_opml


class Command(BaseCommand):
    help = "Add the feeds listed in an OPML file or at an OPML URL (each is fetched by the worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="A path, or an http(s) URL fetched through the guarded client."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        where: str = options["file"]
        try:
            if where.startswith(("http://", "https://")):
                data = fetch_page(where).body
            else:
                data = Path(where).read_bytes()
            outlines = parse_opml(data)
        except (OSError, FetchError, OpmlError) as exc:
            raise CommandError(str(exc)) from exc
        added = 0
        for outline in outlines:
            _, created = do_add_source(
                outline.feed_url, title=outline.title, site_url=outline.site_url
            )
            added += created
        self.stdout.write(
            f"{len(outlines)} feeds in the file, {added} new, "
            f"{len(outlines) - added} already followed"
        )
