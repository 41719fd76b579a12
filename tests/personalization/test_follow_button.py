"""{% follow_button target %}: the control for topics, sections, sources and authors, with and
without JavaScript, for signed-in and anonymous readers."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.personalization.factories import make_section, make_source, make_topic, make_user
from tribune.news.models import Author
from tribune.personalization import actions
from tribune.personalization.prefs import Target

pytestmark = pytest.mark.django_db

TEMPLATE = "{% load personalization %}{% for t in targets %}{% follow_button t %}{% endfor %}"


def render(user, targets) -> str:
    request = RequestFactory().get("/topics/iran/")
    request.user = user
    return engines["django"].from_string(TEMPLATE).render({"targets": targets}, request)


def test_buttons_show_follow_and_mute_and_cost_one_query_for_any_number():
    ana = make_user("ana")
    targets = [
        make_topic("Iran"),
        make_section("World"),
        make_source(title="Wire"),
        Author.objects.create(name="Pat", slug="pat"),
    ]
    actions.check_set_rule(ana, Target("topic", id=targets[0].pk), "follow")
    actions.check_set_rule(ana, Target("source", id=targets[2].pk), "mute", "day")
    render(make_user("warm"), [])  # the site's context (header sections) is cached
    with CaptureQueriesContext(connection) as one:
        render(ana, targets[:1])
    with CaptureQueriesContext(connection) as four:
        html = render(ana, targets)
    assert len(four) == len(one) == 1  # the reader's rules, once per request
    assert html.count("csrfmiddlewaretoken") >= 4
    assert 'Following<span class="visually-hidden"> Iran</span> · unfollow' in html
    assert re.search(r"Muted<span class=\"visually-hidden\"> Wire</span> until", html)
    assert html.count('action="/for-you/follow/"') == 2  # section and author
    assert 'name="next" value="/topics/iran/"' in html
    assert 'hx-post="/for-you/follow/"' in html


def test_an_htmx_follow_answers_with_the_new_button():
    ana = make_user("ana")
    iran = make_topic("Iran")
    client = Client()
    client.force_login(ana)
    answer = client.post(
        "/for-you/follow/",
        {"kind": "topic", "id": iran.pk, "next": "/topics/iran/"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.lstrip().startswith("{#") is False
    assert 'class="follow-control"' in html and "Following" in html
    answer = client.post(
        "/for-you/remove/", {"kind": "topic", "id": iran.pk}, headers={"HX-Request": "true"}
    )
    assert 'action="/for-you/follow/"' in answer.content.decode()


def test_an_anonymous_reader_gets_working_buttons_too():
    iran = make_topic("Iran")
    client = Client()
    answer = client.post(
        "/for-you/follow/", {"kind": "topic", "id": iran.pk}, headers={"HX-Request": "true"}
    )
    assert "Following" in answer.content.decode()
    assert "tribune_prefs" in answer.cookies
