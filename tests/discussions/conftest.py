"""Fixtures for discussions: real readers, a published article, a discussion, built through
the real actions."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import entry, make_section, make_source
from tribune.accounts.models import User
from tribune.discussions import actions
from tribune.discussions.models import Discussion, Response
from tribune.news.actions import do_store_entries
from tribune.news.models import Article


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and the word filter live in the cache: every test starts from zero.
    cache.clear()
    yield
    cache.clear()


def make_user(username: str, **fields) -> User:
    return User.objects.create_user(
        username=username,
        email=f"{username}@example.test",
        password="a long passphrase 12",
        **fields,
    )


@pytest.fixture
def ana(db) -> User:
    return make_user("ana", display_name="Ana Lima")


@pytest.fixture
def ben(db) -> User:
    return make_user("ben")


@pytest.fixture
def cleo(db) -> User:
    return make_user("cleo")


def make_article(guid: str = "a1", section_name: str = "World", **kw) -> Article:
    source = make_source(section=make_section(section_name))
    do_store_entries(source, [entry(guid, **kw)])
    return Article.objects.get(guid=guid)


@pytest.fixture
def article(db) -> Article:
    return make_article()


def start(
    user: User, title: str = "Is the bridge worth it?", body: str = "Let us talk.", **kw
) -> Discussion:
    return actions.do_start_discussion(user, title, body, **kw)


def respond(
    user: User, discussion: Discussion, body: str = "A response.", parent: Response | None = None
) -> Response:
    return actions.do_respond(user, discussion, body, parent=parent)


@pytest.fixture
def discussion(ana) -> Discussion:
    return start(ana)
