"""Anonymous readers: the same follows and mutes, kept in the prefs cookie, applied without
JavaScript, and carried into their account when they sign up or log in."""

from __future__ import annotations

import random
import string

import pytest
from django.test import Client
from django.utils import timezone

from tests.personalization.factories import (
    PASSWORD,
    make_article,
    make_section,
    make_source,
    make_topic,
    make_user,
    tag,
)
from tribune.accounts.terms import current_terms_version
from tribune.news.models import Author
from tribune.personalization import cookie
from tribune.personalization.models import Rule, Weight
from tribune.personalization.prefs import Pref, Prefs, Target

pytestmark = pytest.mark.django_db


def prefs_of(client: Client) -> Prefs:
    return cookie.decode(client.cookies[cookie.NAME].value)


def test_an_anonymous_follow_and_mute_live_in_the_cookie():
    client = Client()
    iran, wire = make_topic("Iran"), make_source(title="Wire")
    client.post("/for-you/follow/", {"kind": "topic", "id": iran.pk})
    client.post("/for-you/mute/", {"kind": "source", "id": wire.pk, "duration": "day"})
    client.post("/for-you/rules/add/", {"phrase": "Spoiler", "verb": "mute", "duration": "forever"})
    rules = {(p.target, p.verb) for p in prefs_of(client).rules}
    assert rules == {
        (Target("topic", id=iran.pk), "follow"),
        (Target("source", id=wire.pk), "mute"),
        (Target("keyword", phrase="spoiler"), "mute"),
    }
    assert not Rule.objects.exists()
    html = client.get("/for-you/rules/").content.decode()
    assert "Iran" in html and "Wire" in html and "\u201cspoiler\u201d" in html


def test_an_anonymous_reader_s_for_you_follows_and_mutes_without_javascript():
    client = Client()
    iran, wire = make_topic("Iran"), make_source(title="Wire")
    followed = make_article(make_source(), "Talks resume in Tehran")
    tag(followed, iran)
    muted = make_article(wire, "Also about Iran")
    tag(muted, iran)
    client.post("/for-you/follow/", {"kind": "topic", "id": iran.pk})
    client.post("/for-you/mute/", {"kind": "source", "id": wire.pk, "duration": "forever"})
    html = client.get("/for-you/").content.decode()
    assert "Talks resume in Tehran" in html and "Because you follow Iran" in html
    assert "Also about Iran" not in html


@pytest.mark.parametrize("value", ["garbage", "a" * 5000, "e30:1:xxx", '"quoted"', "%ff%fe"])
def test_a_tampered_cookie_never_breaks_a_page(value):
    client = Client()
    client.cookies[cookie.NAME] = value
    make_article(make_source())
    for url in ("/for-you/", "/for-you/rules/", "/for-you/welcome/"):
        assert client.get(url).status_code == 200, url
    section = make_section("World")
    answer = client.post("/for-you/follow/", {"kind": "section", "id": section.pk})
    assert answer.status_code == 303
    assert [p.target for p in prefs_of(client).rules] == [Target("section", id=section.pk)]


def test_when_the_cookie_is_full_the_reader_is_asked_to_sign_up():
    """The most rules there are fit a cookie with ids of a normal site; ids of a vast one and
    long random keywords may not. Fill a cookie to the brim, then ask for one more."""
    rng = random.Random(7)
    now = timezone.now()

    def noise(n: int) -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))

    prefs = Prefs(rules=[Pref(Target("keyword", phrase=noise(60)), "mute") for _ in range(45)])
    while True:
        bigger = prefs.with_rule(Pref(Target("topic", id=rng.randrange(10**14, 10**15)), "follow"))
        try:
            cookie.encode(bigger, now)
        except cookie.CookieFull:
            break
        prefs = bigger
    assert len(prefs.rules) < 190  # the size, not the number of rules, is what is full
    client = Client()
    client.cookies[cookie.NAME] = cookie.encode(prefs, now)
    answer = client.post(
        "/for-you/rules/add/", {"phrase": noise(60), "verb": "mute", "duration": "forever"}
    )
    assert answer.status_code == 400
    assert "Sign up" in answer.content.decode()
    assert cookie.NAME not in answer.cookies  # the cookie stays as it was


def anonymous_with_rules():
    client = Client()
    iran, wire = make_topic("Iran"), make_source(title="Wire")
    author = Author.objects.create(name="Pat", slug="pat")
    client.post("/for-you/follow/", {"kind": "topic", "id": iran.pk})
    client.post("/for-you/mute/", {"kind": "source", "id": wire.pk, "duration": "week"})
    client.post("/for-you/rules/add/", {"phrase": "spoiler", "verb": "mute", "duration": "forever"})
    client.post("/for-you/train/", {"target": f"author:{author.pk}", "direction": "fewer"})
    return client, iran, wire, author


def assert_carried(user, iran, wire, author):
    rules = {(r.kind, r.verb): r for r in Rule.objects.filter(user=user)}
    assert rules[("topic", "follow")].topic == iran
    assert rules[("source", "mute")].source == wire
    assert rules[("source", "mute")].expires_at > timezone.now()
    assert rules[("keyword", "mute")].phrase == "spoiler"
    assert Weight.objects.get(user=user).author == author


def test_signing_up_carries_the_cookie_into_the_account_and_clears_it():
    client, iran, wire, author = anonymous_with_rules()
    answer = client.post(
        "/signup/",
        {
            "username": "newcomer",
            "email": "new@example.org",
            "password": PASSWORD,
            "accept_terms": "on",
            "website": "",
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/for-you/welcome/"
    from tribune.accounts.models import User

    user = User.objects.get(username="newcomer")
    assert user.terms_version == current_terms_version()
    assert_carried(user, iran, wire, author)
    landing = client.get(answer["Location"])
    assert landing.status_code == 200
    assert landing.cookies[cookie.NAME].value == ""  # cleared


def test_logging_in_carries_the_cookie_without_overriding_the_account():
    bea = make_user("bea")
    client, _iran, wire, author = anonymous_with_rules()
    # Bea already follows the source her browser muted: her account wins.
    Rule.objects.create(user=bea, kind="source", source=wire, verb="follow")
    answer = client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    assert answer.status_code == 302
    rules = {(r.kind, r.verb) for r in Rule.objects.filter(user=bea)}
    assert rules == {("topic", "follow"), ("source", "follow"), ("keyword", "mute")}
    assert Weight.objects.get(user=bea).author == author
    # The leftover cookie is dropped by the next personalization page; it never applies.
    page = client.get("/for-you/")
    assert page.cookies[cookie.NAME].value == ""


def test_carrying_over_twice_adds_nothing_twice():
    bea = make_user("bea")
    client, *_ = anonymous_with_rules()
    saved = client.cookies[cookie.NAME].value
    client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    client.post("/logout/")
    client.cookies[cookie.NAME] = saved
    client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    assert Rule.objects.filter(user=bea).count() == 3
    assert Weight.objects.filter(user=bea).count() == 1


def test_what_was_deleted_meanwhile_is_not_carried_over():
    bea = make_user("bea")
    client, iran, _wire, author = anonymous_with_rules()
    iran.delete()
    author.delete()
    client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    assert {(r.kind, r.verb) for r in Rule.objects.filter(user=bea)} == {
        ("source", "mute"),
        ("keyword", "mute"),
    }
    assert not Weight.objects.filter(user=bea).exists()


def test_a_tampered_cookie_at_login_is_ignored_and_login_works():
    bea = make_user("bea")
    client = Client()
    client.cookies[cookie.NAME] = "tampered:value:here"
    answer = client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    assert answer.status_code == 302
    assert not Rule.objects.filter(user=bea).exists()


def test_carry_over_respects_the_account_s_limits():
    from tribune.personalization.prefs import MAX_KEYWORDS

    bea = make_user("bea")
    Rule.objects.bulk_create(
        Rule(user=bea, kind="keyword", phrase=f"word{i}", verb="mute") for i in range(MAX_KEYWORDS)
    )
    client = Client()
    prefs = Prefs(rules=[Pref(Target("keyword", phrase="one more"), "mute")])
    client.cookies[cookie.NAME] = cookie.encode(prefs, timezone.now())
    client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    assert Rule.objects.filter(user=bea).count() == MAX_KEYWORDS
