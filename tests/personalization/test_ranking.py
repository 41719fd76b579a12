"""For You's ranking on plain data: reasons, mutes, weights, recency, stories, discussion and
source diversity. No database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from tribune.personalization.keywords import KeywordMatcher
from tribune.personalization.prefs import WEIGHT_MAX, WEIGHT_MIN
from tribune.personalization.ranking import (
    PER_SOURCE,
    WINDOW,
    Candidate,
    Interests,
    Profile,
    diversify,
    rank,
    score,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_ids = count(1)
IRAN = (10, "Iran")
WIRE = 1


def article(**fields) -> Candidate:
    n = next(_ids)
    values = {
        "id": n,
        "title": f"Headline {n}",
        "published_at": NOW - timedelta(hours=1),
        "source_id": 99,
        "source_name": "Elsewhere",
    }
    values.update(fields)
    return Candidate(**values)


def follows(**kw) -> Profile:
    keywords = kw.pop("keywords", ())
    return Profile(follows=Interests(keywords=KeywordMatcher(keywords), **kw))


def texts(item) -> list[str]:
    return [r.text for r in item.reasons]


def test_every_kind_of_follow_gives_its_reason():
    profile = follows(
        topics=frozenset({IRAN[0]}),
        sources=frozenset({WIRE}),
        sections=frozenset({5}),
        authors=frozenset({7}),
        keywords=["ceasefire"],
    )
    items = rank(
        [
            article(topics=(IRAN,)),
            article(source_id=WIRE, source_name="Meridian Wire"),
            article(section_id=5, section_name="World"),
            article(authors=((7, "Ana Lima"),)),
            article(title="A ceasefire holds"),
        ],
        profile,
        NOW,
    )
    reasons = {t for item in items for t in texts(item)}
    assert reasons == {
        "Because you follow Iran",
        "From Meridian Wire, which you follow",
        "In World, which you follow",
        "By Ana Lima, whom you follow",
        "Matches your keyword \u201cceasefire\u201d",
    }


def test_popular_items_say_why_they_are_there():
    items = rank(
        [article(story_id=3, story_sources=5), article(responses=12), article()],
        follows(topics=frozenset({IRAN[0]})),
        NOW,
    )
    assert [texts(i) for i in items] == [["Big story: 5 sources"], ["Popular in discussions"]]


def test_an_item_nothing_explains_is_left_out_for_a_reader_who_follows_things():
    assert rank([article()], follows(topics=frozenset({1})), NOW) == []
    assert len(rank([article()], Profile(), NOW, only_followed=False)) == 1


def test_muted_anything_never_places_even_when_followed_otherwise():
    mutes = Interests(
        topics=frozenset({1}),
        sources=frozenset({2}),
        sections=frozenset({3}),
        authors=frozenset({4}),
        keywords=KeywordMatcher(["spoiler"]),
    )
    profile = Profile(follows=Interests(sources=frozenset({WIRE, 2})), mutes=mutes)
    candidates = [
        article(source_id=WIRE, topics=((1, "Muted topic"),)),
        article(source_id=2),
        article(source_id=WIRE, section_id=3),
        article(source_id=WIRE, authors=((4, "Muted author"),)),
        article(source_id=WIRE, title="Finale SPOILER inside"),
        article(source_id=WIRE, text="the spoiler is in the summary"),
    ]
    assert rank(candidates, profile, NOW, only_followed=False) == []
    kept = article(source_id=WIRE, title="Spoilers aside")  # whole words only
    assert [i.lead.id for i in rank([*candidates, kept], profile, NOW)] == [kept.id]


def test_followed_news_outranks_equally_fresh_popular_news():
    followed = article(topics=(IRAN,))
    popular = article(story_id=8, story_sources=4)
    items = rank([popular, followed], follows(topics=frozenset({IRAN[0]})), NOW)
    assert [i.lead.id for i in items] == [followed.id, popular.id]


def test_interest_decays_with_age_over_about_two_days():
    profile = follows(topics=frozenset({IRAN[0]}))
    fresh = score(article(topics=(IRAN,)), profile, NOW).score
    day = score(article(topics=(IRAN,), published_at=NOW - timedelta(hours=25)), profile, NOW)
    days = score(article(topics=(IRAN,), published_at=NOW - timedelta(hours=49)), profile, NOW)
    assert fresh > day.score > days.score
    assert 0.25 < days.score / fresh < 0.45


def test_bigger_stories_and_busier_discussions_rank_higher():
    profile = follows(topics=frozenset({IRAN[0]}))
    alone = score(article(topics=(IRAN,)), profile, NOW).score
    big = score(article(topics=(IRAN,), story_id=1, story_sources=6), profile, NOW).score
    busy = score(article(topics=(IRAN,), responses=40, hot=0.3), profile, NOW).score
    assert big > alone
    assert busy > alone


def test_articles_of_one_story_make_one_item_led_by_the_best_placed():
    profile = follows(sources=frozenset({WIRE}))
    other = article(story_id=5, story_sources=3)
    mine = article(story_id=5, story_sources=3, source_id=WIRE, source_name="Meridian Wire")
    alone = article(source_id=WIRE, source_name="Meridian Wire")
    items = rank([other, mine, alone], profile, NOW)
    assert len(items) == 2
    story = next(i for i in items if i.lead.story_id == 5)
    assert story.lead.id == mine.id
    assert {c.id for c in story.articles} == {mine.id, other.id}
    assert texts(story) == ["From Meridian Wire, which you follow", "Big story: 3 sources"]


def test_the_trainer_weight_moves_an_item_within_bounds():
    base = follows(topics=frozenset({IRAN[0]}))
    c = article(topics=(IRAN,), source_id=WIRE)
    neutral = score(c, base, NOW).score
    fewer = Profile(follows=base.follows, weights={("source", WIRE): WEIGHT_MIN})
    more = Profile(follows=base.follows, weights={("topic", IRAN[0]): WEIGHT_MAX})
    assert score(c, fewer, NOW).score == pytest.approx(neutral * WEIGHT_MIN)
    assert score(c, more, NOW).score == pytest.approx(neutral * WEIGHT_MAX)
    assert "You asked for more like this" in [r.text for r in score(c, more, NOW).reasons]
    # Every weight at its floor still leaves the product bounded, never zero.
    floor = {("source", WIRE): WEIGHT_MIN, ("topic", IRAN[0]): WEIGHT_MIN}
    assert score(c, Profile(follows=base.follows, weights=floor), NOW).score > 0


def test_read_articles_are_marked_or_hidden_as_the_reader_chose():
    profile = follows(sources=frozenset({WIRE}))
    read = article(source_id=WIRE, read=True)
    unread = article(source_id=WIRE)
    assert {i.read for i in rank([read, unread], profile, NOW)} == {True, False}
    hiding = Profile(follows=profile.follows, hide_read=True)
    assert [i.lead.id for i in rank([read, unread], hiding, NOW)] == [unread.id]


def test_a_story_stays_when_only_one_of_its_articles_was_read():
    hiding = Profile(follows=Interests(sources=frozenset({WIRE})), hide_read=True)
    read = article(source_id=WIRE, story_id=9, story_sources=2, read=True)
    fresh = article(source_id=WIRE, story_id=9, story_sources=2)
    assert [i.lead.id for i in rank([read, fresh], hiding, NOW)] == [fresh.id]


def item_sources(items) -> list[int]:
    return [i.source_id for i in items]


def test_no_source_has_more_than_two_items_in_any_ten():
    profile = follows(sources=frozenset({1, 2, 3, 4, 5, 6, 7}))
    # Source 1 publishes most and freshest: unchecked, it would fill the top.
    candidates = [
        article(source_id=1, published_at=NOW - timedelta(minutes=n)) for n in range(20)
    ] + [
        article(source_id=s, published_at=NOW - timedelta(hours=2, minutes=n))
        for s in range(2, 8)
        for n in range(3)
    ]
    ranked = rank(candidates, profile, NOW)
    assert item_sources(ranked[:10]) == [1] * 10
    shown = diversify(ranked, limit=20)
    for start in range(len(shown) - WINDOW + 1):
        window = Counter(item_sources(shown[start : start + WINDOW]))
        assert max(window.values()) <= PER_SOURCE, item_sources(shown)
    assert item_sources(shown[:2]) == [1, 1]  # the best still comes first


def test_diversity_falls_back_to_the_rest_when_only_one_source_is_left():
    profile = follows(sources=frozenset({1, 2}))
    candidates = [article(source_id=1) for _ in range(6)] + [article(source_id=2)]
    shown = diversify(rank(candidates, profile, NOW))
    assert len(shown) == 7
    assert Counter(item_sources(shown)) == {1: 6, 2: 1}


def test_diversify_stops_at_the_limit():
    profile = follows(sources=frozenset({1}))
    items = rank([article(source_id=1) for _ in range(50)], profile, NOW)
    assert len(diversify(items, limit=12)) == 12
