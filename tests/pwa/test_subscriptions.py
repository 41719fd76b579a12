"""Readers turn push on and off for a browser: JSON posted with the CSRF header, only when
the operator turned web push on, only for signed-in readers, and only endpoints Tribune
may post to (public https push services; no internal address, no oversized keys)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.pwa.conftest import BrowserKeys, browser_keys, csrf_client, post_json
from tribune.pwa import actions, webpush
from tribune.pwa.models import PushState, PushSubscription

pytestmark = pytest.mark.django_db

pytest.importorskip("cryptography")  # web push's keys (see pyproject.toml)

ENDPOINT = "https://push.example.com/wpush/v2/gAAAAABk"
SUBSCRIBE = "/push/subscribe/"
UNSUBSCRIBE = "/push/unsubscribe/"


def test_a_reader_subscribes_a_browser(ana, push_on, browser: BrowserKeys) -> None:
    client, token = csrf_client(ana)
    response = post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token)
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    saved = PushSubscription.objects.get()
    assert (saved.user, saved.endpoint, saved.p256dh, saved.auth) == (
        ana,
        ENDPOINT,
        browser.p256dh,
        browser.auth,
    )
    assert saved.session_hash == client.get("/install/")["X-Tribune-Cache-Id"]


def test_subscribing_without_the_csrf_header_is_refused(ana, push_on, browser) -> None:
    client, _ = csrf_client(ana)
    response = post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT))
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_subscribing_with_a_wrong_csrf_token_is_refused(ana, push_on, browser) -> None:
    client, _ = csrf_client(ana)
    response = post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token="x" * 64)
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_an_anonymous_reader_cannot_subscribe(push_on, browser) -> None:
    client = Client()
    response = post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT))
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_push_endpoints_do_not_exist_while_web_push_is_off(ana, settings, browser) -> None:
    settings.WEB_PUSH = False
    client, token = csrf_client(ana)
    assert (
        post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token).status_code == 404
    )
    assert post_json(client, UNSUBSCRIBE, {"endpoint": ENDPOINT}, token=token).status_code == 404


def test_only_post_reaches_the_push_endpoints(ana, push_on) -> None:
    client, _ = csrf_client(ana)
    assert client.get(SUBSCRIBE).status_code == 405
    assert client.get(UNSUBSCRIBE).status_code == 405


def test_subscribing_again_updates_the_same_subscription(ana, push_on) -> None:
    client, token = csrf_client(ana)
    post_json(client, SUBSCRIBE, browser_keys().subscription(ENDPOINT), token=token)
    newer = browser_keys()
    assert (
        post_json(client, SUBSCRIBE, newer.subscription(ENDPOINT), token=token).status_code == 201
    )
    saved = PushSubscription.objects.get()
    assert saved.p256dh == newer.p256dh


def test_a_browser_someone_else_subscribed_becomes_the_new_readers(ana, ben, push_on) -> None:
    first, token = csrf_client(ana)
    post_json(first, SUBSCRIBE, browser_keys().subscription(ENDPOINT), token=token)
    second, token = csrf_client(ben)
    post_json(second, SUBSCRIBE, browser_keys().subscription(ENDPOINT), token=token)
    assert PushSubscription.objects.get().user == ben


def test_a_reader_with_too_many_devices_loses_the_oldest(ana, push_on) -> None:
    for n in range(actions.MAX_DEVICES + 2):
        actions.do_subscribe(
            ana,
            webpush.parse_subscription(browser_keys().subscription(f"{ENDPOINT}/{n}")),
            "",
        )
    endpoints = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert len(endpoints) == actions.MAX_DEVICES
    assert f"{ENDPOINT}/0" not in endpoints and f"{ENDPOINT}/21" in endpoints


def test_a_reader_unsubscribes_their_own_browser(ana, push_on, browser) -> None:
    client, token = csrf_client(ana)
    post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token)
    response = post_json(client, UNSUBSCRIBE, {"endpoint": ENDPOINT}, token=token)
    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()


def test_a_reader_cannot_unsubscribe_someone_elses_browser(ana, ben, push_on, browser) -> None:
    client, token = csrf_client(ana)
    post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token)
    other, token = csrf_client(ben)
    response = post_json(other, UNSUBSCRIBE, {"endpoint": ENDPOINT}, token=token)
    assert response.json() == {"ok": True, "removed": False}
    assert PushSubscription.objects.get().user == ana


def test_unsubscribing_without_the_csrf_header_is_refused(ana, push_on, browser) -> None:
    client, token = csrf_client(ana)
    post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token)
    assert post_json(client, UNSUBSCRIBE, {"endpoint": ENDPOINT}).status_code == 403
    assert PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example.com/wpush/1",  # not https
        "ftp://push.example.com/1",
        "javascript:alert(1)",
        "https://10.1.2.3/push",  # private
        "https://127.0.0.1/push",  # loopback
        "https://169.254.169.254/latest/meta-data",  # cloud metadata
        "https://[::1]/push",
        "https://[::ffff:7f00:1]/push",  # loopback inside IPv6
        "https://2130706433/push",  # 127.0.0.1 as a number
        "https://0x7f.1/push",
        "https://localhost/push",
        "https://intranet/push",
        "https://printer.local/push",
        "https://user:secret@push.example.com/1",
        "https://push.example.com:8443/1",  # not the https port
        "https://push.example.com/1#fragment",
        "https://push.exa mple.com/1",
        "https://püsh.example.com/1",
        "https://push.example.com/" + "a" * 1100,
        "",
        None,
        42,
        ["https://push.example.com/1"],
    ],
)
def test_endpoints_tribune_must_not_post_to_are_refused(
    ana, push_on, settings, browser, endpoint
) -> None:
    settings.FETCH_ALLOWED_NETWORKS = []  # as in production: no private network opened
    client, token = csrf_client(ana)
    data = browser.subscription("https://push.example.com/ok")
    data["endpoint"] = endpoint
    response = post_json(client, SUBSCRIBE, data, token=token)
    assert response.status_code == 400, endpoint
    assert response.json()["ok"] is False
    assert not PushSubscription.objects.exists()


def test_plain_http_is_allowed_only_inside_the_allowed_networks(
    ana, push_on, settings, browser
) -> None:
    client, token = csrf_client(ana)
    local = browser.subscription("http://127.0.0.1:8099/push/1")
    assert post_json(client, SUBSCRIBE, local, token=token).status_code == 201
    settings.FETCH_ALLOWED_NETWORKS = []
    other = browser.subscription("http://127.0.0.1:8099/push/2")
    assert post_json(client, SUBSCRIBE, other, token=token).status_code == 400


@pytest.mark.parametrize(
    ("p256dh", "auth"),
    [
        ("A" * 5000, "B" * 22),  # huge
        ("BA" + "A" * 85, "C" * 5000),
        ("not base64!", "AAAAAAAAAAAAAAAAAAAAAA"),
        (webpush.b64url_encode(b"\x04" + b"\x01" * 64), "AAAAAAAAAAAAAAAAAAAAAA"),  # off the curve
        (webpush.b64url_encode(b"\x02" + b"\x01" * 32), "AAAAAAAAAAAAAAAAAAAAAA"),  # compressed
        ("VALID", webpush.b64url_encode(b"\x00" * 15)),  # auth one byte short
        ("VALID", "é" * 22),
        (None, "AAAAAAAAAAAAAAAAAAAAAA"),
        ("VALID", 12),
    ],
)
def test_keys_that_are_not_a_browsers_push_keys_are_refused(
    ana, push_on, browser, p256dh, auth
) -> None:
    client, token = csrf_client(ana)
    data = {
        "endpoint": ENDPOINT,
        "keys": {"p256dh": browser.p256dh if p256dh == "VALID" else p256dh, "auth": auth},
    }
    response = post_json(client, SUBSCRIBE, data, token=token)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        "[]",
        '"a string"',
        '{"endpoint": "https://push.example.com/1"}',
        '{"endpoint": "https://push.example.com/1", "keys": []}',
        b"\xff\xfe",
        json.dumps({"endpoint": ENDPOINT, "keys": {"p256dh": "x", "auth": "y"}, "pad": "z" * 5000}),
    ],
)
def test_bodies_that_are_not_a_subscription_are_refused(ana, push_on, raw) -> None:
    client, token = csrf_client(ana)
    response = post_json(client, SUBSCRIBE, None, raw=raw, token=token)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_subscribing_over_and_over_is_rate_limited(ana, push_on, browser) -> None:
    client, token = csrf_client(ana)
    for _ in range(actions.SUBSCRIBE_ATTEMPTS.count):
        post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token)
    response = post_json(client, SUBSCRIBE, browser.subscription(ENDPOINT), token=token)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_the_sites_vapid_keys_are_made_once(db) -> None:
    first = actions.do_ensure_push_state()
    again = actions.do_ensure_push_state()
    assert PushState.objects.count() == 1
    assert first.vapid_private_key == again.vapid_private_key
    assert first.vapid_private_key.startswith("-----BEGIN PRIVATE KEY-----")
    assert len(webpush.b64url_decode(webpush.public_key(first.vapid_private_key))) == 65


def test_the_install_page_offers_push_to_signed_in_readers_with_the_sites_key(
    client: Client, ana, push_on
) -> None:
    client.force_login(ana)
    html = client.get("/install/").content.decode()
    key = webpush.public_key(PushState.objects.get().vapid_private_key)
    assert f'data-key="{key}"' in html
    assert 'id="push-toggle"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_the_install_page_asks_anonymous_readers_to_log_in_for_push(
    client: Client, push_on
) -> None:
    html = client.get("/install/").content.decode()
    assert 'id="push-toggle"' not in html
    assert "to have replies and mentions pushed" in html
    assert not PushState.objects.exists()


def test_the_install_page_says_so_when_push_is_off(client: Client, ana, settings) -> None:
    settings.WEB_PUSH = False
    client.force_login(ana)
    html = client.get("/install/").content.decode()
    assert 'id="push-toggle"' not in html
    assert "does not send push notifications" in html
    assert not PushState.objects.exists()
