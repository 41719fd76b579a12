"""The `tribune` command's own subcommands, run as an operator would."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.servers import http_server
from tribune.news.models import Article, Source

__all__ = ["http_server"]
pytestmark = pytest.mark.django_db

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Times</title>
<link>https://times.test/</link><description>d</description>
<item><guid>a1</guid><title>First story</title><link>https://times.test/a1</link><description>One.</description></item>
<item><guid>a2</guid><title>Second story</title><link>https://times.test/a2</link><description>Two.</description></item>
</channel></rss>"""


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_add_source_follows_a_feed_url_and_fetches_it(http_server):
    http_server.reply("/feed.xml", 200, FEED, {"Content-Type": "application/rss+xml"})
    output = run("add_source", http_server.url("/feed.xml"))
    assert "Added Loopback Times" in output
    assert Article.objects.count() == 2


def test_add_source_discovers_the_feed_of_a_site_page(http_server):
    http_server.reply("/feed.xml", 200, FEED, {"Content-Type": "application/rss+xml"})
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>'
    http_server.reply("/", 200, page, {"Content-Type": "text/html"})
    run("add_source", http_server.url("/"), "--no-fetch")
    assert Source.objects.get().feed_url == http_server.url("/feed.xml")


def test_add_source_twice_keeps_one_source(http_server):
    http_server.reply("/feed.xml", 200, FEED, {"Content-Type": "application/rss+xml"})
    run("add_source", http_server.url("/feed.xml"), "--no-fetch")
    assert "Already following" in run("add_source", http_server.url("/feed.xml"), "--no-fetch")
    assert Source.objects.count() == 1


def test_add_source_of_a_page_without_feeds_says_so(http_server):
    http_server.reply(
        "/", 200, b"<html><body>No feeds here</body></html>", {"Content-Type": "text/html"}
    )
    with pytest.raises(CommandError, match="No feed found"):
        run("add_source", http_server.url("/"))
    assert Source.objects.count() == 0


@pytest.mark.django_db(
    transaction=True
)  # the pass runs on worker threads with their own connections
def test_fetch_all_refreshes_every_source_now(http_server):
    http_server.reply("/feed.xml", 200, FEED, {"Content-Type": "application/rss+xml"})
    run("add_source", http_server.url("/feed.xml"), "--no-fetch")
    output = run("fetch", "--all")
    assert "1 sources fetched, 2 new articles, 0 failed" in output
    assert "0 sources fetched" in run("fetch")  # nothing is due any more


def test_opml_round_trip_through_import_and_export(http_server, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline text="News"><outline type="rss" text="Times" xmlUrl="{http_server.url("/feed.xml")}"/></outline>'
        '<outline type="rss" text="Other" xmlUrl="https://other.test/rss"/></body></opml>'
    )
    assert "2 feeds in the file, 2 new" in run("import_opml", str(opml))
    assert "0 new, 2 already followed" in run("import_opml", str(opml))
    exported = run("export_opml")
    assert http_server.url("/feed.xml") in exported and "https://other.test/rss" in exported


def test_import_opml_from_a_url_goes_through_the_guard(http_server, settings):
    settings.FETCH_ALLOWED_NETWORKS = []
    with pytest.raises(CommandError, match=r"127\.0\.0\.1"):
        run("import_opml", http_server.url("/subs.opml"))
    assert http_server.requests == []


def test_import_opml_with_a_broken_file_changes_nothing(tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    with pytest.raises(CommandError):
        run("import_opml", str(bad))
    assert Source.objects.count() == 0


def test_the_tribune_console_script_runs_django_commands():
    result = subprocess.run(
        [sys.executable, "-m", "tribune", "help", "add-source"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "feed is discovered" in result.stdout


def test_extract_prints_the_article_of_a_local_page_as_json():
    page = sorted((Path(__file__).parent / "data" / "extraction" / "heldout").glob("*.html"))[0]
    gold = json.loads(page.with_suffix(".json").read_text())
    data = json.loads(run("extract", str(page)))
    assert set(data) == {"url", "title", "author", "published", "language", "image", "text", "html"}
    assert data["title"] == gold["title"]
    assert gold["text"].split("\n")[0][:60] in data["text"]


def test_extract_fetches_a_url_through_the_guard(http_server):
    body = (
        "<html lang='en'><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>"
        + (
            "<p>The harbour committee met on Tuesday to discuss the winter timetable for the ferry.</p>"
            * 8
        )
        + "</article></body></html>"
    )
    http_server.reply("/story", 200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})
    data = json.loads(run("extract", http_server.url("/story")))
    assert data["url"] == http_server.url("/story")
    assert "winter timetable" in data["text"]


def test_extract_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("extract", str(tmp_path / "missing.html"))


def test_role_makes_a_reader_a_moderator_and_back():
    from tribune.accounts.models import User
    from tribune.accounts.roles import is_moderator

    User.objects.create_user("mod", "mod@example.org", "a long password 9")
    assert "now in Moderators" in run("role", "mod", "moderator")
    assert is_moderator(User.objects.get(username="mod"))
    assert "no longer in Moderators" in run("role", "mod", "moderator", "--remove")
    assert not is_moderator(User.objects.get(username="mod"))


def test_role_of_an_unknown_reader_is_a_clear_error():
    with pytest.raises(CommandError, match="No reader named"):
        run("role", "nobody", "moderator")
