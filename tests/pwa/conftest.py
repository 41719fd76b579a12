"""Fixtures for the installable app: readers, web push turned on, a browser's push keys, and
a local push service on loopback (tests.servers)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from tests.notifications.conftest import make_user
from tests.servers import LocalServer
from tribune.accounts.models import User
from tribune.pwa import webpush


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()  # rate limits and chore locks
    yield
    cache.clear()


@pytest.fixture
def ana(db) -> User:
    return make_user("ana", display_name="Ana Lima")


@pytest.fixture
def ben(db) -> User:
    return make_user("ben", display_name="Ben Okafor")


@pytest.fixture
def push_on(settings) -> None:
    settings.WEB_PUSH = True
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the local push service


@dataclass
class BrowserKeys:
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""

    private_key: object
    p256dh: str
    auth: str
    auth_secret: bytes

    def subscription(self, endpoint: str) -> dict[str, object]:
        return {"endpoint": endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def decrypt(self, body: bytes) -> dict[str, object]:
        import http_ece

        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


def browser_keys() -> BrowserKeys:
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    secret = os.urandom(16)
    return BrowserKeys(key, webpush.b64url_encode(point), webpush.b64url_encode(secret), secret)


@pytest.fixture
def browser() -> BrowserKeys:
    return browser_keys()


def post_json(client: Client, path: str, data: object, *, token: str | None = None, raw=None):
    headers = {"X-CSRFToken": token} if token is not None else {}
    body = raw if raw is not None else json.dumps(data)
    return client.post(path, body, content_type="application/json", headers=headers)


def csrf_client(user: User) -> tuple[Client, str]:
    """A signed-in client that enforces CSRF, and the token its pages carry."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/install/")  # sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


@pytest.fixture
def push_service() -> Iterator[LocalServer]:
    """A push service on 127.0.0.1 that accepts every message (201 Created)."""
    with LocalServer() as server:
        server.fallback = lambda exchange: exchange.respond(201, b"", {"Location": "/m/1"})
        yield server
