"""The notifications page, opening and marking notices read, the header's count, followed
discussions; each write only for the reader's own rows, by POST with CSRF; and no stored
text ever runs as markup."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.notifications.conftest import csrf_token_in, make_user, respond, start
from tribune.discussions.models import Discussion, Visibility
from tribune.notifications import actions
from tribune.notifications.context_processors import notices
from tribune.notifications.models import Notification, Subscription
from tribune.notifications.queries import PAGE_SIZE

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]


def notify_reply(to, by, discussion, text: str = "a reply") -> Notification:
    parent = respond(to, discussion, "parent")
    reply = respond(by, discussion, text, parent=parent)
    actions.do_notify_response(reply, ())
    return Notification.objects.get(recipient=to, response=reply)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_the_readers_notices_newest_first_with_unread_marked(ana, ben, discussion):
    older = notify_reply(ana, ben, discussion, "the older one")
    newer = notify_reply(ana, ben, discussion, "the newer one")
    actions.do_mark_read(ana, [older.pk])
    html = signed_in(ana).get("/notifications/").content.decode()
    assert html.index("the newer one") < html.index("the older one")
    assert html.count("notice-unread") == 1
    assert f'action="/notifications/{newer.pk}/open/"' in html  # unread: opens by POST
    assert f'href="{older.response.get_absolute_url()}"' in html  # read: a plain link
    assert "Ben Okafor" in html and "replied to you" in html


def test_the_page_pages_with_an_older_link(ana, ben, discussion):
    for n in range(PAGE_SIZE + 2):
        notify_reply(ana, ben, discussion, f"reply number {n}")
    client = signed_in(ana)
    first = client.get("/notifications/").content.decode()
    cursor = re.search(r'href="\?before=([^"]+)"', first).group(1)
    second = client.get(f"/notifications/?before={cursor}").content.decode()
    # The oldest two are on the second page (each notice shows its reply's text).
    assert "reply number 0" in second and "reply number 0" not in first
    assert second.count('class="notice ') == 2


def test_anonymous_readers_are_sent_to_log_in(client):
    for url in ("/notifications/", "/notifications/following/"):
        answer = client.get(url)
        assert answer.status_code == 302 and "/login/" in answer["Location"]


def test_opening_a_notice_marks_it_read_and_goes_to_the_response(ana, ben, discussion):
    notice = notify_reply(ana, ben, discussion)
    answer = signed_in(ana).post(f"/notifications/{notice.pk}/open/")
    assert answer.status_code == 303
    assert answer["Location"] == notice.response.get_absolute_url()
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_opening_a_notice_by_get_changes_nothing(ana, ben, discussion):
    notice = notify_reply(ana, ben, discussion)
    assert signed_in(ana).get(f"/notifications/{notice.pk}/open/").status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_reader_cannot_open_or_mark_read_another_readers_notice(ana, ben, cleo, discussion):
    notice = notify_reply(ana, ben, discussion)
    answer = signed_in(cleo).post(f"/notifications/{notice.pk}/open/")
    assert answer.status_code == 404
    signed_in(cleo).post("/notifications/read/")
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_marks_every_own_notice(ana, ben, discussion):
    for _ in range(3):
        notify_reply(ana, ben, discussion)
    answer = signed_in(ana).post("/notifications/read/")
    assert answer.status_code == 303 and answer["Location"] == "/notifications/"
    assert not Notification.objects.filter(recipient=ana, read_at__isnull=True).exists()


def test_writes_need_the_csrf_token(ana, ben, discussion):
    notice = notify_reply(ana, ben, discussion)
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    for url in (
        f"/notifications/{notice.pk}/open/",
        "/notifications/read/",
        f"/notifications/follow/{discussion.pk}/",
        f"/notifications/unfollow/{discussion.pk}/",
    ):
        assert client.post(url).status_code == 403, url
    notice.refresh_from_db()
    assert notice.read_at is None
    # With the token from the page, the same post works.
    token = csrf_token_in(client.get("/notifications/").content.decode())
    answer = client.post(f"/notifications/{notice.pk}/open/", {"csrfmiddlewaretoken": token})
    assert answer.status_code == 303


def test_the_header_shows_the_unread_count_to_signed_in_readers(ana, ben, discussion):
    notify_reply(ana, ben, discussion)
    notify_reply(ana, ben, discussion)
    html = signed_in(ana).get("/notifications/following/").content.decode()
    assert re.search(
        r'Notifications <span class="count">2<span class="visually-hidden"> unread', html
    )
    assert "/moderation/" not in html  # not a moderator


def test_the_header_costs_one_query_for_a_reader_and_none_for_anonymous(ana, ben, discussion):
    notify_reply(ana, ben, discussion)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as anonymous:
        context = notices(request)["notices"]
        assert (context.unread, context.moderates) == (0, False)
    assert len(anonymous) == 0
    request.user = ana
    with CaptureQueriesContext(connection) as reader:
        context = notices(request)["notices"]
        assert (context.unread, context.moderates, context.queue) == (1, False, 0)
    assert len(reader) == 1


def test_moderators_see_the_queue_link_with_what_waits(ana, ben, mona, discussion):
    Discussion.objects.filter(pk=discussion.pk).update(visibility=Visibility.PENDING)
    html = signed_in(mona).get("/notifications/").content.decode()
    assert re.search(r'href="/moderation/"[^>]*>Moderation <span class="count">1<', html)


def test_the_page_takes_the_same_number_of_queries_however_many_notices(ana, ben, cleo):
    client = signed_in(ana)
    discussion = start(cleo, "First")
    notify_reply(ana, ben, discussion)
    client.get("/notifications/")  # warm: session, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get("/notifications/").status_code == 200
    for n in range(12):
        other = start(make_user(f"starter{n}", display_name=f"Starter {n}"), f"Topic {n}")
        notify_reply(ana, make_user(f"replier{n}"), other)
        actions.do_notify_moderation(ana, f"note {n}", discussion=other)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/notifications/").status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("payload", XSS)
def test_stored_markup_in_names_titles_and_messages_is_inert_on_the_page(payload, ana, discussion):
    villain = make_user("villain", display_name=payload)
    their = start(villain, payload, "body")
    parent = respond(ana, their, "mine")
    actions.do_notify_response(respond(villain, their, payload, parent=parent), ())
    actions.do_notify_moderation(ana, payload, discussion=their)
    html = signed_in(ana).get("/notifications/").content.decode()
    body = html.split('<main id="main"', 1)[1]
    assert payload not in body  # every occurrence is escaped, so none is markup
    for tag in ("<script>alert", "<img src=x", "<iframe", "<svg", 'href="javascript:'):
        assert tag not in body
    assert body.count("&lt;") >= 3 or body.count("&amp;lt;") >= 3  # name, title, message


def test_a_title_moderators_took_down_is_not_repeated_to_other_readers(ana, ben, discussion):
    notice = notify_reply(ana, ben, start(ben, "Something vile"))
    Discussion.objects.filter(pk=notice.discussion_id).update(visibility=Visibility.REMOVED)
    html = signed_in(ana).get("/notifications/").content.decode()
    assert "Something vile" not in html
    assert "a discussion moderators took down" in html


# Following -----------------------------------------------------------------------------------


def test_followed_discussions_are_listed_with_unfollow_buttons(ana, ben):
    first = start(ben, "Ferry timetable")
    second = start(ben, "Library hours")
    actions.do_follow(ana, first)
    actions.do_follow(ana, second)
    html = signed_in(ana).get("/notifications/following/").content.decode()
    assert "Ferry timetable" in html and "Library hours" in html
    assert f'action="/notifications/unfollow/{first.pk}/"' in html


def test_unfollowing_from_the_list_comes_back_to_it(ana, ben):
    followed = start(ben, "Ferry timetable")
    actions.do_follow(ana, followed)
    answer = signed_in(ana).post(
        f"/notifications/unfollow/{followed.pk}/", {"next": "/notifications/following/"}
    )
    assert answer.status_code == 303 and answer["Location"] == "/notifications/following/"
    assert not Subscription.objects.filter(user=ana, discussion=followed).exists()


def test_following_a_discussion_by_post_returns_to_it(ana, ben):
    other = start(ben, "Ferry timetable")
    answer = signed_in(ana).post(f"/notifications/follow/{other.pk}/")
    assert answer.status_code == 303 and answer["Location"] == other.get_absolute_url()
    assert Subscription.objects.filter(user=ana, discussion=other).exists()


def test_following_answers_htmx_with_the_button_itself(ana, ben):
    other = start(ben, "Ferry timetable")
    answer = signed_in(ana).post(f"/notifications/follow/{other.pk}/", HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert f'action="/notifications/unfollow/{other.pk}/"' in answer.content.decode()


def test_a_discussion_waiting_for_review_cannot_be_followed_by_others(ana, ben):
    held = start(ben, "Held")
    Discussion.objects.filter(pk=held.pk).update(visibility=Visibility.PENDING)
    assert signed_in(ana).post(f"/notifications/follow/{held.pk}/").status_code == 403
    assert not Subscription.objects.filter(user=ana, discussion=held).exists()


def test_unfollowing_removes_only_the_readers_own_follow(ana, ben, discussion):
    actions.do_follow(ben, discussion)
    signed_in(ana).post(f"/notifications/unfollow/{discussion.pk}/")
    assert Subscription.objects.filter(user=ben, discussion=discussion).exists()
    assert not Subscription.objects.filter(user=ana, discussion=discussion).exists()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "http:\\\\evil.example"],
)
def test_a_next_to_another_site_is_ignored(target, ana, ben):
    other = start(ben, "Ferry timetable")
    answer = signed_in(ana).post(f"/notifications/follow/{other.pk}/", {"next": target})
    assert answer["Location"] == other.get_absolute_url()
    answer = signed_in(ana).post("/notifications/read/", {"next": target})
    assert answer["Location"] == "/notifications/"


def test_the_followed_list_takes_the_same_number_of_queries_however_long(ana, ben):
    client = signed_in(ana)
    actions.do_follow(ana, start(ben, "One"))
    client.get("/notifications/following/")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/following/")
    for n in range(10):
        actions.do_follow(ana, start(make_user(f"s{n}"), f"Topic {n}"))
    with CaptureQueriesContext(connection) as many:
        client.get("/notifications/following/")
    assert len(many) == len(few)


def test_followed_discussions_a_moderator_removed_drop_out_of_the_list(ana, ben):
    gone = start(ben, "Spam spam spam")
    actions.do_follow(ana, gone)
    Discussion.objects.filter(pk=gone.pk).update(visibility=Visibility.REMOVED)
    assert "Spam spam spam" not in signed_in(ana).get("/notifications/following/").content.decode()
