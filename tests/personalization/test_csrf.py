"""Every personalization POST needs the CSRF token, signed in or not; with it, they work."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.personalization.factories import make_section, make_topic, make_user
from tribune.personalization import cookie
from tribune.personalization.models import ReaderSettings, Rule, Weight

pytestmark = pytest.mark.django_db


def posts(topic_id: int, section_id: int) -> list[tuple[str, dict[str, object]]]:
    return [
        ("/for-you/follow/", {"kind": "topic", "id": topic_id}),
        ("/for-you/mute/", {"kind": "topic", "id": topic_id, "duration": "day"}),
        ("/for-you/remove/", {"kind": "topic", "id": topic_id}),
        ("/for-you/rules/add/", {"phrase": "ceasefire", "verb": "mute", "duration": "day"}),
        ("/for-you/rules/hide-read/", {"hide_read": "on"}),
        ("/for-you/train/", {"target": f"topic:{topic_id}", "direction": "fewer"}),
        ("/for-you/welcome/", {"section": [section_id]}),
    ]


@pytest.mark.parametrize("signed_in", [True, False])
def test_no_post_changes_anything_without_the_token(signed_in):
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(make_user("ana"))
    topic, section = make_topic("Iran"), make_section("World")
    for url, data in posts(topic.pk, section.pk):
        answer = client.post(url, data)
        assert answer.status_code == 403, url
        assert cookie.NAME not in answer.cookies, url
    assert not Rule.objects.exists()
    assert not Weight.objects.exists()
    assert not ReaderSettings.objects.exists()


def test_the_forms_carry_the_token_and_posting_with_it_works():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("ana"))
    topic = make_topic("Iran")
    page = client.get("/for-you/rules/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/for-you/follow/", {"kind": "topic", "id": topic.pk, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 303
    assert Rule.objects.get().topic == topic


def test_reading_pages_answer_get_only():
    client = Client()
    assert client.post("/for-you/").status_code == 405
    assert client.post("/for-you/rules/").status_code == 405
    assert client.post("/for-you/rules/preview/").status_code == 405
    for url in ("/for-you/follow/", "/for-you/mute/", "/for-you/remove/", "/for-you/train/"):
        assert client.get(url).status_code == 405
