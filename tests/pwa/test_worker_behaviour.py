"""What the service worker does, run in Node (tests/pwa/sw_harness.js stands in for the
browser: Cache Storage in memory, a network that can be cut): the shell is cached when it
installs, article pages a reader opened or saved open with no network, one reader's copies
are never shown to another, POSTs and no-store responses are never kept, old versions are
cleaned away, and notifications open only pages of this site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tribune.pwa import serviceworker

pytestmark = pytest.mark.django_db

HARNESS = Path(__file__).with_name("sw_harness.js")
NODE = shutil.which("node")


def need_node() -> str:
    """Node's path: skipped without it, failed without it in CI (.ci/run installs it)."""
    if NODE is None:
        if os.environ.get("CI"):
            pytest.fail("the worker's behaviour tests need Node.js; CI must install it (.ci/run)")
        pytest.skip("the worker's behaviour tests need Node.js")
    return NODE


@pytest.fixture
def run(tmp_path: Path):
    node = need_node()
    serviceworker._cached_build.cache_clear()

    def run_scenario(name: str, **overrides: object) -> dict:
        text, _ = serviceworker.script()
        prologue, source = text.split("\n", 1)
        config = json.loads(re.fullmatch(r"self\.TRIBUNE_SW = (.*);", prologue).group(1))
        config.update(overrides)
        worker = tmp_path / "sw.js"
        worker.write_text(f"self.TRIBUNE_SW = {json.dumps(config)};\n{source}")
        done = subprocess.run(
            [node, str(HARNESS), str(worker), name], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    yield run_scenario
    serviceworker._cached_build.cache_clear()


def test_installing_caches_the_shell_with_the_offline_page_fetched_without_cookies(run) -> None:
    result = run("install")
    [shell] = [name for name in result["caches"] if name.startswith("tribune-shell-")]
    assert result["caches"][shell][0] == "/offline/"
    assert "/static/tribune/app.js" in result["caches"][shell]
    fetched = {entry["url"]: entry["credentials"] for entry in result["log"]}
    assert fetched["/offline/"] == "omit"
    assert fetched["/static/tribune/site.css"] == "same-origin"


def test_an_article_the_reader_opened_reads_without_network(run) -> None:
    result = run("offline_reading")
    # Kept once, under its path, whatever the query string it was opened with.
    assert result["caches"]["tribune-pages-reader-a"] == ["/articles/1/harbour-wall/"]
    assert result["article"]["status"] == 200
    assert "<h1>Harbour wall</h1>" in result["article"]["text"]
    # Other pages are not kept: offline, they get the offline page.
    assert "<h1>Offline reading</h1>" in result["other"]["text"]


def test_an_article_the_reader_saved_reads_without_network(run) -> None:
    result = run("saved_article")
    assert "<h1>Ferry</h1>" in result["article"]["text"]


def test_a_post_a_no_store_page_an_error_and_other_sites_are_never_kept(run) -> None:
    result = run("never_cached")
    assert result["caches"].get("tribune-pages-reader-a", []) == []
    assert result["postAnswered"] is False  # the worker leaves POSTs to the network
    assert result["foreignAnswered"] is False


def test_another_reader_on_the_same_browser_never_sees_the_first_readers_copies(run) -> None:
    result = run("another_reader")
    assert result["before"]["tribune-pages-reader-a"] == ["/articles/5/a/"]
    assert "tribune-pages-reader-a" not in result["after"]
    assert result["after"]["tribune-pages-reader-b"] == ["/articles/6/b/"]
    assert "For A" not in result["asB"]["text"]
    assert "<h1>Offline reading</h1>" in result["asB"]["text"]


def test_a_restarted_worker_still_knows_whose_copies_to_show(run) -> None:
    assert "<h1>Seven</h1>" in run("identity_survives_a_restart")["article"]["text"]


def test_only_the_last_fifty_articles_opened_are_kept(run) -> None:
    pages = run("recent_limit")["pages"]
    assert len(pages) == 50
    assert pages[-1] == "/articles/3/a/"  # read again: kept, as the newest
    assert "/articles/1/a/" not in pages and "/articles/6/a/" not in pages
    assert "/articles/7/a/" in pages and "/articles/55/a/" in pages


def test_a_new_version_deletes_the_old_shell_but_keeps_saved_articles(run) -> None:
    names = run("new_version")["caches"]
    assert "tribune-shell-0123456789abcdef" not in names
    assert "tribune-static-0123456789abcdef" not in names
    assert "tribune-saved-reader-a" in names
    assert any(n.startswith("tribune-shell-") for n in names)


def test_hashed_static_files_are_kept_and_found_by_their_old_names_offline(run) -> None:
    result = run("static_files", immutableStatic=True)
    assert result["first"] == 200
    assert result["again"] == "body { }"
    assert result["renamed"] == f"asset {result['shellCss']}"


def test_a_push_shows_a_notification_that_opens_only_this_sites_pages(run) -> None:
    result = run("push")
    first, broken = result["shown"]
    assert first["title"] == "Ben replied to you"
    assert first["body"] == "In “Ferry”: yes"
    assert first["tag"] == "notice-9"
    assert first["data"] == {"url": "/discussions/responses/9/"}
    assert broken["title"] == "Tribune"  # an unreadable push still shows something honest
    assert result["opened"] == [
        "https://news.example.test/discussions/responses/9/",
        "https://news.example.test/",
        "https://news.example.test/",
    ]


@pytest.mark.parametrize("script", ["app.js", "sw.js"])
def test_the_scripts_parse(script: str) -> None:
    node = need_node()
    path = Path(serviceworker.__file__).parent.parent / "static" / "tribune" / script
    done = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
