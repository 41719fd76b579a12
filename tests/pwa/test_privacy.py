"""One reader's pages are never another's: signed-in responses are private to the browser,
offline copies are keyed by an opaque per-session id (never the username), and logging out
tells the browser to forget them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.pwa.conftest import browser_keys
from tribune.pwa import actions, webpush
from tribune.pwa.caching import HEADER, PUBLIC
from tribune.pwa.models import PushSubscription

pytestmark = pytest.mark.django_db


def meta_id(html: str) -> str:
    match = re.search(r'<meta name="tribune-cache-id" content="([^"]*)">', html)
    assert match, "no cache id in the page"
    return match.group(1)


def test_a_signed_in_readers_pages_are_private(client: Client, ana) -> None:
    client.force_login(ana)
    for path in ("/login/", "/install/", "/offline/", "/notifications/", "/manifest.webmanifest"):
        response = client.get(path)
        assert "private" in response["Cache-Control"], path
        assert "public" not in response["Cache-Control"], path


def test_an_anonymous_readers_pages_are_not_marked_private(client: Client) -> None:
    for path in ("/install/", "/offline/", "/manifest.webmanifest"):
        response = client.get(path)
        assert "private" not in response.get("Cache-Control", ""), path


def test_a_page_that_must_not_be_stored_stays_so_when_private(client: Client, ana) -> None:
    client.force_login(ana)
    response = client.get("/settings/")  # never_cache
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_belong_to_the_public_cache(client: Client) -> None:
    response = client.get("/install/")
    assert response[HEADER] == PUBLIC
    assert meta_id(response.content.decode()) == PUBLIC


def test_a_signed_in_reader_gets_an_opaque_cache_id_that_is_not_their_name(
    client: Client, ana
) -> None:
    client.force_login(ana)
    response = client.get("/install/")
    page_id = meta_id(response.content.decode())
    assert response[HEADER] == page_id
    assert re.fullmatch(r"[0-9a-f]{32}", page_id)
    assert page_id != PUBLIC
    assert "ana" not in page_id and str(ana.pk) != page_id


def test_each_log_in_gets_a_new_cache_id(ana, ben) -> None:
    ids = []
    for user in (ana, ana, ben):
        client = Client()
        client.force_login(user)
        ids.append(client.get("/install/")[HEADER])
    assert len(set(ids)) == 3
    client = Client()
    client.force_login(ana)
    assert client.get("/install/")[HEADER] == client.get("/offline/")[HEADER]


def test_the_offline_page_names_no_reader_in_its_meta(client: Client, ana) -> None:
    # The worker keeps it for whoever is signed in later; app.js asks the worker instead.
    client.force_login(ana)
    assert meta_id(client.get("/offline/").content.decode()) == ""


def test_responses_that_are_not_pages_carry_no_cache_id(client: Client) -> None:
    assert HEADER not in client.get("/manifest.webmanifest")


def test_logging_out_tells_the_browser_to_forget_caches_and_storage(client: Client, ana) -> None:
    client.force_login(ana)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_asking_to_log_out_clears_nothing(client: Client, ana) -> None:
    client.force_login(ana)
    assert "Clear-Site-Data" not in client.get("/logout/")


def test_logging_out_ends_the_pushes_of_that_browser_only(ana, push_on) -> None:
    here, elsewhere = Client(), Client()
    here.force_login(ana)
    elsewhere.force_login(ana)
    for client, endpoint in (
        (here, "https://push.example.com/here"),
        (elsewhere, "https://push.example.com/there"),
    ):
        keys = browser_keys()
        session_id = client.get("/offline/")[HEADER]
        subscription = webpush.parse_subscription(keys.subscription(endpoint))
        actions.do_subscribe(ana, subscription, session_id)
    here.post("/logout/")
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        "https://push.example.com/there"
    ]
