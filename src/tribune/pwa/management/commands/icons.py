"""tribune icons [--check] [--output DIR]: render the app icons from the site's SVG logo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tribune.pwa import icons


class Command(BaseCommand):
    help = (
        "Render the app icons (192 and 512 px, plain and maskable, and the iOS home-screen icon) "
        "from static/tribune/icon.svg into static/tribune/icons/, with icons.json. "
        "--check only reports whether the committed icons match the logo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Change nothing; fail if stale.")
        parser.add_argument(
            "--output",
            type=Path,
            default=icons.STATIC,
            help="The static directory to write into (default: Tribune's own).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["output"]
        if options["check"]:
            problems = icons.stale(root)
            if problems:
                raise CommandError("The icons are stale: " + "; ".join(problems))
            self.stdout.write("The icons match the logo.")
            return
        try:
            svg = (icons.STATIC / icons.SOURCE).read_text()
            images, record = icons.render_all(svg)
        except ImportError as exc:
            raise CommandError(
                "Rendering needs resvg-py (a development dependency): pip install resvg-py"
            ) from exc
        for path in icons.write(images, record, root):
            self.stdout.write(f"wrote {path}")
