"""The word filter: phrases managed in the admin hold matching posts for review, whole words
only; a moderator's approval publishes the post and sends its notices."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.notifications.conftest import make_user, respond
from tribune.accounts.models import User
from tribune.discussions import actions as posting
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.moderation.models import FilteredWord, ModerationAction
from tribune.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db) -> Client:
    admin = User.objects.create_superuser("root", "root@example.test", "a long passphrase 12")
    client = Client()
    client.force_login(admin)
    return client


def add_word(admin_client: Client, phrase: str, django_capture_on_commit_callbacks) -> FilteredWord:
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post("/admin/moderation/filteredword/add/", {"phrase": phrase})
    assert answer.status_code == 302, answer.content
    return FilteredWord.objects.get(phrase=phrase)


def test_a_post_with_a_filtered_word_waits_and_appears_once_a_moderator_approves_it(
    admin_client, mona, ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "what do you think?")
    posting.check_respond(ben, discussion, "fine")  # the filter's (empty) list is now cached
    add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        reply = posting.check_respond(ben, discussion, "It is a Swindle, plainly.", parent=parent)
    assert reply.visibility == Visibility.PENDING
    assert reply.moderation_reason == "Held for review: contains “Swindle”."
    assert not Notification.objects.filter(response=reply).exists()
    # Readers do not see it; the moderator does, in the queue.
    thread = Client().get(f"/discussions/{discussion.pk}/").content.decode()
    assert "plainly" not in thread
    moderator = Client()
    moderator.force_login(mona)
    assert "It is a Swindle, plainly." in moderator.get("/moderation/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert moderator.post(f"/moderation/response/{reply.pk}/approve/").status_code == 303
    reply.refresh_from_db()
    assert reply.visibility == Visibility.VISIBLE
    assert "plainly" in Client().get(f"/discussions/{discussion.pk}/").content.decode()
    notice = Notification.objects.get(recipient=ana, response=reply)
    assert notice.kind == Notification.Kind.REPLY
    assert ModerationAction.objects.get().kind == "approve"


def test_a_filtered_word_in_a_new_discussions_title_holds_it(
    admin_client, ana, django_capture_on_commit_callbacks
):
    add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    discussion = posting.check_start_discussion(ana, "The great swindle", "body")
    assert discussion.visibility == Visibility.PENDING


def test_only_whole_words_match(admin_client, ana, discussion, django_capture_on_commit_callbacks):
    add_word(admin_client, "ass", django_capture_on_commit_callbacks)
    assert posting.check_respond(ana, discussion, "a classy assessment").visibility == "visible"
    assert posting.check_respond(make_user("zed"), discussion, "you ass").visibility == "pending"


def test_phrases_are_text_not_patterns(
    admin_client, ana, discussion, django_capture_on_commit_callbacks
):
    add_word(admin_client, "a.c", django_capture_on_commit_callbacks)
    assert posting.check_respond(ana, discussion, "abc").visibility == "visible"
    assert posting.check_respond(ana, discussion, "so a.c it is").visibility == "pending"


def test_deleting_a_word_in_the_admin_releases_new_posts_at_once(
    admin_client, ana, discussion, django_capture_on_commit_callbacks
):
    word = add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    assert posting.check_respond(ana, discussion, "swindle").visibility == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            f"/admin/moderation/filteredword/{word.pk}/delete/", {"post": "yes"}
        )
    assert answer.status_code == 302
    assert posting.check_respond(ana, discussion, "swindle again").visibility == "visible"


def test_deleting_words_in_bulk_releases_new_posts_at_once(
    admin_client, ana, discussion, django_capture_on_commit_callbacks
):
    word = add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    assert posting.check_respond(ana, discussion, "swindle").visibility == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/moderation/filteredword/",
            {"action": "delete_selected", "_selected_action": [word.pk], "post": "yes"},
        )
    assert not FilteredWord.objects.exists()
    assert posting.check_respond(ana, discussion, "swindle again").visibility == "visible"


def test_changing_a_word_in_the_admin_takes_effect_at_once(
    admin_client, ana, discussion, django_capture_on_commit_callbacks
):
    word = add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    assert posting.check_respond(ana, discussion, "swindle").visibility == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/moderation/filteredword/{word.pk}/change/", {"phrase": "fraud"})
    assert posting.check_respond(ana, discussion, "swindle again").visibility == "visible"
    assert posting.check_respond(ana, discussion, "fraud").visibility == "pending"


def test_moderators_posts_are_never_held(
    admin_client, mona, discussion, django_capture_on_commit_callbacks
):
    add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    assert posting.check_respond(mona, discussion, "calling out a swindle").visibility == "visible"


def test_held_posts_are_listed_for_moderators_only(
    admin_client, ana, ben, mona, discussion, django_capture_on_commit_callbacks
):
    add_word(admin_client, "swindle", django_capture_on_commit_callbacks)
    reply = posting.check_respond(ben, discussion, "swindle")
    assert Response.objects.get(pk=reply.pk).visibility == "pending"
    assert Discussion.objects.get(pk=discussion.pk).response_count == 0
    reader = Client()
    reader.force_login(ana)
    assert reader.get("/moderation/").status_code == 403
