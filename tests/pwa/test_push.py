"""Replies and mentions reach readers' browsers through a push service (here a real HTTP
server on loopback): encrypted for the browser, signed with the site's VAPID key, once, only
while still wanted; a push service that forgot the browser ends its subscription."""

from __future__ import annotations

import ipaddress
from datetime import timedelta

import pytest
from django.utils import timezone

# Web push's own dependencies (py-vapid, http-ece, cryptography; see pyproject.toml).
pytest.importorskip("http_ece")
Vapid02 = pytest.importorskip("py_vapid").Vapid02
decode = pytest.importorskip("py_vapid.jwt").decode

from tests.notifications.conftest import respond, start  # noqa: E402
from tests.pwa.conftest import BrowserKeys, browser_keys  # noqa: E402
from tests.servers import LocalServer  # noqa: E402
from tribune.accounts.models import User  # noqa: E402
from tribune.discussions import actions as posting  # noqa: E402
from tribune.notifications.models import Notification  # noqa: E402
from tribune.pwa import actions, push, webpush  # noqa: E402
from tribune.pwa.models import PushState, PushSubscription  # noqa: E402

pytestmark = pytest.mark.django_db

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def subscribe(user: User, endpoint: str, keys: BrowserKeys | None = None) -> PushSubscription:
    keys = keys or browser_keys()
    subscription = webpush.parse_subscription(keys.subscription(endpoint), LOOPBACK)
    item = actions.do_subscribe(user, subscription, "")
    # Subscribed an hour ago: before every notice the test makes.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    PushSubscription.objects.filter(pk=item.pk).update(created_at=an_hour_ago)
    return item


def settle() -> None:
    """Notices wait push.SETTLE before they are pushed: make every notice old enough."""
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=1))


@pytest.fixture
def ready(push_on) -> PushState:
    state = actions.do_ensure_push_state()  # the mark starts at the newest notice: none yet
    assert state.last_notification_id == 0
    return state


def reply(ana: User, ben: User, capture, text: str = "I disagree, and here is why.") -> None:
    discussion = start(ana)
    parent = respond(ana, discussion, "first")
    with capture(execute=True):
        posting.check_respond(ben, discussion, text, parent=parent)


def test_a_reply_is_pushed_encrypted_and_signed(
    ana, ben, ready, push_service: LocalServer, django_capture_on_commit_callbacks
) -> None:
    keys = browser_keys()
    subscribe(ana, push_service.url("/push/ana"), keys)
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 1
    [request] = push_service.requests
    assert request.method == "POST" and request.path == "/push/ana"
    headers = request.headers
    assert headers["ttl"] == str(push.TTL)
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["content-type"] == "application/octet-stream"
    assert headers["urgency"] == "normal"
    # RFC 8292: "vapid t=<JWT>, k=<the site's public key>", the JWT for this push service.
    assert headers["authorization"].startswith("vapid t=")
    assert Vapid02.verify(headers["authorization"])
    token, key = headers["authorization"].removeprefix("vapid t=").split(",k=")
    assert key == webpush.public_key(ready.vapid_private_key)
    claims = decode(token, key)
    assert claims["aud"] == push_service.url("").rstrip("/")
    assert claims["sub"] == "mailto:tribune@localhost"
    assert claims["exp"] > timezone.now().timestamp()
    # Only the browser's keys open it.
    notice = Notification.objects.get(recipient=ana)
    assert keys.decrypt(request.body) == {
        "title": "Ben Okafor replied to you",
        "body": "In “Is the ferry worth it?”: I disagree, and here is why.",
        "url": notice.target_url(),
        "tag": f"notice-{notice.pk}",
    }
    assert b"disagree" not in request.body
    subscription = PushSubscription.objects.get()
    assert subscription.last_success_at is not None and subscription.failure_count == 0


def test_a_mention_is_pushed(ana, ben, ready, push_service, django_capture_on_commit_callbacks):
    keys = browser_keys()
    subscribe(ana, push_service.url("/push/ana"), keys)
    with django_capture_on_commit_callbacks(execute=True):
        posting.check_start_discussion(ben, "Harbour wall", "What does @ana think?")
    settle()
    assert push.send_pending_pushes() == 1
    data = keys.decrypt(push_service.requests[0].body)
    assert data["title"] == "Ben Okafor mentioned you"
    assert data["body"] == "In “Harbour wall”: What does @ana think?"


def test_every_browser_of_the_reader_gets_it(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    subscribe(ana, push_service.url("/push/phone"))
    subscribe(ana, push_service.url("/push/laptop"))
    subscribe(ben, push_service.url("/push/ben"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 2
    assert sorted(push_service.paths()) == ["/push/laptop", "/push/phone"]


def test_a_notice_is_pushed_once(ana, ben, ready, push_service, django_capture_on_commit_callbacks):
    subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 1
    assert push.send_pending_pushes() == 0
    assert len(push_service.requests) == 1


def test_a_second_sender_with_a_stale_mark_sends_nothing(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    stale = PushState.objects.get()  # read before the first sender moves the mark
    assert push.send_pending_pushes() == 1
    assert push._claim(stale, 100) == []
    assert len(push_service.requests) == 1


def test_a_notice_younger_than_the_settling_time_waits(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    assert push.send_pending_pushes() == 0
    assert PushState.objects.get().last_notification_id == 0
    settle()
    assert push.send_pending_pushes() == 1


def test_activity_in_a_followed_discussion_is_not_pushed(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    from tribune.notifications.actions import do_follow

    discussion = start(ben)
    do_follow(ana, discussion)
    subscribe(ana, push_service.url("/push/ana"))
    with django_capture_on_commit_callbacks(execute=True):
        posting.check_respond(ben, discussion, "News on the ferry.")
    settle()
    assert Notification.objects.filter(recipient=ana, kind="activity").exists()
    assert push.send_pending_pushes() == 0
    assert push_service.requests == []
    assert PushState.objects.get().last_notification_id == Notification.objects.get().pk


def test_a_notice_already_read_is_not_pushed(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    Notification.objects.update(read_at=timezone.now())
    settle()
    assert push.send_pending_pushes() == 0
    assert push_service.requests == []


def test_a_reply_removed_before_the_push_is_not_pushed(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    from tribune.discussions.models import Response, Visibility

    subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    Response.objects.filter(author=ben).update(visibility=Visibility.HIDDEN)
    settle()
    assert push.send_pending_pushes() == 0


def test_notices_older_than_the_subscription_are_not_pushed(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    item = subscribe(ana, push_service.url("/push/ana"))
    PushSubscription.objects.filter(pk=item.pk).update(created_at=timezone.now())
    assert push.send_pending_pushes() == 0


def test_notices_from_before_web_push_was_on_are_never_pushed(
    ana, ben, push_on, push_service, django_capture_on_commit_callbacks
):
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    subscribe(ana, push_service.url("/push/ana"))  # makes the push state: the mark is now
    assert push.send_pending_pushes() == 0


def test_nothing_is_sent_while_web_push_is_off(
    ana, ben, ready, settings, push_service, django_capture_on_commit_callbacks
):
    subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    settings.WEB_PUSH = False
    assert push.send_pending_pushes() == 0
    assert push_service.requests == []


@pytest.mark.parametrize("status", [404, 410])
def test_a_push_service_that_forgot_the_browser_ends_its_subscription(
    ana, ben, ready, push_service, status, django_capture_on_commit_callbacks
):
    push_service.reply("/push/gone", status)
    subscribe(ana, push_service.url("/push/gone"))
    subscribe(ana, push_service.url("/push/here"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 1
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        push_service.url("/push/here")
    ]


def test_a_failing_push_service_is_counted_and_given_up_on(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    push_service.reply("/push/ana", 503, b"busy")
    item = subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 0
    item.refresh_from_db()
    assert item.failure_count == 1
    PushSubscription.objects.update(failure_count=push.MAX_FAILURES - 1)
    with django_capture_on_commit_callbacks(execute=True):
        posting.check_respond(ben, item.user.notifications.first().discussion, "Again, @ana.")
    settle()
    push.send_pending_pushes()
    assert not PushSubscription.objects.exists()


def test_an_unreachable_push_service_is_a_failure_not_an_error(
    ana, ben, ready, django_capture_on_commit_callbacks
):
    with LocalServer() as gone:
        endpoint = gone.url("/push/ana")
    item = subscribe(ana, endpoint)  # nothing listens there any more
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 0
    item.refresh_from_db()
    assert item.failure_count == 1


def test_an_endpoint_outside_the_allowed_networks_is_never_contacted(
    ana, ben, ready, settings, push_service, django_capture_on_commit_callbacks
):
    item = subscribe(ana, push_service.url("/push/ana"))
    settings.FETCH_ALLOWED_NETWORKS = []  # the operator closed the local network again
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 0
    assert push_service.requests == []
    item.refresh_from_db()
    assert item.failure_count == 1


def test_a_name_that_resolves_to_a_private_address_is_refused_when_connecting(
    ana, ben, ready, settings, push_service, django_capture_on_commit_callbacks
):
    # As if a push service's name were pointed at the site's own network after subscribing.
    item = subscribe(ana, "https://push.example.com/1")
    sneaky = f"http://localhost.:{push_service.port}/push/ana"
    PushSubscription.objects.filter(pk=item.pk).update(endpoint=sneaky)
    settings.FETCH_ALLOWED_NETWORKS = []
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 0
    assert push_service.requests == []
    item.refresh_from_db()
    assert item.failure_count == 1


def test_the_push_service_is_not_followed_through_a_redirect(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    push_service.redirect("/push/ana", push_service.url("/elsewhere"), 307)
    item = subscribe(ana, push_service.url("/push/ana"))
    reply(ana, ben, django_capture_on_commit_callbacks)
    settle()
    assert push.send_pending_pushes() == 0
    assert push_service.paths() == ["/push/ana"]
    item.refresh_from_db()
    assert item.failure_count == 1


def test_sending_takes_a_fixed_number_of_queries(
    ana, ben, ready, push_service, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    cleo = User.objects.create_user("cleo", "cleo@example.test", "a long passphrase 12")
    for reader in (ana, cleo):
        subscribe(reader, push_service.url(f"/push/{reader.username}"))
    discussion = start(ana)
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            posting.check_respond(ben, discussion, "Over to @ana and @cleo.")
    settle()
    with django_assert_max_num_queries(8):
        assert push.send_pending_pushes() == 10


def test_a_long_post_is_cut_to_fit_a_notification(
    ana, ben, ready, push_service, django_capture_on_commit_callbacks
):
    keys = browser_keys()
    subscribe(ana, push_service.url("/push/ana"), keys)
    reply(ana, ben, django_capture_on_commit_callbacks, text="word " * 2000)
    settle()
    push.send_pending_pushes()
    data = keys.decrypt(push_service.requests[0].body)
    assert len(data["body"]) == push.BODY and data["body"].endswith("…")
