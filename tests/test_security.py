"""Site-wide guarantees, checked over every URL: no state change without a CSRF token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.factories import entry, make_source
from tribune.accounts.models import User
from tribune.discussions import actions
from tribune.news.actions import do_store_entries
from tribune.news.models import Article

pytestmark = pytest.mark.django_db

# Exempt on purpose: mail apps' one-click unsubscribe posts without cookies; the signed token
# in the URL is the proof (notifications.views).
CSRF_EXEMPT = {"notifications:unsubscribe"}


def every_route(patterns=None, prefix="", namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from every_route(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        else:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name


def fill(route: str, ids: dict[str, int]) -> str:
    """A concrete path for a route, with ids of real objects of the right kind."""

    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        if name == "username":
            return "ben"
        if name == "verb":
            return "hide"
        if name == "pk":
            for prefix, key in (
                ("discussions/responses", "response"),
                ("moderation/response", "response"),
                ("moderation/flag/response", "response"),
                ("moderation/user", "user"),
                ("notifications/<int:pk>", "notification"),
                ("articles", "article"),
            ):
                if route.startswith(prefix):
                    return str(ids[key])
            return str(ids["discussion"])
        if name == "article_id":
            return str(ids["article"])
        return "x" if converter in ("str", "slug", None) else "1"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def test_no_post_changes_anything_without_a_csrf_token(django_capture_on_commit_callbacks):
    ana = User.objects.create_superuser("ana", "ana@example.org", "a long password 1")
    ben = User.objects.create_user("ben", "ben@example.org", "a long password 2")
    do_store_entries(make_source(), [entry("a")])
    article = Article.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # notifications go out on commit
        discussion = actions.do_start_discussion(ben, "Harbour", "Body")
        response = actions.do_respond(ben, discussion, "Hello")
        reply = actions.do_respond(ana, discussion, "Hi @ben", parent=response)
    notification = ben.notifications.first()
    ids = {
        "article": article.pk,
        "discussion": discussion.pk,
        "response": reply.pk,
        "user": ben.pk,
        "notification": notification.pk,
    }
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    checked = []
    for route, name in every_route():
        if route.startswith("admin/") or name in CSRF_EXEMPT:
            continue
        path = fill(route, ids)
        answer = client.post(path, {"body": "changed", "title": "changed", "reason": "spam"})
        assert answer.status_code == 403, (name, path, answer.status_code)
        assert b"CSRF" in answer.content, (name, path)
        checked.append(name)
    assert len(checked) >= 40  # the walk really covered the site
    response.refresh_from_db()
    assert response.body_markdown == "Hello"
