import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.conftest import make_user
from tribune.accounts import actions, roles
from tribune.discussions.actions import do_respond, do_start_discussion
from tribune.discussions.models import Discussion, Response, Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    user = make_user("ana")
    actions.do_update_settings(
        user, actions.ProfileSettings("Ana Lima", "Reads the harbour news.", True, True)
    )
    return user


@pytest.fixture
def talk(ana):
    return do_start_discussion(make_user("host"), "The ferry timetable", "What changed?")


def respond(user, discussion, text, visibility=Visibility.VISIBLE):
    response = do_respond(user, discussion, text)
    if visibility != Visibility.VISIBLE:
        Response.objects.filter(pk=response.pk).update(
            visibility=visibility, moderation_reason="Off topic"
        )
    return response


def test_a_profile_shows_name_bio_and_visible_responses_to_anyone(client, ana, talk):
    respond(ana, talk, "The early boat is back.")
    page = client.get("/u/ana/").content.decode()
    assert '<h1 class="page-title">Ana Lima</h1>' in page
    assert "@ana" in page
    assert "Reads the harbour news." in page
    assert "The early boat is back." in page
    assert "The ferry timetable" in page


def test_hidden_pending_removed_and_deleted_responses_are_not_shown_to_others(client, ana, talk):
    respond(ana, talk, "Visible words")
    respond(ana, talk, "Pending words", Visibility.PENDING)
    respond(ana, talk, "Hidden words", Visibility.HIDDEN)
    respond(ana, talk, "Removed words", Visibility.REMOVED)
    deleted = respond(ana, talk, "Deleted words")
    Response.objects.filter(pk=deleted.pk).update(deleted_at=deleted.created_at)
    hidden_talk = do_start_discussion(make_user("bob"), "Hidden talk", "")
    respond(ana, hidden_talk, "Words in a hidden discussion")
    Discussion.objects.filter(pk=hidden_talk.pk).update(visibility=Visibility.HIDDEN)

    client.force_login(make_user("reader"))
    page = client.get("/u/ana/").content.decode()
    assert "Visible words" in page
    for text in ("Pending", "Hidden words", "Removed", "Deleted", "hidden discussion"):
        assert text not in page


def test_moderators_see_every_response_with_its_state(client, ana, talk):
    respond(ana, talk, "Hidden words", Visibility.HIDDEN)
    respond(ana, talk, "Pending words", Visibility.PENDING)
    moderator = make_user("mod")
    actions.do_grant_role(moderator, roles.MODERATORS)
    client.force_login(moderator)
    page = client.get("/u/ana/").content.decode()
    assert "Hidden words" in page and "Hidden by a moderator: Off topic" in page
    assert "Pending words" in page and "Waiting for a moderator" in page


def test_authors_see_their_own_waiting_posts_on_their_profile(client, ana, talk):
    respond(ana, talk, "Pending words", Visibility.PENDING)
    client.force_login(ana)
    page = client.get("/u/ana/").content.decode()
    assert "Pending words" in page and "Waiting for a moderator" in page
    assert "Edit your profile" in page


def test_the_discussions_tab_lists_the_readers_discussions(client, ana):
    do_start_discussion(ana, "Harbour wall: who pays?", "Body")
    hidden = do_start_discussion(ana, "A hidden one", "Body")
    Discussion.objects.filter(pk=hidden.pk).update(visibility=Visibility.REMOVED)
    page = client.get("/u/ana/?tab=discussions").content.decode()
    assert "Harbour wall: who pays?" in page
    assert "A hidden one" not in page


def test_responses_are_paged_with_an_older_link(client, ana, talk):
    for i in range(25):
        respond(ana, talk, f"Response number {i:02d}")
    first = client.get("/u/ana/").content.decode()
    assert "Response number 24" in first and "Response number 05" in first
    assert "Response number 04" not in first
    older = re.search(r'rel="next" href="([^"]+)"', first).group(1)
    second = client.get("/u/ana/" + html.unescape(older)).content.decode()
    assert "Response number 04" in second and "Response number 00" in second
    assert "Response number 05" not in second
    assert 'rel="next"' not in second


def queries_for(client, url: str) -> int:
    client.get(url)  # warm the caches meant to be warm
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/u/ana/", "/u/ana/?tab=discussions"])
@pytest.mark.parametrize("viewer", [None, "reader", "mod"])
def test_a_profile_page_takes_the_same_number_of_queries_for_2_or_25_posts(
    client, ana, talk, url, viewer
):
    if viewer:
        user = make_user(viewer)
        if viewer == "mod":
            actions.do_grant_role(user, roles.MODERATORS)
        client.force_login(user)

    def add(n: int) -> None:
        for i in range(n):
            respond(ana, talk, f"Words {i}")
            do_start_discussion(ana, f"Talk {i}", "")

    add(2)
    few = queries_for(client, url)
    add(23)
    many = queries_for(client, url)
    assert few == many


def test_an_unknown_reader_is_404_and_names_in_another_case_redirect(client, ana):
    assert client.get("/u/nobody/").status_code == 404
    response = client.get("/u/ANA/")
    assert response.status_code == 302
    assert response["Location"] == "/u/ana/"


def test_closed_accounts_are_only_visible_to_moderators(client):
    make_user("gone", is_active=False)
    assert client.get("/u/gone/").status_code == 404
    moderator = make_user("mod")
    actions.do_grant_role(moderator, roles.MODERATORS)
    client.force_login(moderator)
    page = client.get("/u/gone/")
    assert page.status_code == 200
    assert "Closed account" in page.content.decode()


def test_role_labels_show_on_profiles(client):
    editor = make_user("ed")
    actions.do_grant_role(editor, roles.EDITORS)
    assert '<span class="role">Editor</span>' in client.get("/u/ed/").content.decode()


def test_a_reader_who_blocked_someone_does_not_see_their_posts_on_the_profile(client, ana, talk):
    respond(ana, talk, "Some words")
    viewer = make_user("reader")
    actions.do_block(viewer, ana)
    client.force_login(viewer)
    page = client.get("/u/ana/").content.decode()
    assert "You blocked ana" in page
    assert "Some words" not in page
    assert "/u/ana/unblock/" in page


def test_a_moderator_who_blocked_someone_still_sees_their_posts(client, ana, talk):
    respond(ana, talk, "Some words")
    moderator = make_user("mod")
    actions.do_grant_role(moderator, roles.MODERATORS)
    actions.do_block(moderator, ana)
    client.force_login(moderator)
    page = client.get("/u/ana/").content.decode()
    assert "Some words" in page
