"""tribune extract URL_OR_FILE: print the extracted article as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tribune.core.http import FetchError
from tribune.ingest.extract import ExtractError, extract_page
from tribune.ingest.fetch import fetch_page


class Command(BaseCommand):
    help = (
        "Extract an article page's text and metadata as JSON: "
        "url, title, author, published, language, image, text, html."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="An http(s) URL or a local HTML file.")
        parser.add_argument(
            "--url", default="", help="The page's URL when reading a file (for links)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target: str = options["target"]
        try:
            if target.startswith(("http://", "https://")):
                page = fetch_page(target)
                body, url = page.body, page.final_url
            else:
                path = Path(target)
                body, url = path.read_bytes(), options["url"] or path.resolve().as_uri()
            extracted = extract_page(body, url)
        except (OSError, FetchError, ExtractError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(extracted.to_json_dict(), ensure_ascii=False, indent=2))
