"""The For You page: what it shows and why, mutes, read state, the trainer, the empty state,
and a constant number of queries whatever the number of follows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personalization.factories import (
    busy_thread,
    make_article,
    make_section,
    make_source,
    make_story,
    make_topic,
    make_user,
    tag,
)
from tribune.news.models import Author
from tribune.personalization import actions
from tribune.personalization.models import Weight
from tribune.personalization.prefs import WEIGHT_MAX, WEIGHT_MIN, Target
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


def follow(user, kind: str, obj=None, phrase: str = "") -> None:
    target = Target(kind, phrase=phrase) if kind == "keyword" else Target(kind, id=obj.pk)
    actions.check_set_rule(user, target, "follow")


def items(html: str) -> list[str]:
    """The headlines shown, in order."""
    return re.findall(r'<h2 class="item-title"><a href="[^"]+">([^<]+)</a>', html)


def test_each_item_says_why_it_is_there(client, ana):
    iran, wire = make_topic("Iran"), make_source(title="Meridian Wire")
    other = make_source(title="Other Post")
    world = make_section("World")
    tagged = make_article(other, "Talks resume in Tehran")
    tag(tagged, iran)
    make_article(wire, "Port strike ends")
    make_article(other, "Markets calm", section=world)
    make_article(other, "Column", authors=["Pat Doe"])
    make_article(other, "A ceasefire holds")
    follow(ana, "topic", iran)
    follow(ana, "source", wire)
    follow(ana, "section", world)
    follow(ana, "author", Author.objects.get(name="Pat Doe"))
    follow(ana, "keyword", phrase="ceasefire")
    html = client.get("/for-you/").content.decode()
    for reason in (
        "Because you follow Iran",
        "From Meridian Wire, which you follow",
        "In World, which you follow",
        "By Pat Doe, whom you follow",
        "Matches your keyword \u201cceasefire\u201d",
    ):
        assert reason in html
    assert set(items(html)) == {
        "Talks resume in Tehran",
        "Port strike ends",
        "Markets calm",
        "Column",
        "A ceasefire holds",
    }


def test_big_stories_and_busy_discussions_join_with_their_reasons(client, ana):
    follow(ana, "topic", make_topic("Iran"))
    a, b, c = (make_article(make_source(), f"Quake report {n}") for n in range(3))
    make_story(a, b, c, title="Quake")
    busy_thread(make_article(make_source(), "Everyone argues"), responses=30)
    make_article(make_source(), "Nothing special")
    html = client.get("/for-you/").content.decode()
    assert "Big story: 3 sources" in html
    assert "Popular in discussions" in html
    shown = items(html)
    assert "Everyone argues" in shown
    assert len([t for t in shown if t.startswith("Quake report")]) == 1  # one item per story
    assert "Nothing special" not in shown


def test_muted_sources_topics_and_keywords_never_reach_for_you(client, ana):
    iran = make_topic("Iran")
    follow(ana, "topic", iran)
    loud = make_source(title="Loud")
    for title, source in (
        ("From the loud one", loud),
        ("Spoiler: the finale", make_source()),
        ("Fine story", make_source()),
    ):
        tag(make_article(source, title), iran)
    also_muted = make_topic("Gossip")
    gossip = make_article(make_source(), "Iran gossip")
    tag(gossip, iran, also_muted)
    actions.check_set_rule(ana, Target("source", id=loud.pk), "mute")
    actions.check_set_rule(ana, Target("keyword", phrase="spoiler"), "mute", "day")
    actions.check_set_rule(ana, Target("topic", id=also_muted.pk), "mute", "week")
    assert items(client.get("/for-you/").content.decode()) == ["Fine story"]


def test_the_page_takes_the_same_queries_for_one_follow_or_fifty(client, ana):
    sources = [make_source(title=f"S{n}") for n in range(25)]
    topics = [make_topic(f"Place {n}") for n in range(25)]
    for n in range(25):
        article = make_article(sources[n], f"News {n}", authors=[f"Writer {n}"])
        tag(article, topics[n])
        busy_thread(article, responses=n)
    make_story(*(make_article(sources[n], f"Story part {n}") for n in range(4)))
    follow(ana, "topic", topics[0])
    client.get("/for-you/")  # warm: session, site context
    with CaptureQueriesContext(connection) as few:
        assert client.get("/for-you/").status_code == 200
    for n in range(1, 25):
        follow(ana, "topic", topics[n])
        follow(ana, "source", sources[n])
    follow(ana, "author", Author.objects.first())
    follow(ana, "keyword", phrase="news")
    for n in range(20):
        actions.check_set_rule(ana, Target("keyword", phrase=f"muted {n}"), "mute")
    actions.do_train(ana, [Target("source", id=sources[3].pk)], 0.5)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/for-you/").content.decode()
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(items(html)) >= 25


def test_the_query_count_is_pinned(client, ana, django_assert_num_queries):
    follow(ana, "topic", make_topic("Iran"))
    make_article(make_source())
    client.get("/for-you/")
    # Session and user; rules, weights and hide-read together; candidates, the followed
    # topics and authors among them, the shown items' topics and authors; the header's count.
    with django_assert_num_queries(7):
        client.get("/for-you/")


def test_an_anonymous_reader_s_page_needs_no_preference_query(django_assert_num_queries):
    client = Client()
    make_article(make_source())
    client.get("/for-you/")
    # Candidates, and the shown items' topics and authors (the cookie holds the rest).
    with django_assert_num_queries(2):
        client.get("/for-you/")


def test_a_reader_who_follows_nothing_sees_help_and_popular_stories(client):
    a, b, c = (make_article(make_source(), f"Flood part {n}") for n in range(3))
    make_story(a, b, c)
    html = client.get("/for-you/").content.decode()
    assert "Make this page yours" in html
    assert 'href="/for-you/welcome/"' in html and 'href="/topics/"' in html
    assert "Popular right now" in html and "Big story: 3 sources" in html


def test_following_something_quiet_explains_and_still_shows_popular_news(client, ana):
    follow(ana, "topic", make_topic("Atlantis"))
    make_article(make_source(), "Elsewhere news")
    html = client.get("/for-you/").content.decode()
    assert "Nothing new from what you follow" in html
    assert "Elsewhere news" in html


def test_read_articles_are_marked_and_hidden_when_the_reader_asks(client, ana):
    wire = make_source(title="Wire")
    follow(ana, "source", wire)
    read = make_article(wire, "Already read")
    make_article(wire, "Still new")
    actions.do_mark_read(ana, read.pk)
    html = client.get("/for-you/").content.decode()
    assert re.search(r'class="fy-item is-read">.*?Already read', html, re.S)
    actions.do_set_hide_read(ana, True)
    assert items(client.get("/for-you/").content.decode()) == ["Still new"]


def test_old_news_is_left_out_and_fresher_news_ranks_first(client, ana):
    wire = make_source(title="Wire")
    follow(ana, "source", wire)
    make_article(wire, "Two days old", hours_ago=47)
    make_article(wire, "An hour old", hours_ago=1)
    make_article(wire, "A week old", hours_ago=24 * 7)
    assert items(client.get("/for-you/").content.decode()) == ["An hour old", "Two days old"]


def test_one_source_does_not_flood_the_page(client, ana):
    loud = make_source(title="Loud")
    follow(ana, "source", loud)
    for n in range(12):
        make_article(loud, f"Loud {n}", hours_ago=n / 10)
    others = [make_source(title=f"Quiet {n}") for n in range(8)]
    for source in others:
        follow(ana, "source", source)
        make_article(source, f"From {source.title}", hours_ago=5)
    shown = items(client.get("/for-you/").content.decode())
    assert [t.startswith("Loud") for t in shown[:10]].count(True) <= 2


def test_show_fewer_lowers_the_chosen_weights_within_bounds(client, ana):
    wire, iran = make_source(title="Wire"), make_topic("Iran")
    targets = {"target": [f"source:{wire.pk}", f"topic:{iran.pk}"], "direction": "fewer"}
    for _ in range(12):
        assert client.post("/for-you/train/", targets).status_code == 303
    values = dict(Weight.objects.filter(user=ana).values_list("kind", "value"))
    assert values == {"source": pytest.approx(WEIGHT_MIN), "topic": pytest.approx(WEIGHT_MIN)}
    for _ in range(12):
        client.post("/for-you/train/", {**targets, "direction": "more"})
    values = dict(Weight.objects.filter(user=ana).values_list("kind", "value"))
    assert values == {"source": pytest.approx(WEIGHT_MAX), "topic": pytest.approx(WEIGHT_MAX)}
    client.post("/for-you/train/", {"target": f"source:{wire.pk}", "direction": "reset"})
    assert list(Weight.objects.filter(user=ana).values_list("kind", flat=True)) == ["topic"]


def test_show_fewer_from_a_source_moves_its_items_down(client, ana):
    loud, calm = make_source(title="Loud"), make_source(title="Calm")
    follow(ana, "source", loud)
    follow(ana, "source", calm)
    make_article(loud, "Loud news", hours_ago=1)
    make_article(calm, "Calm news", hours_ago=3)
    assert items(client.get("/for-you/").content.decode()) == ["Loud news", "Calm news"]
    client.post("/for-you/train/", {"target": f"source:{loud.pk}", "direction": "fewer"})
    assert items(client.get("/for-you/").content.decode()) == ["Calm news", "Loud news"]


@pytest.mark.parametrize(
    "data",
    [
        {"direction": "fewer"},
        {"direction": "fewer", "target": "source:abc"},
        {"direction": "fewer", "target": "planet:1"},
        {"direction": "fewer", "target": "source:-1"},
        {"direction": "sideways", "target": "source:1"},
        {"direction": "fewer", "target": "source:" + "9" * 40},
    ],
)
def test_the_trainer_refuses_bad_input(client, data):
    assert client.post("/for-you/train/", data).status_code == 400
    assert not Weight.objects.exists()


def test_every_item_offers_the_trainer_menu(client, ana):
    iran = make_topic("Iran")
    follow(ana, "topic", iran)
    article = make_article(make_source(title="Wire"), "Talks", authors=["Pat Doe"])
    tag(article, iran)
    html = client.get("/for-you/").content.decode()
    assert "Show fewer like this" in html
    assert f'value="topic:{iran.pk}" checked' in html
    assert f'value="source:{article.source_id}"' in html
    assert 'value="author:' in html


def test_later_pages_and_bad_page_numbers_are_harmless(client, ana):
    wire = make_source()
    follow(ana, "source", wire)
    for n in range(35):
        make_article(wire, f"Item {n}", hours_ago=n / 10)
    first = client.get("/for-you/").content.decode()
    assert 'href="?page=2"' in first and len(items(first)) == 30
    assert len(items(client.get("/for-you/?page=2").content.decode())) == 5
    for page in ("0", "-1", "abc", "99999999999", "1e9"):
        assert client.get(f"/for-you/?page={page}").status_code == 200


def test_nothing_older_than_the_window_makes_a_candidate_even_if_followed(client, ana):
    wire = make_source()
    follow(ana, "source", wire)
    old = make_article(wire, "Ancient", published=timezone.now() - timedelta(days=30))
    assert "Ancient" not in items(client.get("/for-you/").content.decode())
    assert old.pk


def test_fewer_of_a_topic_counts_even_when_another_followed_topic_leads(client, ana):
    iran, oil = make_topic("Iran"), make_topic("Oil")
    follow(ana, "topic", iran)
    follow(ana, "topic", make_topic("Chile"))
    both = make_article(make_source(title="A"), "Iran oil exports", hours_ago=1)
    tag(both, iran)
    tag(both, oil, in_title=False)
    chile = make_article(make_source(title="B"), "Chile vote", hours_ago=2)
    tag(chile, Topic.objects.get(name="Chile"))
    assert items(client.get("/for-you/").content.decode()) == ["Iran oil exports", "Chile vote"]
    client.post("/for-you/train/", {"target": f"topic:{oil.pk}", "direction": "fewer"})
    client.post("/for-you/train/", {"target": f"topic:{oil.pk}", "direction": "fewer"})
    assert items(client.get("/for-you/").content.decode()) == ["Chile vote", "Iran oil exports"]


@pytest.mark.parametrize("signed_in", [True, False])
def test_training_something_gone_is_refused_cleanly(signed_in):
    client = Client()
    if signed_in:
        client.force_login(make_user("bo"))
    wire = make_source()
    answer = client.post("/for-you/train/", {"target": "topic:999999", "direction": "fewer"})
    assert answer.status_code == 400
    assert "no longer on the site" in answer.content.decode()
    both = {"target": ["topic:999999", f"source:{wire.pk}"], "direction": "fewer"}
    assert client.post("/for-you/train/", both).status_code == 303
    if signed_in:
        assert list(Weight.objects.values_list("kind", flat=True)) == ["source"]
