"""The web app manifest: what a browser needs to install Tribune, served as a manifest, under
the site's Content Security Policy, with icons that exist at the sizes it claims."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tribune.pwa import icons
from tribune.pwa.views import BACKGROUND, BACKGROUND_DARK

pytestmark = pytest.mark.django_db

SITE_CSS = (Path(icons.STATIC) / "tribune" / "site.css").read_text()


def manifest(client: Client) -> dict:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_manifest_is_served_as_a_manifest_under_the_sites_policy(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    policy = response["Content-Security-Policy"]
    assert "manifest-src 'self'" in policy
    assert "worker-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_manifest_names_the_site_and_opens_it_standalone(client: Client, settings) -> None:
    settings.SITE_NAME = "Harbour Town Tribune"
    data = manifest(client)
    assert data["name"] == "Harbour Town Tribune"
    assert data["short_name"] == "Harbour"
    assert "Harbour Town Tribune" in data["description"]
    assert data["start_url"] == "/"
    assert data["scope"] == "/"
    assert data["id"] == "/"
    assert data["display"] == "standalone"


def test_a_short_site_name_is_its_own_short_name(client: Client) -> None:
    data = manifest(client)
    assert data["name"] == data["short_name"] == "Tribune"


def test_the_manifest_colours_are_the_sites_own(client: Client) -> None:
    data = manifest(client)
    assert data["background_color"] == data["theme_color"] == BACKGROUND
    light, dark = re.findall(r"--bg: (#[0-9a-f]{6})", SITE_CSS)[:2]
    assert (light, dark) == (BACKGROUND, BACKGROUND_DARK)


def test_the_manifest_offers_plain_and_maskable_icons_at_192_and_512(client: Client) -> None:
    listed = {(i["sizes"], i.get("purpose")) for i in manifest(client)["icons"]}
    for size in ("192x192", "512x512"):
        assert (size, "any") in listed
        assert (size, "maskable") in listed


def test_every_icon_in_the_manifest_exists_at_the_size_it_claims(client: Client) -> None:
    for icon in manifest(client)["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        if icon["type"] == "image/png":
            width, height = icons.png_size(Path(path).read_bytes())
            assert f"{width}x{height}" == icon["sizes"]


def test_the_shortcuts_lead_to_pages_that_exist(client: Client) -> None:
    for shortcut in manifest(client)["shortcuts"]:
        assert client.get(shortcut["url"]).status_code == 200


def test_the_manifest_is_the_same_for_a_signed_in_reader_but_private(client: Client, ana) -> None:
    anonymous = client.get("/manifest.webmanifest")
    client.force_login(ana)
    signed_in = client.get("/manifest.webmanifest")
    assert signed_in.content == anonymous.content
    assert "private" in signed_in["Cache-Control"]
    assert "private" not in anonymous["Cache-Control"]


def test_every_page_links_the_manifest_the_home_screen_icon_and_the_theme_colour(
    client: Client,
) -> None:
    html = client.get("/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert re.search(
        r'<link rel="apple-touch-icon" href="/static/tribune/icons/apple-touch-icon\.png">', html
    )
    assert (
        f'<meta name="theme-color" content="{BACKGROUND}" media="(prefers-color-scheme: light)">'
        in html
    )
    assert (
        f'<meta name="theme-color" content="{BACKGROUND_DARK}" media="(prefers-color-scheme: dark)">'
        in html
    )
    assert (
        '<script src="/static/tribune/app.js" data-service-worker="/sw.js" defer></script>' in html
    )
