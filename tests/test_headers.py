"""Security headers on every kind of response: no content sniffing, no referrer beyond the site,
a Content Security Policy without inline scripts that allows the site's own manifest; and, with
TRIBUNE_HTTPS on, HSTS, secure cookies and HTTPS only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from tests.factories import entry, make_source
from tribune.news.actions import do_store_entries
from tribune.news.models import Article

pytestmark = pytest.mark.django_db

# Pages, the manifest, the service worker, a redirect to log in, and an error page.
PATHS = ["/", "/faq/", "/latest/", "/manifest.webmanifest", "/sw.js", "/settings/", "/nowhere/"]
# Referrer policies that never send a page's address to another site.
SAME_ORIGIN_OR_STRICTER = {"same-origin", "no-referrer"}
HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


def policy(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as directive -> sources."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def https_settings() -> dict[str, Any]:
    """The security settings as Tribune computes them with TRIBUNE_HTTPS=1 (read in a fresh
    interpreter: settings are read once, at start)."""
    env = {**os.environ, "TRIBUNE_HTTPS": "1"}
    code = (
        "import json, tribune.settings as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {HTTPS_SETTINGS!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    values: dict[str, Any] = json.loads(done.stdout)
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def with_https(settings: Any) -> dict[str, Any]:
    values = https_settings()
    for name, value in values.items():
        setattr(settings, name, value)
    return values


@pytest.fixture
def article_path() -> str:
    do_store_entries(make_source(), [entry("a")])
    return Article.objects.get().get_absolute_url()


@pytest.mark.parametrize("path", PATHS)
def test_every_response_forbids_sniffing_and_keeps_the_referrer_on_the_site(
    client: Client, path: str
) -> None:
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in SAME_ORIGIN_OR_STRICTER
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/faq/", "/signup/", "/for-you/", "/nowhere/"])
def test_pages_allow_scripts_only_from_the_site_and_never_inline(client: Client, path: str) -> None:
    response = client.get(path)
    csp = policy(response["Content-Security-Policy"])
    scripts = csp.get("script-src", csp["default-src"])
    assert "'self'" in scripts
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:"} & set(scripts)
    assert not {"'unsafe-inline'", "*"} & set(csp["style-src"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    # The app's manifest (linked from every page) is the site's own, and allowed as such.
    assert csp["manifest-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


def test_an_articles_page_has_the_same_policy(client: Client, article_path: str) -> None:
    csp = policy(client.get(article_path)["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["img-src"] == ["'self'", "data:"]  # article images come through the site's proxy


def test_the_manifest_the_pages_link_is_on_the_site(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")


def test_without_https_there_is_no_hsts(client: Client) -> None:
    # A site reached over plain HTTP must not pin browsers to an HTTPS it does not have.
    assert not client.get("/").has_header("Strict-Transport-Security")
    assert not client.get("/", secure=True).has_header("Strict-Transport-Security")


def test_with_https_responses_carry_hsts_for_a_year(with_https: dict[str, Any]) -> None:
    assert with_https["SECURE_HSTS_SECONDS"] >= 31536000
    client = Client()
    for path in PATHS:
        response = client.get(path, secure=True)
        hsts = response["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts, path
        assert "includeSubDomains" in hsts, path


def test_with_https_behind_a_proxy_the_forwarded_scheme_counts(
    with_https: dict[str, Any],
) -> None:
    # TLS ends at the proxy, which says so; the request is then HTTPS, not redirected.
    response = Client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_with_https_plain_http_is_redirected(with_https: dict[str, Any]) -> None:
    response = Client().get("/faq/?q=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/faq/?q=1"
    assert not response.has_header("Strict-Transport-Security")


def test_with_https_cookies_are_secure(with_https: dict[str, Any]) -> None:
    response = Client().get("/signup/", secure=True)  # a form: the CSRF cookie is set
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"
