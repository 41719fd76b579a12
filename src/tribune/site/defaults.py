"""The default texts of the site's pages (Markdown files in content/), which seed the database.

Plain Python with no models, so the data migration can use it as well as the first-read
fallback in site.actions. The Terms' default version is the date accounts accepted before the
Terms lived in the database, so those accounts are not asked to accept them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "content"
DEFAULT_VERSION = "2026-11-25"


@dataclass(frozen=True)
class DefaultPage:
    slug: str
    title: str
    version: str = DEFAULT_VERSION
    summary: str = ""

    @property
    def body_markdown(self) -> str:
        return (CONTENT_DIR / f"{self.slug}.md").read_text(encoding="utf-8").strip()


DEFAULTS: dict[str, DefaultPage] = {
    page.slug: page
    for page in (
        DefaultPage("faq", "Frequently asked questions"),
        DefaultPage("privacy", "Privacy Policy"),
        DefaultPage("terms", "Terms of Service"),
    )
}
