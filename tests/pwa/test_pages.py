"""The app's pages: the install page with steps for every platform and an Install button for
browsers that offer one, the offline page, and the save-for-offline control on articles.
Every control that needs JavaScript is hidden until app.js shows it."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests.factories import entry, make_source
from tribune.news.actions import do_store_entries
from tribune.news.models import Article

pytestmark = pytest.mark.django_db


def test_the_install_page_walks_through_every_platform(client: Client) -> None:
    response = client.get("/install/")
    assert response.status_code == 200
    html = response.content.decode()
    for words in (
        "iPhone and iPad (Safari)",
        "<strong>Share</strong>",
        "<strong>Add to Home Screen</strong>",
        "Android (Chrome)",
        "<strong>menu</strong>",
        "<strong>Add to Home screen</strong> or <strong>Install app</strong>",
        "Computers (Chrome and Edge)",
        "<strong>install icon</strong>",
    ):
        assert words in html, words


def test_the_install_button_waits_hidden_for_the_browsers_offer(client: Client) -> None:
    html = client.get("/install/").content.decode()
    assert '<div class="install-now" id="install-app-box" hidden>' in html
    assert '<button type="button" class="button" id="install-app">Install Tribune</button>' in html


def test_the_footer_leads_to_the_install_page(client: Client) -> None:
    assert '<a href="/install/">Install the app</a>' in client.get("/offline/").content.decode()


def test_the_offline_page_explains_what_is_kept_and_lists_it_with_scripts(client: Client) -> None:
    response = client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Save for offline" in html
    assert "the last 50 articles you opened" in html
    assert "logging out deletes them" in html
    assert re.search(r"<noscript>.*Offline copies need JavaScript.*</noscript>", html, re.S)
    for element in (
        "offline-saved",
        "offline-saved-empty",
        "offline-recent",
        "offline-recent-empty",
    ):
        assert f'id="{element}"' in html
    assert '<section class="offline-lists" id="offline-lists"' in html and "hidden>" in html


def test_the_app_pages_load_no_inline_script_or_style(client: Client) -> None:
    for path in ("/install/", "/offline/"):
        html = client.get(path).content.decode()
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path


def test_the_save_control_names_the_article_and_starts_hidden() -> None:
    do_store_entries(make_source(), [entry("harbour", title="Harbour wall")])
    article = Article.objects.get()
    html = render_to_string("pwa/_save_offline.html", {"article": article})
    assert f'id="offline-save" data-url="{article.get_absolute_url()}" hidden' in html
    assert '<button type="button" class="button button-quiet" id="offline-save-button"' in html
    assert 'id="offline-save-status"' in html and 'role="status"' in html


def test_app_pages_only_answer_reads(client: Client) -> None:
    for path in ("/install/", "/offline/", "/sw.js", "/manifest.webmanifest"):
        assert client.post(path).status_code == 405, path
