"""The service worker script: served from the site's root so it may control every page, as
JavaScript, always revalidated, the same for every reader, with a version that changes when
what it caches changes."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from tribune.pwa import serviceworker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_build():
    serviceworker._cached_build.cache_clear()
    yield
    serviceworker._cached_build.cache_clear()


def worker_config(text: str) -> dict:
    match = re.match(r"self\.TRIBUNE_SW = (\{.*?\});\n", text)
    assert match, text[:200]
    return json.loads(match.group(1))


def test_the_worker_is_served_at_the_root_as_javascript_for_the_whole_site(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "worker-src 'self'" in response["Content-Security-Policy"]


def test_the_worker_is_the_same_script_for_every_reader(client: Client, ana) -> None:
    anonymous = client.get("/sw.js").content
    client.force_login(ana)
    assert client.get("/sw.js").content == anonymous
    assert "X-Tribune-Cache-Id" not in client.get("/sw.js")  # not a page: nobody's copy


def test_an_unchanged_worker_is_answered_not_modified(client: Client) -> None:
    first = client.get("/sw.js")
    again = client.get("/sw.js", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_worker_knows_its_shell_and_every_shell_file_exists(client: Client) -> None:
    config = worker_config(client.get("/sw.js").content.decode())
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert config["offline"] == "/offline/" == config["shell"][0]
    assert "/static/tribune/app.js" in config["shell"]
    assert config["recentLimit"] == 50
    assert config["identityHeader"] == "X-Tribune-Cache-Id"
    # A worker whose shell has a missing file never installs: every one must answer.
    assert client.get(config["offline"]).status_code == 200
    for url in config["shell"][1:]:
        path = url.removeprefix("/static/")
        from django.contrib.staticfiles import finders

        assert finders.find(path), url


def test_the_offline_page_needs_nothing_the_shell_lacks(client: Client) -> None:
    shell = set(worker_config(client.get("/sw.js").content.decode())["shell"])
    html = client.get("/offline/").content.decode()
    needed = set(
        re.findall(r'<(?:link rel="stylesheet"|script) (?:href|src)="(/static/[^"]+)"', html)
    )
    assert needed and needed <= shell, needed - shell


def test_the_article_pattern_matches_article_pages_and_nothing_else() -> None:
    pattern = re.compile(serviceworker.ARTICLE_PATTERN)
    assert pattern.match(reverse("news:article", args=[12, "harbour-wall"]))
    assert pattern.match(reverse("news:article", args=[12, "-"]))
    for other in ("/", "/latest/", "/articles/", "/articles/12/", "/discussions/3/"):
        assert not pattern.match(other), other


def test_the_image_prefix_is_where_the_image_proxy_lives() -> None:
    config = serviceworker.config()
    assert reverse("core:image", args=["token"]).startswith(config["imagePrefix"])
    assert config["imagePrefix"] == "/img/"


def test_the_version_changes_when_the_shell_changes(client: Client, settings) -> None:
    before = worker_config(client.get("/sw.js").content.decode())["version"]
    serviceworker._cached_build.cache_clear()
    settings.STATIC_URL = "/assets/"  # every shell URL changes, as hashed names do at a deploy
    after = worker_config(client.get("/sw.js").content.decode())["version"]
    assert before != after


def test_the_version_is_stable_between_requests(client: Client) -> None:
    one = worker_config(client.get("/sw.js").content.decode())["version"]
    serviceworker._cached_build.cache_clear()
    two = worker_config(client.get("/sw.js").content.decode())["version"]
    assert one == two


def test_the_worker_never_caches_a_post_or_a_no_store_response() -> None:
    # The rules as written in the script (its behaviour is exercised in test_worker_behaviour).
    source = serviceworker._read(serviceworker.SCRIPT).decode()
    assert 'if (request.method !== "GET") return;' in source
    assert "no-store" in source
