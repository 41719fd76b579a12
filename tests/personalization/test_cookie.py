"""The anonymous reader's prefs cookie: signed and compact; anything malformed, tampered with or
too large counts as nothing, and bad entries are dropped one by one."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.http import HttpRequest, HttpResponse

from tribune.personalization import cookie
from tribune.personalization.prefs import MAX_KEYWORDS, Pref, Prefs, Target

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def request_with(value: str) -> HttpRequest:
    request = HttpRequest()
    request.COOKIES[cookie.NAME] = value
    return request


def signed(data: object) -> str:
    return signing.dumps(data, salt="tribune.personalization.prefs", compress=True)


def test_preferences_survive_the_round_trip():
    prefs = Prefs(
        rules=[
            Pref(Target("topic", id=12), "follow"),
            Pref(Target("source", id=3), "mute", NOW + timedelta(days=7)),
            Pref(Target("keyword", phrase="ceasefire"), "mute"),
        ],
        weights={Target("source", id=4): 0.49},
    )
    back = cookie.decode(cookie.encode(prefs, NOW))
    assert back.rules == prefs.rules
    assert back.weights == prefs.weights


def test_expired_mutes_are_left_out_of_the_cookie():
    prefs = Prefs(rules=[Pref(Target("source", id=3), "mute", NOW - timedelta(seconds=1))])
    assert cookie.decode(cookie.encode(prefs, NOW)).rules == []


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "",
        "x" * 5000,
        "eyJyIjpbXX0:1:bad",
        signed({"r": [["f", "t", 1]]})[:-3] + "AAA",  # tampered signature
        signing.dumps({"r": [["f", "t", 1]]}, salt="another salt"),
        "\x00\xff" * 10,
    ],
)
def test_a_malformed_or_tampered_cookie_counts_as_no_preferences(value):
    assert not cookie.read(request_with(value))


@pytest.mark.parametrize(
    "data",
    [[], "text", 42, None, {"r": "nope"}, {"r": [1, 2, 3]}, {"w": {"a": 1}}],
)
def test_a_validly_signed_cookie_of_the_wrong_shape_counts_as_nothing(data):
    assert not cookie.decode(signed(data))


def test_bad_entries_are_dropped_and_good_ones_kept():
    data = {
        "r": [
            ["f", "t", 12],
            ["f", "t", True],  # a bool is not an id
            ["f", "t", -1],
            ["f", "t", 2**60],
            ["f", "t", 1.5],
            ["x", "t", 3],
            ["f", "z", 3],
            ["m", "k", "(a+)+$"],  # not a phrase we keep
            ["m", "k", "x" * 10_000],
            ["f", "s", 4, 1700000000],  # a follow never expires
            ["m", "s", 5, "tomorrow"],
            ["m", "s", 6, 1700000000],
            ["f", "t", 12],  # duplicate
            "junk",
        ],
        "w": [["s", 6, 99.0], ["s", 7, float("nan")], ["t", 1, "x"], ["q", 1, 0.5]],
    }
    prefs = cookie.decode(signed(data))
    assert [p.target for p in prefs.rules] == [Target("topic", id=12), Target("source", id=6)]
    assert prefs.weights == {Target("source", id=6): 2.0}  # bounded


def test_the_cookie_keeps_at_most_the_keyword_limit():
    data = {"r": [["m", "k", f"word{i}"] for i in range(MAX_KEYWORDS + 10)]}
    assert len(cookie.decode(signed(data)).rules) == MAX_KEYWORDS


def test_preferences_too_big_for_a_cookie_are_refused():
    # Hashes: phrases and ids that compress no better than real ones.
    words = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(200)]
    rules = [Pref(Target("keyword", phrase=words[i][:55]), "mute") for i in range(50)]
    rules += [Pref(Target("source", id=int(words[i][:12], 16)), "follow") for i in range(50, 200)]
    with pytest.raises(cookie.CookieFull):
        cookie.encode(Prefs(rules=rules), NOW)


def test_the_cookie_is_http_only_and_same_site():
    response = HttpResponse()
    cookie.write(response, Prefs(rules=[Pref(Target("topic", id=1), "follow")]), NOW)
    morsel = response.cookies[cookie.NAME]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert len(morsel.value) < cookie.MAX_BYTES


def test_empty_preferences_clear_the_cookie():
    response = HttpResponse()
    cookie.write(response, Prefs(), NOW)
    assert response.cookies[cookie.NAME]["max-age"] == 0
