"""The moderation queue and what moderators do from it: approve, dismiss, hide with a
visible reason, remove, restore, lock, warn, suspend, ban, lift. Every action is logged and
closes the item's open flags; every page takes a fixed number of queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.notifications.conftest import make_moderator, make_user, respond, start
from tribune.accounts.models import User
from tribune.discussions import actions as posting
from tribune.discussions.actions import Refused
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.moderation import actions, policy
from tribune.moderation.models import FilteredWord, Flag, ModerationAction
from tribune.notifications.models import Notification

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flag(item, *reporters, reason: str = "abuse", note: str = "") -> None:
    for reporter in reporters:
        actions.do_flag(reporter, item, reason, note)


def held(user: User, discussion: Discussion, body: str = "held text") -> Response:
    """A response the word filter holds, made the way a reader's post is."""
    FilteredWord.objects.get_or_create(phrase="xyzzy")
    policy.forget_filtered_words()
    response = respond(user, discussion, f"{body} xyzzy")
    assert response.visibility == Visibility.PENDING
    return response


# The queue -----------------------------------------------------------------------------------


def test_the_queue_shows_flagged_items_grouped_with_reasons_and_counts(
    mona, ana, ben, cleo, discussion
):
    response = respond(ana, discussion, "you are all idiots")
    flag(response, ben, reason="abuse", note="name-calling")
    flag(response, cleo, reason="abuse")
    flag(response, make_user("dora"), reason="spam")
    flag(discussion, ben, reason="off_topic")
    html = signed_in(mona).get("/moderation/").content.decode()
    assert "you are all idiots" in html
    assert "3 open flags" in html and "Abusive or harassing (2), Spam (1)" in html
    assert "name-calling" in html
    assert "1 open flag<" in html and "Off topic (1)" in html
    # Most flagged first.
    assert html.index("you are all idiots") < html.index("Off topic (1)")


def test_the_queue_shows_posts_held_for_review_with_why(mona, ana, ben, discussion):
    held(ben, discussion, "a held response")
    waiting = start(ben, "A held discussion")
    Discussion.objects.filter(pk=waiting.pk).update(
        visibility=Visibility.PENDING, moderation_reason="New members' first posts are reviewed."
    )
    html = signed_in(mona).get("/moderation/").content.decode()
    assert "a held response" in html and "A held discussion" in html
    assert "Held for review: contains “xyzzy”." in html
    assert "New members&#x27; first posts are reviewed." in html
    assert html.count(">Approve</button>") == 2


def test_the_queue_takes_the_same_number_of_queries_however_full(mona, ana, ben, discussion):
    client = signed_in(mona)
    flag(respond(ana, discussion, "one"), ben)
    flag(discussion, ben)
    held(ben, discussion)
    client.get("/moderation/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/moderation/").status_code == 200
    for n in range(8):
        author = make_user(f"author{n}")
        other = start(author, f"Topic {n}")
        flag(
            respond(author, other, f"flagged {n}"),
            ben,
            make_user(f"r{n}"),
            reason="spam",
            note="see",
        )
        flag(other, ben)
        held(author, other)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/moderation/").status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_queue_pages(mona, ana, ben, discussion):
    for n in range(27):
        flag(respond(ana, discussion, f"item {n}"), ben)
    client = signed_in(mona)
    first = client.get("/moderation/").content.decode()
    assert 'href="?page=2"' in first
    second = client.get("/moderation/?page=2").content.decode()
    assert first.count('class="mod-entry ') == 25 and second.count('class="mod-entry ') == 2
    assert client.get("/moderation/?page=nonsense").status_code == 200


# Approving -----------------------------------------------------------------------------------


def test_approving_a_held_response_publishes_it_counts_it_and_notifies(
    mona, ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "parent")
    FilteredWord.objects.create(phrase="xyzzy")
    policy.forget_filtered_words()
    reply = respond(ben, discussion, "the reply, xyzzy", parent=parent)
    assert reply.visibility == Visibility.PENDING
    count_before = Discussion.objects.get(pk=discussion.pk).response_count
    with django_capture_on_commit_callbacks(execute=True):
        answer = signed_in(mona).post(f"/moderation/response/{reply.pk}/approve/")
    assert answer.status_code == 303 and answer["Location"] == "/moderation/"
    reply.refresh_from_db()
    assert reply.visibility == Visibility.VISIBLE and reply.moderation_reason == ""
    assert Discussion.objects.get(pk=discussion.pk).response_count == count_before + 1
    assert Notification.objects.filter(recipient=ana, response=reply, kind="reply").exists()
    assert ModerationAction.objects.get().kind == "approve"


def test_approving_a_held_discussion_publishes_it_and_notifies_its_mentions(
    mona, ana, ben, django_capture_on_commit_callbacks
):
    waiting = start(ben, "Held", "Hello @ana")
    Discussion.objects.filter(pk=waiting.pk).update(visibility=Visibility.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(mona).post(f"/moderation/discussion/{waiting.pk}/approve/")
    assert Discussion.objects.get(pk=waiting.pk).visibility == Visibility.VISIBLE
    assert Notification.objects.filter(recipient=ana, kind="mention").exists()


def test_approving_twice_publishes_once(mona, ana, ben, discussion):
    reply = held(ben, discussion)
    actions.check_approve(mona, reply)
    with pytest.raises(Refused):
        actions.check_approve(mona, reply)  # the stale object still says pending
    assert Discussion.objects.get(pk=discussion.pk).response_count == 1


@pytest.mark.django_db
def test_first_posts_wait_for_approval_when_the_site_says_so(
    settings, mona, ana, django_capture_on_commit_callbacks
):
    discussion = start(ana, "Open thread")
    settings.FIRST_POSTS_NEED_APPROVAL = 1
    newcomer = make_user("newcomer")
    first = posting.check_respond(newcomer, discussion, "my very first post")
    assert first.visibility == Visibility.PENDING
    assert "first posts" in first.moderation_reason
    assert "my very first post" in signed_in(mona).get("/moderation/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(mona).post(f"/moderation/response/{first.pk}/approve/")
    second = posting.check_respond(User.objects.get(pk=newcomer.pk), discussion, "my second")
    assert second.visibility == Visibility.VISIBLE


def test_with_the_setting_off_first_posts_appear_at_once(settings, ana, discussion):
    settings.FIRST_POSTS_NEED_APPROVAL = 0
    assert posting.check_respond(make_user("newcomer"), discussion, "hi").visibility == "visible"


# Hiding, removing, restoring -----------------------------------------------------------------


def test_hiding_a_response_keeps_a_visible_reason_tells_the_author_and_closes_flags(
    mona, ana, ben, cleo, discussion
):
    response = respond(ana, discussion, "rude")
    flag(response, ben, cleo)
    answer = signed_in(mona).post(
        f"/moderation/response/{response.pk}/hide/",
        {"reason": "Personal attack", "next": "/moderation/"},
    )
    assert answer.status_code == 303
    response.refresh_from_db()
    assert (response.visibility, response.moderation_reason) == ("hidden", "Personal attack")
    assert Discussion.objects.get(pk=discussion.pk).response_count == 0
    action = ModerationAction.objects.get()
    assert (action.kind, action.moderator, action.target_user, action.response) == (
        "hide",
        mona,
        ana,
        response,
    )
    assert Flag.objects.filter(status="resolved", resolved_by=action).count() == 2
    notice = Notification.objects.get(recipient=ana, kind="moderation")
    assert "Personal attack" in notice.message and notice.response == response
    # The thread shows the placeholder with the reason.
    thread = Client().get(response.get_absolute_url(), follow=True).content.decode()
    assert "Personal attack" in thread and "rude" not in thread.split('<main id="main"', 1)[1]


def test_hiding_needs_a_reason(mona, ana, discussion):
    response = respond(ana, discussion, "x")
    answer = signed_in(mona).post(f"/moderation/response/{response.pk}/hide/", {"reason": "  "})
    assert answer.status_code == 400 and b"Give a reason" in answer.content
    response.refresh_from_db()
    assert response.visibility == "visible"
    assert not ModerationAction.objects.exists()


def test_removing_then_restoring_a_response(mona, ana, discussion):
    response = respond(ana, discussion, "x")
    client = signed_in(mona)
    client.post(f"/moderation/response/{response.pk}/remove/", {"reason": "Spam"})
    response.refresh_from_db()
    assert response.visibility == "removed"
    assert Discussion.objects.get(pk=discussion.pk).response_count == 0
    client.post(f"/moderation/response/{response.pk}/restore/")
    response.refresh_from_db()
    assert (response.visibility, response.moderation_reason) == ("visible", "")
    assert Discussion.objects.get(pk=discussion.pk).response_count == 1
    assert list(ModerationAction.objects.order_by("created_at").values_list("kind", flat=True)) == [
        "remove",
        "restore",
    ]


def test_hiding_and_removing_a_discussion(mona, ana, ben):
    discussion = start(ben, "Spammy")
    client = signed_in(mona)
    client.post(
        f"/moderation/discussion/{discussion.pk}/hide/", {"reason": "Off topic for the site"}
    )
    discussion.refresh_from_db()
    assert (discussion.visibility, discussion.moderation_reason) == (
        "hidden",
        "Off topic for the site",
    )
    client.post(f"/moderation/discussion/{discussion.pk}/remove/", {"reason": "Spam"})
    discussion.refresh_from_db()
    assert discussion.visibility == "removed"
    assert Notification.objects.filter(recipient=ben, kind="moderation").count() == 2


def test_rejecting_a_held_post_hides_it_without_counting_it(mona, ana, ben, discussion):
    reply = held(ben, discussion)
    signed_in(mona).post(f"/moderation/response/{reply.pk}/hide/", {"reason": "Not for this site"})
    reply.refresh_from_db()
    assert reply.visibility == "hidden"
    assert Discussion.objects.get(pk=discussion.pk).response_count == 0
    assert User.objects.get(pk=ben.pk).approved_posts == 0


def test_dismissing_flags_leaves_the_post_and_closes_them(mona, ana, ben, discussion):
    response = respond(ana, discussion, "fine, really")
    flag(response, ben)
    signed_in(mona).post(f"/moderation/response/{response.pk}/dismiss/")
    response.refresh_from_db()
    assert response.visibility == "visible"
    assert not Flag.objects.filter(status="open").exists()
    assert "fine, really" not in signed_in(mona).get("/moderation/").content.decode()


# Locking -------------------------------------------------------------------------------------


def test_locking_a_discussion_stops_new_responses_and_unlocking_allows_them(
    mona, ana, ben, discussion
):
    client = signed_in(mona)
    client.post(f"/moderation/discussion/{discussion.pk}/lock/", {"reason": "Heated"})
    discussion.refresh_from_db()
    assert discussion.locked
    with pytest.raises(Refused):
        posting.check_respond(ben, discussion, "one more thing")
    client.post(f"/moderation/discussion/{discussion.pk}/unlock/")
    discussion.refresh_from_db()
    assert not discussion.locked
    assert posting.check_respond(ben, discussion, "one more thing").pk
    kinds = list(ModerationAction.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["lock", "unlock"]


def test_responses_have_no_lock(mona, ana, discussion):
    response = respond(ana, discussion, "x")
    assert signed_in(mona).post(f"/moderation/response/{response.pk}/lock/").status_code == 404


# People --------------------------------------------------------------------------------------


def test_warning_a_reader_sends_them_a_moderation_notice_about_the_post(mona, ana, ben, discussion):
    response = respond(ben, discussion, "borderline")
    flag(response, ana)
    answer = signed_in(mona).post(
        f"/moderation/user/{ben.pk}/warn/", {"reason": "Keep it civil", "response": response.pk}
    )
    assert answer.status_code == 303
    notice = Notification.objects.get(recipient=ben)
    assert notice.kind == "moderation" and "Keep it civil" in notice.message
    assert notice.actor is None  # the reader is not told which moderator
    action = ModerationAction.objects.get()
    assert (action.kind, action.target_user, action.response) == ("warn", ben, response)
    assert not Flag.objects.filter(status="open").exists()
    page = signed_in(ben).get("/notifications/").content.decode()
    assert "From the moderators</strong>" in page and "Keep it civil" in page


def test_a_warning_about_someone_elses_post_is_refused(mona, ana, ben, discussion):
    not_bens = respond(ana, discussion, "x")
    answer = signed_in(mona).post(
        f"/moderation/user/{ben.pk}/warn/", {"reason": "Civil", "response": not_bens.pk}
    )
    assert answer.status_code == 400
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("days", [1, 7, 30])
def test_suspending_for_a_period_stops_posting_until_it_ends(days, mona, ana, ben, discussion):
    answer = signed_in(mona).post(
        f"/moderation/user/{ben.pk}/suspend/", {"days": days, "reason": "Trolling"}
    )
    assert answer.status_code == 303
    ben.refresh_from_db()
    expected = timezone.now() + timedelta(days=days)
    assert abs((ben.suspended_until - expected).total_seconds()) < 60
    assert ben.suspension_reason == "Trolling" and ben.is_suspended
    with pytest.raises(Refused, match="suspended"):
        posting.check_respond(ben, discussion, "let me back in")
    action = ModerationAction.objects.get()
    assert (action.kind, action.until) == ("suspend", ben.suspended_until)


def test_a_period_other_than_1_7_or_30_days_is_refused(mona, ben):
    answer = signed_in(mona).post(
        f"/moderation/user/{ben.pk}/suspend/", {"days": 365, "reason": "x"}
    )
    assert answer.status_code == 400
    ben.refresh_from_db()
    assert ben.suspended_until is None


def test_banning_and_lifting(mona, ana, ben, discussion):
    client = signed_in(mona)
    client.post(f"/moderation/user/{ben.pk}/ban/", {"reason": "Spam account"})
    ben.refresh_from_db()
    assert ben.banned and ben.suspension_reason == "Spam account"
    with pytest.raises(Refused, match="banned"):
        posting.check_respond(ben, discussion, "hello?")
    client.post(f"/moderation/user/{ben.pk}/lift/", {"reason": "Appeal accepted"})
    ben.refresh_from_db()
    assert (ben.banned, ben.suspended_until, ben.suspension_reason) == (False, None, "")
    assert posting.check_respond(ben, discussion, "thanks").visibility == "visible"
    kinds = list(ModerationAction.objects.order_by("created_at").values_list("kind", flat=True))
    assert kinds == ["ban", "lift"]
    messages = list(
        Notification.objects.filter(recipient=ben)
        .order_by("created_at")
        .values_list("message", flat=True)
    )
    assert "banned" in messages[0] and "can post again" in messages[1]


def test_moderators_cannot_act_on_themselves_or_other_moderators(mona, ben):
    other = make_moderator("otto")
    client = signed_in(mona)
    for target in (mona, other):
        for verb, data in (
            ("warn", {"reason": "x"}),
            ("suspend", {"days": 7, "reason": "x"}),
            ("ban", {"reason": "x"}),
        ):
            assert client.post(f"/moderation/user/{target.pk}/{verb}/", data).status_code == 400
    assert not ModerationAction.objects.exists()


def test_a_superuser_can_suspend_a_moderator(mona):
    boss = User.objects.create_superuser("boss", "boss@example.test", "a long passphrase 12")
    answer = signed_in(boss).post(
        f"/moderation/user/{mona.pk}/suspend/", {"days": 1, "reason": "Abuse of tools"}
    )
    assert answer.status_code == 303
    mona.refresh_from_db()
    assert mona.is_suspended


# Every action: logged, flags closed -----------------------------------------------------------


ITEM_ACTIONS = [
    ("response", "approve", {}),
    ("response", "dismiss", {}),
    ("response", "hide", {"reason": "r"}),
    ("response", "remove", {"reason": "r"}),
    ("response", "restore", {}),
    ("discussion", "approve", {}),
    ("discussion", "dismiss", {}),
    ("discussion", "hide", {"reason": "r"}),
    ("discussion", "remove", {"reason": "r"}),
    ("discussion", "restore", {}),
    ("discussion", "lock", {}),
    ("discussion", "unlock", {}),
]


@pytest.mark.parametrize(("noun", "verb", "data"), ITEM_ACTIONS)
def test_every_action_on_a_post_is_logged_and_closes_its_open_flags(
    noun, verb, data, mona, ana, ben
):
    discussion = start(ana, "Topic")
    item = discussion if noun == "discussion" else respond(ana, discussion, "text")
    flag(item, ben)
    model = type(item)
    if verb == "approve":
        model.objects.filter(pk=item.pk).update(visibility=Visibility.PENDING)
    if verb == "restore":
        model.objects.filter(pk=item.pk).update(visibility=Visibility.HIDDEN)
    if verb == "unlock":
        Discussion.objects.filter(pk=item.pk).update(locked=True)
    answer = signed_in(mona).post(f"/moderation/{noun}/{item.pk}/{verb}/", data)
    assert answer.status_code == 303, answer.content
    action = ModerationAction.objects.get()
    assert action.kind == verb and action.moderator == mona and getattr(action, noun) == item
    assert not Flag.objects.filter(status="open").exists()
    assert Flag.objects.get().resolved_by == action


@pytest.mark.parametrize(
    ("verb", "data"),
    [("warn", {"reason": "r"}), ("suspend", {"days": 1, "reason": "r"}), ("ban", {"reason": "r"})],
)
def test_every_action_on_a_person_about_a_post_is_logged_and_closes_its_flags(
    verb, data, mona, ana, ben, discussion
):
    response = respond(ben, discussion, "x")
    flag(response, ana)
    signed_in(mona).post(f"/moderation/user/{ben.pk}/{verb}/", {**data, "response": response.pk})
    action = ModerationAction.objects.get()
    assert (action.kind, action.target_user, action.response) == (verb, ben, response)
    assert Flag.objects.get().status == "resolved"


def test_refused_actions_change_nothing_and_say_why(mona, ana, discussion):
    response = respond(ana, discussion, "x")
    client = signed_in(mona)
    answer = client.post(f"/moderation/response/{response.pk}/approve/")  # not pending
    assert answer.status_code == 400 and b"not waiting for review" in answer.content
    answer = client.post(f"/moderation/response/{response.pk}/restore/")  # not hidden
    assert answer.status_code == 400
    answer = client.post(f"/moderation/user/{ana.pk}/lift/")  # not suspended
    assert answer.status_code == 400
    assert client.post(f"/moderation/response/{response.pk}/explode/").status_code == 404
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "javascript:alert(1)"]
)
def test_after_an_action_a_next_to_another_site_is_ignored(target, mona, ana, discussion):
    response = respond(ana, discussion, "x")
    answer = signed_in(mona).post(
        f"/moderation/response/{response.pk}/hide/", {"reason": "r", "next": target}
    )
    assert answer["Location"] == "/moderation/"


# The log and the review pages -----------------------------------------------------------------


def test_the_log_lists_every_action_newest_first(mona, ana, ben, discussion):
    response = respond(ana, discussion, "x")
    flag(response, ben)
    actions.check_hide(mona, response, "Rude")
    actions.check_suspend(mona, User.objects.get(pk=ana.pk), 7, "Repeated rudeness")
    html = signed_in(mona).get("/moderation/log/").content.decode()
    assert html.index("Suspended") < html.index("Hid")
    assert "Repeated rudeness" in html and "closed 1 flag" in html
    assert f'href="/moderation/user/{ana.pk}/"' in html


def test_the_log_takes_the_same_number_of_queries_however_long(mona, ana, ben):
    client = signed_in(mona)
    discussion = start(ana, "Topic")
    actions.check_lock(mona, discussion)
    client.get("/moderation/log/")
    with CaptureQueriesContext(connection) as few:
        client.get("/moderation/log/")
    for n in range(10):
        author = make_user(f"a{n}")
        other = start(author, f"T{n}")
        response = respond(author, other, "x")
        flag(response, ben)
        actions.check_hide(mona, response, "r")
        actions.check_warn(mona, author, "w", item=other)
    with CaptureQueriesContext(connection) as many:
        client.get("/moderation/log/")
    assert len(many) == len(few)


def test_the_log_pages(mona, ana):
    discussion = start(ana, "Topic")
    for _ in range(26):
        actions.do_lock(mona, discussion)
        actions.do_unlock(mona, discussion)
    client = signed_in(mona)
    first = client.get("/moderation/log/").content.decode()
    cursor = re.search(r'href="\?before=([^"]+)"', first).group(1)
    second = client.get(f"/moderation/log/?before={cursor}").content.decode()
    assert first.count("<tr>") - 1 == 50 and second.count("<tr>") - 1 == 2


def test_the_review_page_shows_flags_earlier_versions_and_history(mona, ana, ben, discussion):
    response = respond(ana, discussion, "first version")
    posting.check_edit_response(ana, response, "second version")
    flag(response, ben, note="was worse before")
    actions.check_dismiss(mona, response)
    html = signed_in(mona).get(f"/moderation/response/{response.pk}/").content.decode()
    assert "second version" in html and "first version" in html
    assert "was worse before" in html and "Dismissed flags" in html


def test_the_person_page_shows_status_record_and_history(mona, ana, discussion):
    respond(ana, discussion, "x")
    actions.check_suspend(mona, ana, 1, "Cooling off")
    html = signed_in(mona).get(f"/moderation/user/{ana.pk}/").content.decode()
    assert "Suspended until" in html and "Cooling off" in html
    assert "1 response," in html and "Lift the suspension" in html
