"""What the browser tests share: Playwright (skipped without it, except in CI), the watch
kept on every page, and screenshots at phone and desktop widths."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Locator,
        Page,
        Request,
        Response,
        ViewportSize,
        expect,
    )
except ImportError:  # pragma: no cover - depends on the environment
    if os.environ.get("CI"):
        raise
    pytest.skip(
        "the browser tests need Playwright for Python (pip install playwright)",
        allow_module_level=True,
    )

__all__ = [
    "Browser",
    "BrowserContext",
    "Locator",
    "Page",
    "Watch",
    "expect",
    "screenshot",
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, chromium calls Google's services (and this machine refuses).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1"}


@dataclass
class Watch:
    """Everything a page does that a reader never should see: requests to other hosts,
    console errors (CSP violations among them), uncaught script errors, server errors."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("response", self._response)
        return page

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)
        elif message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def _response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def foreign_requests(self) -> list[str]:
        """Requests to anything but the site on 127.0.0.1 (data: URLs stay in the page)."""
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "blob:")) and urlsplit(url).hostname not in LOCAL_HOSTS
        ]

    def assert_clean(self) -> None:
        assert not self.foreign_requests(), f"requests left 127.0.0.1: {self.foreign_requests()}"
        assert not self.csp_violations, f"Content Security Policy violations: {self.csp_violations}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.page_errors, f"uncaught script errors: {self.page_errors}"
        assert not self.server_errors, f"server errors: {self.server_errors}"


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshots of the page as it is, at phone and desktop widths."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    before = page.viewport_size
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{slug}-{label}.png", full_page=True)
    if before:
        page.set_viewport_size(before)
