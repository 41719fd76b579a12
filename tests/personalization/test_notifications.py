"""Mutes reach notifications: notices about discussions on a muted source, section, author or
topic leave the inbox and the header's count, at no extra query; expired mutes stop."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personalization.factories import (
    make_article,
    make_section,
    make_source,
    make_story,
    make_topic,
    make_user,
    tag,
)
from tribune.discussions import actions as discussions
from tribune.notifications import actions as notifications
from tribune.notifications.models import Notification
from tribune.notifications.queries import header_counts, inbox
from tribune.personalization import actions
from tribune.personalization.prefs import Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return make_user("ana")


@pytest.fixture
def ben():
    return make_user("ben")


def reply_to(ana, ben, discussion) -> Notification:
    parent = discussions.do_respond(ana, discussion, "What do you think?")
    reply = discussions.do_respond(ben, discussion, "I think so.", parent=parent)
    notifications.do_notify_response(reply, ())
    return Notification.objects.get(recipient=ana, response=reply)


def shown(user) -> list[int]:
    return [n.pk for n in inbox(user).items]


def test_notices_about_a_muted_source_s_articles_disappear_from_inbox_and_count(ana, ben):
    wire = make_source(title="Wire")
    article = make_article(wire, "Port strike")
    muted = reply_to(ana, ben, discussions.thread_for_article(article))
    kept = reply_to(ana, ben, discussions.do_start_discussion(ben, "Anything", "Body"))
    assert set(shown(ana)) == {muted.pk, kept.pk}
    assert header_counts(ana).unread == 2
    actions.check_set_rule(ana, Target("source", id=wire.pk), "mute", "day")
    assert shown(ana) == [kept.pk]
    assert header_counts(ana).unread == 1


def test_topic_author_and_section_mutes_reach_notifications_too(ana, ben):
    iran, sport = make_topic("Iran"), make_section("Sport")
    about_topic = make_article(make_source(), "Talks")
    tag(about_topic, iran)
    by_author = make_article(make_source(), "Column", authors=["Pat Doe"])
    in_section = make_article(make_source(), "Match", section=sport)
    started = discussions.do_start_discussion(ben, "About talks", "Body", article=about_topic)
    section_talk = discussions.do_start_discussion(ben, "Sport chat", "Body", section=sport)
    for discussion in (
        started,
        discussions.thread_for_article(by_author),
        discussions.thread_for_article(in_section),
        section_talk,
    ):
        reply_to(ana, ben, discussion)
    assert header_counts(ana).unread == 4
    author = by_author.authors.get()
    for target in (
        Target("topic", id=iran.pk),
        Target("author", id=author.pk),
        Target("section", id=sport.pk),
    ):
        actions.check_set_rule(ana, target, "mute")
    assert shown(ana) == []
    assert header_counts(ana).unread == 0


def test_a_story_thread_is_muted_by_its_lead_article(ana, ben):
    wire = make_source(title="Wire")
    lead, other = make_article(wire, "Quake"), make_article(make_source(), "Quake too")
    story = make_story(lead, other)
    reply_to(ana, ben, discussions.do_ensure_story_thread(story))
    actions.check_set_rule(ana, Target("source", id=wire.pk), "mute")
    assert header_counts(ana).unread == 0


def test_expired_mutes_no_longer_hide_notices(ana, ben):
    wire = make_source()
    notice = reply_to(ana, ben, discussions.thread_for_article(make_article(wire)))
    actions.do_set_rule(
        ana, Target("source", id=wire.pk), "mute", timezone.now() - timedelta(seconds=1)
    )
    assert shown(ana) == [notice.pk]


def test_follows_and_other_readers_mutes_change_nothing(ana, ben):
    wire = make_source()
    reply_to(ana, ben, discussions.thread_for_article(make_article(wire)))
    actions.check_set_rule(ana, Target("source", id=wire.pk), "follow")
    actions.check_set_rule(ben, Target("source", id=wire.pk), "mute")
    assert header_counts(ana).unread == 1


def test_moderators_messages_without_a_discussion_always_show(ana):
    notifications.do_notify_moderation(ana, "Please be kind.")
    actions.check_set_rule(ana, Target("source", id=make_source().pk), "mute")
    assert header_counts(ana).unread == 1


def test_muting_adds_no_query_to_the_inbox_page(ana, ben):
    client = Client()
    client.force_login(ana)
    reply_to(ana, ben, discussions.do_start_discussion(ben, "Anything", "Body"))
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as before:
        client.get("/notifications/")
    for n in range(5):
        actions.check_set_rule(ana, Target("source", id=make_source().pk), "mute")
        actions.check_set_rule(ana, Target("topic", id=make_topic(f"T{n}").pk), "mute")
    with CaptureQueriesContext(connection) as after:
        assert client.get("/notifications/").status_code == 200
    assert len(after) == len(before)
