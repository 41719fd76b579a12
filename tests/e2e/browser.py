"""What the browser tests share: Playwright (skipped without it, except in CI), the watch
kept on every page, screenshots at phone and desktop widths, and axe-core's accessibility
checks."""

from __future__ import annotations

import json
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
    "DESKTOP",
    "NARROW",
    "PHONE",
    "Browser",
    "BrowserContext",
    "Locator",
    "Page",
    "Watch",
    "axe",
    "axe_report",
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
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
NARROW: ViewportSize = {"width": 320, "height": 640}  # the narrowest phone the site serves
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


def screenshot(page: Page, name: str, sizes: dict[str, ViewportSize] | None = None) -> None:
    """Full-page screenshots of the page as it is, at phone and desktop widths (or `sizes`:
    label to viewport), as test-artifacts/screenshots/<name>-<label>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    before = page.viewport_size
    for label, size in (sizes or {"phone": PHONE, "desktop": DESKTOP}).items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{slug}-{label}.png", full_page=True)
    if before:
        page.set_viewport_size(before)


# axe-core, from the npm registry through package-lock.json (make dev runs npm ci): never
# downloaded while the tests run.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GRAVE = ("serious", "critical")


def axe_source() -> str:
    """axe.min.js: skipped without it, failed without it in CI (.ci/run installs npm)."""
    if not AXE.exists():
        reason = f"the accessibility tests need axe-core at {AXE} (make dev, or npm ci)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def axe(
    page: Page, *, tags: list[str] | None = None, impacts: tuple[str, ...] = GRAVE
) -> list[dict[str, object]]:
    """Run axe-core over the page as it is now; the violations of the WCAG 2.1 A and AA rules
    (or `tags`) whose impact is one of `impacts` (serious and critical by default)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which the page's Content Security Policy
        # does not govern: the page keeps its real policy (bypass_csp would hide violations
        # from the watch), and no request is made, so the service worker cannot come between.
        page.evaluate(f"{axe_source()}\n;void 0")
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_AA}, "resultTypes": ["violations"]}
    violations: list[dict[str, object]] = page.evaluate(
        "async (options) => (await window.axe.run(document, options)).violations", options
    )
    return [v for v in violations if v.get("impact") in impacts]


def axe_report(violations: list[dict[str, object]], where: str = "") -> str:
    """The violations as a reader of a failed test wants them: rule, impact, what to fix, and
    the elements (their selector and axe's summary)."""
    lines = [f"{len(violations)} accessibility violation(s){f' on {where}' if where else ''}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        nodes = violation.get("nodes") or []
        assert isinstance(nodes, list)
        for node in nodes[:8]:
            target = json.dumps(node.get("target"))
            summary = " ".join(str(node.get("failureSummary") or "").split())
            lines.append(f"    {target}: {summary[:300]}")
            lines.append(f"      {str(node.get('html') or '')[:200]}")
        if len(nodes) > 8:
            lines.append(f"    ... and {len(nodes) - 8} more")
    return "\n".join(lines)
