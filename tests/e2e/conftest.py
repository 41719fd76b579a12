"""A real Tribune for the browser: `tribune serve` (gunicorn) on a free loopback port, with
its own data directory (and its own database on PostgreSQL), the demo loaded, and Debian's
chromium driven by Playwright.

The server and the browser live for the tests/e2e package only: Playwright's sync API keeps an
event loop on the main thread, and Django refuses database work in the other tests while one
is running.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import pytest

if TYPE_CHECKING:
    from tests.e2e.browser import Browser, Page, Watch

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SECRET_KEY = "e2e-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
STARTUP_SECONDS = 60
READER = "axel"  # the signed-in reader of `reader_state`


@dataclass
class Site:
    """The running server: its address, and the `tribune` command in its environment."""

    url: str
    env: dict[str, str]
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def __call__(self, path: str = "/") -> str:
        return self.url + path

    def tribune(self, *args: str, timeout: float = 60) -> str:
        """Run `tribune ARGS` against the server's database; its output."""
        done = subprocess.run(
            [*_tribune_command(), *args],
            env=self.env,
            cwd=self.data_dir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise AssertionError(
                f"tribune {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}"
            )
        return done.stdout

    def shell(self, code: str) -> str:
        """Run Python in `tribune shell` (Django set up, the server's database)."""
        return self.tribune("shell", "--no-imports", "-c", code)


def _tribune_command() -> list[str]:
    script = Path(sys.executable).with_name("tribune")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tribune"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path, port: int, database_url: str | None) -> dict[str, str]:
    # Nothing of the test run's own configuration leaks in (tests.settings, a shared cache).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRIBUNE_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tribune.settings",
        TRIBUNE_DATA_DIR=str(data_dir),
        TRIBUNE_DEBUG="0",
        TRIBUNE_ALLOWED_HOSTS="127.0.0.1,localhost",
        TRIBUNE_SECRET_KEY=SECRET_KEY,
        TRIBUNE_SITE_URL=f"http://127.0.0.1:{port}",
        TRIBUNE_EMAIL_URL="console:",
        PYTHONUNBUFFERED="1",
        # gunicorn puts its control socket here ($HOME/.gunicorn otherwise, shared by every
        # server of the user, so two test runs at once would take each other's).
        XDG_RUNTIME_DIR=str(data_dir),
    )
    if database_url:
        env["TRIBUNE_DATABASE_URL"] = database_url
    return env


@pytest.fixture(scope="package")
def e2e_database() -> Iterator[str | None]:
    """On PostgreSQL runs, a database of the server's own, dropped afterwards; else None."""
    base = os.environ.get("TRIBUNE_DATABASE_URL")
    if not base:
        yield None
        return
    import psycopg
    from psycopg import sql

    name = f"tribune_e2e_{os.getpid()}"
    parts = urlsplit(base)
    # The maintenance database: the one the URL names need not exist (pytest-django makes
    # test_<name> and never the name itself).
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture(scope="package")
def site(
    chromium: Path, e2e_database: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """`tribune serve --no-worker` with the demo loaded, answering on 127.0.0.1."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    port = _free_port()
    env = _server_env(data_dir, port, e2e_database)
    site = Site(f"http://127.0.0.1:{port}", env, data_dir, data_dir / "server.log")
    site.tribune("migrate", "--noinput", "-v0", timeout=180)
    site.tribune("demo", timeout=180)
    serve_options = ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    with site.log.open("wb") as log:
        site.process = subprocess.Popen(
            [*_tribune_command(), "serve", "--no-worker", *serve_options],
            env=env,
            cwd=data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers end with it
        )
    try:
        _wait_until_answering(site)
        yield site
    finally:
        _stop(site.process)
        ARTIFACTS.mkdir(exist_ok=True)
        kept = ARTIFACTS / f"e2e-server-{'postgresql' if e2e_database else 'sqlite'}.log"
        shutil.copyfile(site.log, kept)
    # What the browser cannot see: errors the server only logged (a failed on_commit hook).
    errors = [
        line
        for line in site.log.read_text(errors="replace").splitlines()
        # Django's log format, and gunicorn's for a worker that timed out or died.
        if " ERROR " in line or " CRITICAL " in line or "[CRITICAL]" in line
    ]
    assert not errors, f"the server logged errors ({kept}): {errors}"


def _wait_until_answering(site: Site) -> None:
    assert site.process is not None
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if site.process.poll() is not None:
            raise AssertionError(f"tribune serve exited:\n{_tail(site.log)}")
        try:
            with urllib.request.urlopen(site("/"), timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"tribune serve did not answer in {STARTUP_SECONDS} s:\n{_tail(site.log)}")


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def _tail(path: Path, size: int = 4000) -> str:
    return path.read_text(errors="replace")[-size:] if path.exists() else "(no log)"


@pytest.fixture(scope="package")
def chromium() -> Path:
    """Debian's chromium: skipped without it, failed without it in CI (.ci/run installs it)."""
    from tests.e2e.browser import CHROMIUM

    if not CHROMIUM.exists():
        reason = (
            f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it (.ci/run)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium: Path) -> Iterator[Browser]:
    """Headless chromium, offline: it must never call home."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium_browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium_browser
        finally:
            chromium_browser.close()


@pytest.fixture
def open_page(browser: Browser, site: Site) -> Iterator[Callable[..., tuple[Page, Watch]]]:
    """A fresh browser context per call (one reader: own cookies) with a watched page, scripts
    on unless `javascript=False`; other keywords go to Playwright's `new_context`
    (`color_scheme="dark"`, `viewport=...`, `storage_state=...`). Every watch must end clean:
    no request beyond 127.0.0.1, no console or CSP error, no uncaught script error, no 5xx."""
    from tests.e2e.browser import DESKTOP, Watch

    opened: list[tuple[object, Watch]] = []

    def open_one(*, javascript: bool = True, **options: Any) -> tuple[Page, Watch]:
        options = {"viewport": DESKTOP, **options}
        context = browser.new_context(base_url=site.url, java_script_enabled=javascript, **options)
        context.set_default_timeout(10_000)
        watch = Watch()
        page = watch.attach(context.new_page())
        opened.append((context, watch))
        return page, watch

    yield open_one
    for context, _ in opened:
        context.close()  # type: ignore[attr-defined]
    for _, watch in opened:
        watch.assert_clean()


@pytest.fixture
def page(open_page: Callable[..., tuple[Page, Watch]]) -> Page:
    """One reader's watched page."""
    return open_page()[0]


FIND_DEMO_PATHS = """
import json
from django.db.models import Count
from tribune.discussions.models import Discussion
from tribune.news.models import Section, Source, Story
from tribune.understanding.models import Topic

talk = Discussion.objects.filter(kind="article").exclude(article=None).order_by("-response_count")
own = Discussion.objects.filter(kind="discussion").order_by("-response_count")
topic = Topic.objects.annotate(n=Count("tags")).order_by("-n", "pk").first()
print(json.dumps({
    "article": talk.select_related("article").first().article.get_absolute_url(),
    "discussion": own.first().get_absolute_url(),
    "story": Story.objects.order_by("-source_count", "-article_count", "pk").first().get_absolute_url(),
    "topic": topic.get_absolute_url(),
    "section": Section.objects.order_by("pk").first().get_absolute_url(),
    "source": Source.objects.order_by("pk").first().get_absolute_url(),
}))
"""


@pytest.fixture(scope="package")
def demo_paths(site: Site) -> dict[str, str]:
    """Paths to the demo's busiest pages of a kind: "article" (the most responses), "discussion",
    "story" (the most sources), "topic" (the most tagged), and a "section" and a "source"."""
    found: dict[str, str] = json.loads(site.shell(FIND_DEMO_PATHS).strip().splitlines()[-1])
    return found


@pytest.fixture(scope="package")
def reader_state(site: Site, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Browser storage (cookies) of READER, signed up with the accounts actions, logged in
    through the form and following Iran: `open_page(storage_state=str(reader_state))` starts
    signed in."""
    from tests.e2e.test_conversation import PASSWORD, log_in
    from tests.e2e.test_customize import follow_iran

    site.shell(
        "from tribune.accounts import actions\n"
        "from tribune.accounts.terms import current_terms_version\n"
        f"actions.do_signup({READER!r}, {READER + '@example.org'!r}, {PASSWORD!r},"
        " terms_version=current_terms_version())\n"
    )
    state = tmp_path_factory.mktemp("reader") / "storage.json"
    context = browser.new_context(base_url=site.url)
    try:
        page = context.new_page()
        log_in(page, READER)
        follow_iran(page)
        context.storage_state(path=str(state))
    finally:
        context.close()
    return state
