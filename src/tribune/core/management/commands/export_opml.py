"""tribune export-opml: print every followed feed as OPML."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tribune.news.models import Source
from tribune.news.opml import Outline, build_opml


class Command(BaseCommand):
    help = "Print the sources as OPML 2.0 on standard output."

    def handle(self, *args: Any, **options: Any) -> None:
        sources = (
            Source.objects.filter(kind=Source.Kind.FEED).select_related("section").order_by("title")
        )
        outlines = [
            Outline(s.feed_url or "", s.title, s.site_url, s.section.name if s.section else "")
            for s in sources
            if s.feed_url
        ]
        self.stdout.write(build_opml(f"{settings.SITE_NAME} sources", outlines).decode(), ending="")
