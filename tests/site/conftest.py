"""Fixtures for the site's pages, feedback and privacy controls: fresh caches (rate limits and
the cached Terms version), readers made through the real sign-up action, and a real SMTP
server on loopback (aiosmtpd, shared with the account tests)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tests.accounts.conftest import SMTPServer, smtp_server  # noqa: F401 - a fixture
from tests.site.factories import PASSWORD, make_reader
from tribune.accounts.models import User
from tribune.site import queries


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    # Rate-limit windows, duplicate guards and the Terms version live in the cache.
    cache.clear()
    queries._render.cache_clear()
    yield
    cache.clear()


@pytest.fixture
def ana(db) -> User:
    return make_reader("ana")


@pytest.fixture
def ben(db) -> User:
    return make_reader("ben")


@pytest.fixture
def signed_in(client: Client, ana: User) -> Client:
    client.force_login(ana)
    return client


def csrf_token(client: Client, url: str) -> str:
    """GET a page as a browser does and take the CSRF token of its forms."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match, f"no CSRF token in {url}"
    return match.group(1)


def use_smtp(settings, server: SMTPServer) -> None:
    """Send real mail to `server`, as TRIBUNE_EMAIL_URL=smtp://... would."""
    from tribune.accounts.mail import parse_email_url

    email = parse_email_url(server.url)
    settings.EMAIL_BACKEND = email.backend
    settings.EMAIL_HOST = email.host
    settings.EMAIL_PORT = email.port
    settings.EMAIL_USE_TLS = email.use_tls
    settings.EMAIL_USE_SSL = email.use_ssl
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Tribune <tribune@news.test>"


__all__ = ["PASSWORD", "csrf_token", "use_smtp"]
