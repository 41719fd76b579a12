"""Fixtures for notifications and moderation tests: readers, a moderator, discussions and
responses made through the real actions, and a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from tribune.accounts.models import Block, User
from tribune.discussions import actions
from tribune.discussions.models import Discussion, Response


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate limits and the word filter's pattern live in the cache: every test starts clean.
    cache.clear()
    yield
    cache.clear()


def make_user(username: str, **fields: object) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.test",
        password="a long passphrase 12",
        **fields,
    )


def make_moderator(username: str = "mona", group: str = "Moderators") -> User:
    user = make_user(username, display_name=f"{username.title()} the moderator")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return User.objects.get(pk=user.pk)  # fresh: no cached roles


def start(
    user: User, title: str = "Is the ferry worth it?", body: str = "Let us talk.", **kw
) -> Discussion:
    return actions.do_start_discussion(user, title, body, **kw)


def respond(
    user: User, discussion: Discussion, body: str = "A response.", parent: Response | None = None
) -> Response:
    return actions.do_respond(user, discussion, body, parent=parent)


def block(blocker: User, blocked: User) -> None:
    Block.objects.create(blocker=blocker, blocked=blocked)


@pytest.fixture
def ana(db) -> User:
    return make_user("ana", display_name="Ana Lima")


@pytest.fixture
def ben(db) -> User:
    return make_user("ben", display_name="Ben Okafor")


@pytest.fixture
def cleo(db) -> User:
    return make_user("cleo")


@pytest.fixture
def mona(db) -> User:
    return make_moderator()


@pytest.fixture
def discussion(ana) -> Discussion:
    return start(ana)


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


# A real SMTP server --------------------------------------------------------------------------


class Inbox:
    """What the SMTP server received. `answer` is its reply to DATA (a 5xx refuses)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.answer = "250 Message accepted"

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's hook name
        if self.answer.startswith("250"):
            self.messages.append(
                email.message_from_bytes(envelope.original_content, policy=email.policy.default)  # type: ignore[arg-type]
            )
        return self.answer


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "https://news.example.test"
    try:
        yield inbox
    finally:
        controller.stop()
