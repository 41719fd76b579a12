"""Fixtures for account tests: fresh rate-limit counters, readers made through the real
actions, and a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from email.message import Message

import pytest
from django.core.cache import cache
from django.test import Client

from tribune.accounts import actions
from tribune.accounts.models import User
from tribune.accounts.terms import current_terms_version

PASSWORD = "a long and quiet harbour"


@pytest.fixture(autouse=True)
def _fresh_counters() -> None:
    cache.clear()  # rate-limit windows and lockouts live in the cache


def make_user(username: str, *, password: str = PASSWORD, **fields: object) -> User:
    user = actions.do_signup(
        username,
        str(fields.pop("email", f"{username.lower()}@example.org")),
        password,
        terms_version=current_terms_version(),
    )
    if fields:
        User.objects.filter(pk=user.pk).update(**fields)
        user.refresh_from_db()
    return user


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token(client: Client, url: str) -> str:
    """GET a page the way a browser does, and take the CSRF token its form carries."""
    page = client.get(url)
    assert page.status_code == 200, url
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert match, f"no CSRF token in {url}"
    return match.group(1)


def link_in(body: str) -> str:
    """The path of the first link to this site in a plain-text mail."""
    match = re.search(r"https?://[^\s/]+(/\S+)", body)
    assert match, body
    return match.group(1)


class Inbox:
    """What a real SMTP server received: the parsed messages, and each envelope."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's hook name
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted"


class SMTPServer:
    def __init__(self, host: str, port: int, inbox: Inbox) -> None:
        self.host, self.port, self.inbox = host, port, inbox

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    host = "127.0.0.1"
    controller = Controller(inbox, hostname=host, port=_free_port(host))
    controller.start()
    try:
        yield SMTPServer(host, controller.port, inbox)
    finally:
        controller.stop()
