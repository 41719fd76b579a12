"""reader_filter(request), the filter the front page, topic pages and discussions apply: mutes
of sources, sections, authors and topics in the query; keywords in Python; read state."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personalization.factories import (
    make_article,
    make_section,
    make_source,
    make_topic,
    make_user,
    tag,
)
from tribune.news.models import Article, Author
from tribune.personalization import actions, cookie
from tribune.personalization.prefs import Pref, Prefs, Target
from tribune.personalization.queries import reader_filter

pytestmark = pytest.mark.django_db


def request_for(user=None, prefs: Prefs | None = None):
    request = RequestFactory().get("/")
    if user is not None:
        request.user = user
    else:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    if prefs is not None:
        request.COOKIES[cookie.NAME] = cookie.encode(prefs, timezone.now())
    return request


@pytest.fixture
def world():
    """Five articles, each muted by one kind of rule, and one nothing mutes."""
    wire, other = make_source(title="Wire"), make_source(title="Other")
    sport = make_section("Sport")
    iran = make_topic("Iran")
    make_article(wire, "From the wire")
    make_article(other, "Match report", section=sport)
    make_article(other, "Column", authors=["Pat Doe"])
    by_topic = make_article(other, "Talks")
    tag(by_topic, iran)
    by_keyword = make_article(other, "Finale spoiler ahead")
    clean = make_article(other, "Weather")
    return {
        "rules": [
            Pref(Target("source", id=wire.pk), "mute"),
            Pref(Target("section", id=sport.pk), "mute"),
            Pref(Target("author", id=Author.objects.get(name="Pat Doe").pk), "mute"),
            Pref(Target("topic", id=iran.pk), "mute"),
            Pref(Target("keyword", phrase="spoiler"), "mute"),
        ],
        "clean": clean,
        "by_keyword": by_keyword,
    }


def visible(rf) -> list[str]:
    return [a.title for a in rf.visible(rf.apply(Article.objects.order_by("title")))]


def test_mutes_of_every_kind_apply_for_a_signed_in_reader(world):
    ana = make_user("ana")
    for pref in world["rules"]:
        actions.do_set_rule(ana, pref.target, pref.verb, None)
    assert visible(reader_filter(request_for(ana))) == ["Weather"]


def test_mutes_in_the_cookie_apply_for_an_anonymous_reader(world):
    rf = reader_filter(request_for(prefs=Prefs(rules=world["rules"])))
    assert visible(rf) == ["Weather"]
    assert rf.hides("Finale SPOILER") and not rf.hides("Spoilers")


def test_apply_adds_no_query_and_the_rules_cost_one(world):
    ana = make_user("ana")
    for pref in world["rules"]:
        actions.do_set_rule(ana, pref.target, pref.verb, None)
    request = request_for(ana)
    with CaptureQueriesContext(connection) as ctx:
        rf = reader_filter(request)
        qs = rf.apply(Article.objects.all())
        rf.hides("title")
        assert reader_filter(request) is rf  # once per request
    assert len(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        list(qs)
    assert len(ctx) == 1


def test_a_reader_without_mutes_gets_the_queryset_unchanged():
    qs = Article.objects.all()
    assert reader_filter(request_for(make_user("bo"))).apply(qs) is qs


def test_expired_mutes_no_longer_apply(world):
    ana = make_user("ana")
    past = timezone.now() - timedelta(minutes=1)
    for pref in world["rules"]:
        actions.do_set_rule(ana, pref.target, "mute", past)
    assert len(visible(reader_filter(request_for(ana)))) == 6


def test_follows_hide_nothing(world):
    ana = make_user("ana")
    for pref in world["rules"]:
        actions.do_set_rule(ana, pref.target, "follow", None)
    assert len(visible(reader_filter(request_for(ana)))) == 6


def test_read_state_is_kept_once_and_answered_in_one_query(world):
    ana = make_user("ana")
    clean = world["clean"]
    actions.do_mark_read(ana, clean.pk)
    actions.do_mark_read(ana, clean.pk)  # idempotent
    rf = reader_filter(request_for(ana))
    with CaptureQueriesContext(connection) as ctx:
        assert rf.read_ids([clean.pk, world["by_keyword"].pk]) == {clean.pk}
    assert len(ctx) == 1
    assert rf.hide_read is False
    actions.do_set_hide_read(ana, True)
    assert reader_filter(request_for(ana)).hide_read is True


def test_anonymous_readers_have_no_read_state_and_cost_no_query(world):
    rf = reader_filter(request_for())
    with CaptureQueriesContext(connection) as ctx:
        assert rf.read_ids([world["clean"].pk]) == set()
        assert rf.hide_read is False
        rf.apply(Article.objects.all())
    assert len(ctx) == 0


def test_a_garbage_cookie_is_no_preferences():
    request = request_for()
    request.COOKIES[cookie.NAME] = "}{not a cookie"
    rf = reader_filter(request)
    assert not rf.prefs
    assert rf.apply(Article.objects.all()).count() == 0


def test_a_signed_in_reader_ignores_a_leftover_cookie(world):
    ana = make_user("ana")
    rf = reader_filter(request_for(ana, prefs=Prefs(rules=world["rules"])))
    assert len(visible(rf)) == 6


def test_loading_everything_at_once_reads_the_same_as_loading_lazily(world):
    from tribune.personalization.queries import ReaderFilter

    ana = make_user("ana")
    for pref in world["rules"]:
        actions.do_set_rule(ana, pref.target, pref.verb, None)
    past = timezone.now() - timedelta(minutes=1)
    actions.do_set_rule(ana, Target("keyword", phrase="long gone"), "mute", past)
    actions.do_train(ana, [Target("topic", id=world["rules"][3].target.id)], 0.7)
    actions.do_set_hide_read(ana, True)
    lazy, eager = ReaderFilter(ana), ReaderFilter(ana)
    with CaptureQueriesContext(connection) as ctx:
        eager.load_all()
        eager.load_all()  # once
    assert len(ctx) == 1
    assert sorted(eager.prefs.rules, key=str) == sorted(lazy.prefs.rules, key=str)
    assert eager.weights == lazy.weights and eager.weights
    assert eager.hide_read is lazy.hide_read is True
    assert Target("keyword", phrase="long gone") not in {p.target for p in eager.prefs.rules}


@pytest.mark.django_db(transaction=True)  # the foreign key is checked at commit, as in a request
def test_marking_a_deleted_article_read_is_harmless(world):
    ana = make_user("ana")
    gone = world["clean"].pk
    world["clean"].delete()
    actions.do_mark_read(ana, gone)
    assert reader_filter(request_for(ana)).read_ids([gone]) == set()


def test_marking_read_costs_one_statement(world, django_assert_max_num_queries):
    ana = make_user("ana")
    with django_assert_max_num_queries(3):  # the insert, inside a savepoint
        actions.do_mark_read(ana, world["clean"].pk)
