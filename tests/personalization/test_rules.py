"""Follows and mutes of a signed-in reader: the endpoints, limits, hostile input, double
submits, expiry, and targets that disappear."""

from __future__ import annotations

import re
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
from tribune.news.models import Author
from tribune.personalization import actions
from tribune.personalization.actions import Refused
from tribune.personalization.models import Rule
from tribune.personalization.prefs import MAX_KEYWORDS, MAX_RULES, Target
from tribune.personalization.queries import ReaderFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_user("ana")


@pytest.fixture
def client(ana) -> Client:
    c = Client()
    c.force_login(ana)
    return c


def test_following_a_topic_goes_back_to_the_page_it_came_from(client, ana):
    iran = make_topic("Iran")
    answer = client.post("/for-you/follow/", {"kind": "topic", "id": iran.pk, "next": "/latest/"})
    assert answer.status_code == 303
    assert answer["Location"] == "/latest/"
    assert Rule.objects.get(user=ana).topic == iran


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_a_next_to_another_site_is_ignored(client, next_url):
    source = make_source()
    answer = client.post("/for-you/follow/", {"kind": "source", "id": source.pk, "next": next_url})
    assert answer["Location"] == "/for-you/rules/"


def test_following_twice_keeps_one_rule(client, ana):
    section = make_section("World")
    for _ in range(3):
        assert (
            client.post("/for-you/follow/", {"kind": "section", "id": section.pk}).status_code
            == 303
        )
    assert Rule.objects.filter(user=ana).count() == 1


def test_muting_what_one_followed_turns_the_follow_into_a_mute(client, ana):
    source = make_source()
    client.post("/for-you/follow/", {"kind": "source", "id": source.pk})
    client.post("/for-you/mute/", {"kind": "source", "id": source.pk, "duration": "week"})
    rule = Rule.objects.get(user=ana)
    assert rule.verb == "mute"
    assert timedelta(days=6, hours=23) < rule.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize(
    ("duration", "days"), [("day", 1), ("week", 7), ("month", 30), ("forever", None)]
)
def test_a_mute_lasts_as_long_as_asked(client, ana, duration, days):
    author = Author.objects.create(name="Ana Lima", slug="ana-lima")
    client.post("/for-you/mute/", {"kind": "author", "id": author.pk, "duration": duration})
    rule = Rule.objects.get(user=ana)
    if days is None:
        assert rule.expires_at is None
    else:
        assert abs((rule.expires_at - timezone.now()) - timedelta(days=days)) < timedelta(minutes=1)


def test_removing_a_rule_and_removing_it_again_is_harmless(client, ana):
    source = make_source()
    client.post("/for-you/follow/", {"kind": "source", "id": source.pk})
    for _ in range(2):
        assert (
            client.post("/for-you/remove/", {"kind": "source", "id": source.pk}).status_code == 303
        )
    assert not Rule.objects.filter(user=ana).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "planet", "id": "1"},
        {"kind": "topic"},
        {"kind": "topic", "id": "abc"},
        {"kind": "topic", "id": "-4"},
        {"kind": "topic", "id": "1e9999"},
        {"kind": "topic", "id": str(2**70)},
        {"kind": "keyword", "phrase": "(a+)+$"},
        {"kind": "keyword", "phrase": "x" * 10_000},
        {"kind": "keyword", "phrase": ""},
    ],
)
def test_bad_input_gets_a_clear_refusal_and_changes_nothing(client, ana, data):
    answer = client.post("/for-you/follow/", data)
    assert answer.status_code == 400
    assert "That did not work" in answer.content.decode()
    assert not Rule.objects.exists()


def test_a_mute_needs_a_known_duration(client):
    source = make_source()
    answer = client.post("/for-you/mute/", {"kind": "source", "id": source.pk, "duration": "eon"})
    assert answer.status_code == 400
    assert not Rule.objects.exists()


def test_following_what_does_not_exist_is_refused(client):
    answer = client.post("/for-you/follow/", {"kind": "topic", "id": 424242})
    assert answer.status_code == 400
    assert "no longer on the site" in answer.content.decode()


def test_an_inactive_topic_cannot_be_followed(client):
    hidden = make_topic("Hidden")
    hidden.is_active = False
    hidden.save()
    assert client.post("/for-you/follow/", {"kind": "topic", "id": hidden.pk}).status_code == 400


def test_at_most_the_keyword_limit_of_keyword_rules(ana):
    for i in range(MAX_KEYWORDS):
        actions.check_set_rule(ana, Target("keyword", phrase=f"word{i}"), "mute")
    with pytest.raises(Refused, match=f"{MAX_KEYWORDS} keyword rules"):
        actions.check_set_rule(ana, Target("keyword", phrase="one more"), "mute")
    # Changing an existing one is not adding one.
    actions.check_set_rule(ana, Target("keyword", phrase="word1"), "follow")
    assert Rule.objects.filter(user=ana, phrase="word1").get().verb == "follow"


def test_at_most_the_rule_limit_of_rules(ana):
    sources = [make_source() for _ in range(MAX_RULES + 1)]
    Rule.objects.bulk_create(
        Rule(user=ana, kind="source", source=s, verb="follow") for s in sources[:MAX_RULES]
    )
    with pytest.raises(Refused, match=f"{MAX_RULES} follows and mutes"):
        actions.check_set_rule(ana, Target("source", id=sources[-1].pk), "follow")


def test_expired_mutes_do_not_count_against_the_limit(ana):
    sources = [make_source() for _ in range(MAX_RULES + 1)]
    past = timezone.now() - timedelta(hours=1)
    Rule.objects.bulk_create(
        Rule(user=ana, kind="source", source=s, verb="mute", expires_at=past)
        for s in sources[:MAX_RULES]
    )
    actions.check_set_rule(ana, Target("source", id=sources[-1].pk), "follow")
    assert Rule.objects.filter(user=ana).count() == 1


def test_the_limit_refusal_is_shown_on_the_form(client, ana):
    Rule.objects.bulk_create(
        Rule(user=ana, kind="keyword", phrase=f"word{i}", verb="mute") for i in range(MAX_KEYWORDS)
    )
    answer = client.post(
        "/for-you/rules/add/", {"phrase": "more", "verb": "mute", "duration": "day"}
    )
    assert answer.status_code == 400
    assert "the most we keep" in answer.content.decode()


def test_keyword_rules_are_saved_normalized_once(client, ana):
    for phrase in ("  Strait of  HORMUZ ", "strait of hormuz"):
        answer = client.post(
            "/for-you/rules/add/", {"phrase": phrase, "verb": "mute", "duration": "forever"}
        )
        assert answer.status_code == 303
    assert list(Rule.objects.filter(user=ana).values_list("phrase", flat=True)) == [
        "strait of hormuz"
    ]


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("(a+)+$", "Use only letters"),
        ("x" * 10_000, "60 characters"),
        ("   ", "Enter a word"),
        (".*", "Use only letters"),
    ],
)
def test_the_keyword_form_explains_what_is_wrong(client, phrase, message):
    answer = client.post(
        "/for-you/rules/add/", {"phrase": phrase, "verb": "mute", "duration": "day"}
    )
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Rule.objects.exists()


def test_the_rules_page_lists_follows_and_mutes_with_their_expiry(client, ana):
    iran = make_topic("Iran")
    wire = make_source(title="Meridian Wire")
    actions.check_set_rule(ana, Target("topic", id=iran.pk), "follow")
    actions.check_set_rule(ana, Target("source", id=wire.pk), "mute", "week")
    actions.check_set_rule(ana, Target("keyword", phrase="ceasefire"), "mute")
    html = client.get("/for-you/rules/").content.decode()
    following, muted = html.split('id="mutes-heading"')
    assert "Iran" in following and "Meridian Wire" not in following
    assert "Meridian Wire" in muted and re.search(r"until \d+ \w+ \d{4}", muted)
    assert "\u201cceasefire\u201d" in muted and "for good" in muted


def test_an_expired_mute_stops_applying_without_any_job(ana):
    wire = make_source()
    actions.do_set_rule(
        ana, Target("source", id=wire.pk), "mute", timezone.now() + timedelta(hours=1)
    )
    article = make_article(wire)
    assert not ReaderFilter(ana).apply(type(article).objects.all()).exists()
    later = timezone.now() + timedelta(hours=2)
    assert ReaderFilter(ana, now=later).apply(type(article).objects.all()).get() == article


def test_a_deleted_topic_or_source_takes_its_rules_with_it(client, ana):
    iran = make_topic("Iran")
    wire = make_source(title="Meridian Wire")
    article = make_article(wire, "Talks")
    tag(article, iran)
    actions.check_set_rule(ana, Target("topic", id=iran.pk), "follow")
    actions.check_set_rule(ana, Target("source", id=wire.pk), "mute")
    client.get("/for-you/")
    iran.delete()
    wire.delete()
    assert not Rule.objects.filter(user=ana).exists()
    for url in ("/for-you/", "/for-you/rules/", "/for-you/welcome/"):
        assert client.get(url).status_code == 200


def test_the_hide_read_switch_is_kept(client, ana):
    client.post("/for-you/rules/hide-read/", {"hide_read": "on"})
    assert ReaderFilter(ana).hide_read is True
    client.post("/for-you/rules/hide-read/", {})
    assert ReaderFilter(ana).hide_read is False


def test_anonymous_readers_cannot_switch_hide_read():
    answer = Client().post("/for-you/rules/hide-read/", {"hide_read": "on"})
    assert answer.status_code == 302
    assert answer["Location"].startswith("/login/")
