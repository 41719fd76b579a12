"""Onboarding after sign-up: the week's most tagged topics by kind and the sections, ticked to
follow, then For You."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.personalization.factories import (
    make_article,
    make_section,
    make_source,
    make_topic,
    make_user,
    tag,
)
from tribune.personalization.models import ReaderSettings, Rule
from tribune.understanding.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_user("ana")


@pytest.fixture
def client(ana) -> Client:
    c = Client()
    c.force_login(ana)
    return c


def test_the_page_offers_the_week_s_most_tagged_topics_by_kind_and_the_sections(client):
    source = make_source()
    iran, who = make_topic("Iran"), make_topic("WHO", Topic.Kind.ORGANIZATION)
    stale, quiet = make_topic("Atlantis"), make_topic("Nowhere")
    for n in range(3):
        tag(make_article(source, f"Iran {n}"), iran)
    tag(make_article(source, "Health"), who)
    tag(make_article(source, "Old", published=timezone.now() - timedelta(days=9)), stale)
    make_section("World")
    html = client.get("/for-you/welcome/").content.decode()
    assert "Places in the news this week" in html and "Organizations in the news" in html
    assert f'name="topic" value="{iran.pk}"' in html
    assert f'name="topic" value="{who.pk}"' in html
    assert f'value="{stale.pk}"' not in html and f'value="{quiet.pk}"' not in html
    assert "World" in html


def test_ticking_follows_and_lands_on_for_you(client, ana):
    iran, world = make_topic("Iran"), make_section("World")
    answer = client.post("/for-you/welcome/", {"topic": [iran.pk], "section": [world.pk]})
    assert answer.status_code == 303
    assert answer["Location"] == "/for-you/"
    assert {(r.kind, r.verb) for r in Rule.objects.filter(user=ana)} == {
        ("topic", "follow"),
        ("section", "follow"),
    }
    assert ReaderSettings.objects.get(user=ana).onboarded_at is not None


def test_submitting_twice_follows_once(client, ana):
    iran = make_topic("Iran")
    for _ in range(2):
        client.post("/for-you/welcome/", {"topic": [iran.pk]})
    assert Rule.objects.filter(user=ana).count() == 1


def test_gone_and_garbage_ticks_are_skipped(client, ana):
    iran = make_topic("Iran")
    answer = client.post(
        "/for-you/welcome/",
        {"topic": [iran.pk, 999999, "abc", "-3", "1e5", "9" * 40], "section": ["x"]},
    )
    assert answer.status_code == 303
    assert list(Rule.objects.filter(user=ana).values_list("topic_id", flat=True)) == [iran.pk]


def test_skipping_follows_nothing_and_is_remembered(client, ana):
    answer = client.post("/for-you/welcome/", {"skip": "1", "topic": [make_topic("Iran").pk]})
    assert answer["Location"] == "/for-you/"
    assert not Rule.objects.exists()
    assert ReaderSettings.objects.get(user=ana).onboarded_at is not None


def test_an_anonymous_reader_can_onboard_into_the_cookie():
    client = Client()
    iran = make_topic("Iran")
    client.post("/for-you/welcome/", {"topic": [iran.pk]})
    assert "Iran" in client.get("/for-you/rules/").content.decode()
    assert not Rule.objects.exists()


def test_a_deleted_popular_topic_still_offered_from_the_cache_breaks_nothing(client, ana):
    iran = make_topic("Iran")
    tag(make_article(make_source(), "Iran"), iran)
    assert f'value="{iran.pk}"' in client.get("/for-you/welcome/").content.decode()
    gone = iran.pk
    iran.delete()
    assert client.get("/for-you/welcome/").status_code == 200
    assert client.post("/for-you/welcome/", {"topic": [gone]}).status_code == 303
    assert not Rule.objects.exists()
