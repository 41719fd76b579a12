"""The cookies page lists exactly the cookies the site sets: a walk over the main pages and
the actions that set cookies, as a visitor and as a reader, finds no other."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_section
from tests.site.factories import PASSWORD, make_article, make_reader, respond, start
from tribune.site.cookies import documented, documented_names

pytestmark = pytest.mark.django_db


def test_the_cookies_page_lists_each_cookie_with_purpose_and_lifetime(client: Client):
    html = client.get("/cookies/").content.decode()
    for cookie in documented():
        assert f"<code>{cookie.name}</code>" in html
    assert "sessionid" in html and "csrftoken" in html and "tribune_prefs" in html
    assert "14 days, or until you log out" in html
    assert "1 year" in html
    assert 'href="/privacy/"' in html


class Jar:
    """Every cookie name any response set during the walk."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.where: dict[str, str] = {}

    def visit(self, client: Client, method: str, url: str, data: dict | None = None) -> int:
        answer = getattr(client, method)(url, data or {})
        for name in answer.cookies:
            self.names.add(name)
            self.where.setdefault(name, url)
        return answer.status_code


PAGES = [
    "/",
    "/latest/",
    "/sources/",
    "/topics/",
    "/for-you/",
    "/for-you/rules/",
    "/discussions/",
    "/faq/",
    "/privacy/",
    "/terms/",
    "/cookies/",
    "/feedback/",
    "/login/",
    "/signup/",
    "/install/",
    "/manifest.webmanifest",
    "/u/ben/",
]


def test_no_page_sets_a_cookie_the_cookies_page_does_not_list():
    ben = make_reader("ben")
    section = make_section("Harbour")
    article = make_article("Ferry fares rise")
    discussion = start(ben, "Ferry", "Worth it?")
    respond(ben, discussion, "Yes.")
    pages = [
        *PAGES,
        article.get_absolute_url(),
        discussion.get_absolute_url(),
        "/sections/harbour/",
    ]
    jar = Jar()

    visitor = Client(raise_request_exception=False)
    for url in pages:
        jar.visit(visitor, "get", url)
    # A visitor follows a section: the preferences cookie.
    jar.visit(visitor, "post", "/for-you/follow/", {"kind": "section", "id": section.pk})
    jar.visit(visitor, "post", "/feedback/", {"category": "idea", "message": "Hello"})
    jar.visit(visitor, "get", "/feedback/sent/")

    reader = Client(raise_request_exception=False)
    make_reader("ana")
    assert jar.visit(reader, "post", "/login/", {"identifier": "ana", "password": PASSWORD}) == 302
    for url in [*pages, "/settings/", "/settings/privacy/", "/notifications/"]:
        jar.visit(reader, "get", url)
    # Saving settings confirms with a one-time message.
    jar.visit(
        reader, "post", "/settings/", {"display_name": "Ana", "bio": "", "email_on_reply": "on"}
    )
    jar.visit(reader, "get", "/settings/")
    jar.visit(reader, "post", "/settings/privacy/export/")
    jar.visit(reader, "post", "/logout/")

    undocumented = jar.names - documented_names()
    assert undocumented == set(), {name: jar.where[name] for name in undocumented}
    # The walk really met them: the list is not stale either.
    assert {"sessionid", "csrftoken", "messages", "tribune_prefs"} <= jar.names
