"""Who is told what: replies, mentions, activity in followed discussions; one notice per
reader per response; nobody hears of their own posts or from someone they blocked."""

from __future__ import annotations

import pytest

from tests.notifications.conftest import block, make_user, respond, start
from tribune.notifications import actions
from tribune.notifications.models import Notification, Subscription

pytestmark = pytest.mark.django_db


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_reply_notifies_the_author_of_the_parent(
    ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "first")
    with django_capture_on_commit_callbacks(execute=True):
        reply = respond(ben, discussion, "a reply", parent=parent)
    notice = Notification.objects.get(recipient=ana)
    assert notice.kind == Notification.Kind.REPLY
    assert (notice.actor, notice.response, notice.discussion) == (ben, reply, discussion)
    assert notice.read_at is None


def test_a_mention_notifies_the_mentioned_reader(
    ana, ben, cleo, discussion, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respond(ben, discussion, "What do you think, @cleo?")
    assert kinds_for(cleo) == [Notification.Kind.MENTION]


def test_a_reply_that_also_mentions_the_parent_author_notifies_once_as_a_reply(
    ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "first")
    with django_capture_on_commit_callbacks(execute=True):
        respond(ben, discussion, "@ana quite right", parent=parent)
    assert kinds_for(ana) == [Notification.Kind.REPLY]


def test_new_responses_notify_readers_who_follow_the_discussion(
    ana, ben, cleo, discussion, django_capture_on_commit_callbacks
):
    actions.do_follow(cleo, discussion)
    with django_capture_on_commit_callbacks(execute=True):
        respond(ben, discussion, "something new")
    # Ana started it (so follows it), Cleo follows it; Ben wrote it.
    assert kinds_for(ana) == [Notification.Kind.ACTIVITY]
    assert kinds_for(cleo) == [Notification.Kind.ACTIVITY]
    assert kinds_for(ben) == []


def test_starting_or_responding_follows_a_discussion_and_unfollowing_stops_the_notices(
    ana, ben, cleo, discussion, django_capture_on_commit_callbacks
):
    assert Subscription.objects.filter(user=ana, discussion=discussion).exists()
    respond(ben, discussion, "joining in")
    assert Subscription.objects.filter(user=ben, discussion=discussion).exists()
    actions.do_unfollow(ben, discussion)
    with django_capture_on_commit_callbacks(execute=True):
        respond(cleo, discussion, "more")
    assert kinds_for(ben) == []


def test_nobody_is_notified_of_their_own_response(
    ana, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "first")
    with django_capture_on_commit_callbacks(execute=True):
        respond(ana, discussion, "answering myself, @ana", parent=parent)
    assert kinds_for(ana) == []


def test_a_reader_never_hears_from_someone_they_blocked(
    ana, ben, cleo, django_capture_on_commit_callbacks
):
    discussion = start(cleo)
    parent = respond(ana, discussion, "mine")
    actions.do_follow(ana, discussion)
    block(ana, ben)
    with django_capture_on_commit_callbacks(execute=True):
        respond(ben, discussion, "a reply, and @ana", parent=parent)  # reply, mention, activity
        respond(ben, discussion, "and more activity")
        start(ben, "About @ana", "Hello @ana")
    assert kinds_for(ana) == []
    # Blocking is one-way: Ben still hears from Ana.
    mine = respond(ben, discussion, "ben's own")
    with django_capture_on_commit_callbacks(execute=True):
        respond(ana, discussion, "reply to ben", parent=mine)
    assert Notification.Kind.REPLY in kinds_for(ben)


def test_a_mention_in_a_new_discussion_notifies_the_reader(
    ana, ben, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        discussion = start(ana, "Harbour wall", "What does @ben think?")
    notice = Notification.objects.get(recipient=ben)
    assert (notice.kind, notice.discussion, notice.response) == (
        Notification.Kind.MENTION,
        discussion,
        None,
    )


def test_notifying_the_same_response_twice_creates_no_duplicates(
    ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "first")
    reply = respond(ben, discussion, "reply", parent=parent)
    actions.do_notify_response(reply, ())
    actions.do_notify_response(reply, ())
    assert Notification.objects.filter(recipient=ana, response=reply).count() == 1


def test_moderation_notices_about_one_response_can_follow_each_other(ana, ben, discussion):
    response = respond(ana, discussion, "x")
    actions.do_notify_moderation(ana, "hidden", response=response)
    actions.do_notify_moderation(ana, "removed", response=response)
    assert Notification.objects.filter(recipient=ana, kind="moderation").count() == 2


def test_mark_read_touches_only_the_readers_own_notices(ana, ben, cleo, discussion):
    response = respond(cleo, discussion, "x")
    mine = actions.do_notify_moderation(ana, "for ana", response=response)
    theirs = actions.do_notify_moderation(ben, "for ben", response=response)
    assert actions.do_mark_read(ana, [mine.pk, theirs.pk]) == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_inactive_reader_is_not_notified_of_a_mention(
    ana, ben, discussion, django_capture_on_commit_callbacks
):
    gone = make_user("gone", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_notify_response(respond(ben, discussion, "hi"), ("gone",))
    assert kinds_for(gone) == []
