"""Stored markup is inert on moderators' pages: in display names, usernames shown, titles,
bodies, flag notes, moderation reasons and the log."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.notifications.conftest import make_user, respond, start
from tribune.discussions.models import Discussion, Visibility
from tribune.moderation import actions
from tribune.moderation.models import Flag

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
]


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1]


def assert_inert(html: str, payload: str) -> None:
    body = main(html)
    assert payload not in body
    for tag in ("<script", "<img src=x", "<iframe", "<svg", 'href="javascript:', 'href="&#106;'):
        assert tag not in body


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_a_flagged_post_its_author_and_the_flag_note_is_inert_in_the_queue(
    payload, mona, ben
):
    villain = make_user("villain", display_name=payload)
    discussion = start(villain, payload, payload)
    response = respond(villain, discussion, payload)
    Flag.objects.create(reporter=ben, response=response, reason="abuse", note=payload)
    Flag.objects.create(reporter=ben, discussion=discussion, reason="spam", note=payload)
    client = Client()
    client.force_login(mona)
    assert_inert(client.get("/moderation/").content.decode(), payload)
    assert_inert(client.get(f"/moderation/response/{response.pk}/").content.decode(), payload)
    assert_inert(client.get(f"/moderation/discussion/{discussion.pk}/").content.decode(), payload)
    assert_inert(client.get(f"/moderation/user/{villain.pk}/").content.decode(), payload)
    assert_inert(client.get(f"/moderation/flag/response/{response.pk}/").content.decode(), payload)


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_a_moderation_reason_is_inert_in_the_queue_the_log_and_the_notice(
    payload, mona, ana, ben
):
    discussion = start(ana, "Topic")
    response = respond(ana, discussion, "held")
    actions.check_hide(mona, response, payload)
    actions.check_warn(mona, ana, payload)
    Discussion.objects.filter(pk=discussion.pk).update(
        moderation_reason=payload, visibility=Visibility.PENDING
    )
    client = Client()
    client.force_login(mona)
    assert_inert(client.get("/moderation/").content.decode(), payload)
    assert_inert(client.get("/moderation/log/").content.decode(), payload)
    reader = Client()
    reader.force_login(ana)
    assert_inert(reader.get("/notifications/").content.decode(), payload)
