"""Previewing a rule before saving it: which recent articles it would match or hide."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personalization.factories import make_article, make_source, make_topic, make_user, tag
from tribune.personalization.models import Rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    c = Client()
    c.force_login(make_user("ana"))
    return c


def test_previewing_a_keyword_shows_what_it_would_hide_and_saves_nothing(client):
    source = make_source()
    make_article(source, "A ceasefire holds in the north")
    make_article(source, "Ceasefires are rare")  # not the whole word
    answer = client.post(
        "/for-you/rules/add/",
        {"phrase": "Ceasefire", "verb": "mute", "duration": "week", "preview": "1"},
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "A ceasefire holds in the north" in html
    assert "Ceasefires are rare" not in html
    assert "It would hide 1 recent article" in html
    assert 'value="ceasefire"' in html  # the form, ready to save
    assert not Rule.objects.exists()


def test_a_keyword_preview_with_no_match_says_so(client):
    make_article(make_source(), "Weather")
    html = client.post(
        "/for-you/rules/add/",
        {"phrase": "volcano", "verb": "follow", "duration": "forever", "preview": "1"},
    ).content.decode()
    assert "No recent article matches" in html


def test_a_bad_phrase_is_refused_before_any_preview(client):
    answer = client.post(
        "/for-you/rules/add/",
        {"phrase": "(a+)+$", "verb": "mute", "duration": "week", "preview": "1"},
    )
    assert answer.status_code == 400
    assert "Use only letters" in answer.content.decode()


def test_previewing_a_topic_or_source_mute_lists_its_recent_headlines(client):
    iran, wire = make_topic("Iran"), make_source(title="Wire")
    tag(make_article(make_source(), "Talks in Tehran"), iran)
    make_article(wire, "Wire story")
    html = client.get(f"/for-you/rules/preview/?kind=topic&id={iran.pk}&verb=mute").content.decode()
    assert "Talks in Tehran" in html and "Wire story" not in html
    assert 'action="/for-you/mute/"' in html
    html = client.get(f"/for-you/rules/preview/?kind=source&id={wire.pk}").content.decode()
    assert "Wire story" in html
    assert not Rule.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["", "?kind=topic", "?kind=topic&id=x", "?kind=moon&id=1", "?kind=keyword&phrase=.*"],
)
def test_bad_preview_requests_get_a_clear_answer(client, query):
    answer = client.get(f"/for-you/rules/preview/{query}")
    assert answer.status_code == 400


def test_previewing_something_gone_is_not_found(client):
    assert client.get("/for-you/rules/preview/?kind=topic&id=987654").status_code == 404
