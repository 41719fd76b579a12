"""Readers flag responses and discussions: once per reader per item, with a reason and an
optional note, rate-limited, by POST with CSRF, with a small form page for no-JS."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.notifications.conftest import csrf_token_in, make_user, respond
from tribune.discussions.models import Discussion, Response, Visibility
from tribune.moderation import actions
from tribune.moderation.models import Flag

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_reader_flags_a_response_with_a_reason_and_a_note(ana, ben, discussion):
    response = respond(ana, discussion, "buy cheap watches")
    answer = signed_in(ben).post(
        f"/moderation/flag/response/{response.pk}/", {"reason": "spam", "note": "the third today"}
    )
    assert answer.status_code == 200
    assert b"Flagged. The moderators will look at it." in answer.content
    flag = Flag.objects.get()
    assert (flag.reporter, flag.response, flag.reason, flag.note, flag.status) == (
        ben,
        response,
        "spam",
        "the third today",
        "open",
    )


def test_a_reader_flags_a_discussion(ana, ben, discussion):
    answer = signed_in(ben).post(
        f"/moderation/flag/discussion/{discussion.pk}/", {"reason": "off_topic"}
    )
    assert answer.status_code == 200
    assert Flag.objects.get().discussion == discussion


def test_the_flag_form_works_without_javascript(ana, ben, discussion):
    response = respond(ana, discussion, "some text")
    client = Client(enforce_csrf_checks=True)
    client.force_login(ben)
    page = client.get(
        f"/moderation/flag/response/{response.pk}/?next=/discussions/{discussion.pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="radio" name="reason"' in html and "<textarea" in html
    assert 'name="next" value="/discussions/' in html
    answer = client.post(
        f"/moderation/flag/response/{response.pk}/",
        {"reason": "abuse", "csrfmiddlewaretoken": csrf_token_in(html)},
    )
    assert answer.status_code == 200 and Flag.objects.count() == 1


def test_flagging_needs_the_csrf_token(ana, ben, discussion):
    response = respond(ana, discussion, "x")
    client = Client(enforce_csrf_checks=True)
    client.force_login(ben)
    assert (
        client.post(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"}).status_code
        == 403
    )
    assert (
        client.post(f"/moderation/flag/discussion/{discussion.pk}/", {"reason": "spam"}).status_code
        == 403
    )
    assert not Flag.objects.exists()


def test_flagging_twice_keeps_one_flag(ana, ben, discussion):
    response = respond(ana, discussion, "x")
    client = signed_in(ben)
    client.post(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"})
    answer = client.post(f"/moderation/flag/response/{response.pk}/", {"reason": "abuse"})
    assert b"already flagged" in answer.content
    assert Flag.objects.count() == 1


def test_anonymous_readers_are_sent_to_log_in_and_flag_nothing(client, ana, discussion):
    response = respond(ana, discussion, "x")
    for method in (client.get, client.post):
        answer = method(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"})
        assert answer.status_code == 302 and "/login/" in answer["Location"]
    assert not Flag.objects.exists()


def test_nobody_flags_their_own_post(ana, discussion):
    response = respond(ana, discussion, "x")
    answer = signed_in(ana).post(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"})
    assert answer.status_code == 400
    assert b"cannot flag your own post" in answer.content
    assert not Flag.objects.exists()


def test_a_reason_is_required_and_the_note_is_kept_on_error(ana, ben, discussion):
    response = respond(ana, discussion, "x")
    answer = signed_in(ben).post(
        f"/moderation/flag/response/{response.pk}/",
        {"reason": "nonsense", "note": "my careful note"},
    )
    assert answer.status_code == 400
    assert b"my careful note" in answer.content
    assert not Flag.objects.exists()


@pytest.mark.parametrize("visibility", [Visibility.PENDING, Visibility.HIDDEN, Visibility.REMOVED])
def test_posts_readers_cannot_see_cannot_be_flagged(visibility, ana, ben, discussion):
    response = respond(ana, discussion, "x")
    Response.objects.filter(pk=response.pk).update(visibility=visibility)
    Discussion.objects.filter(pk=discussion.pk).update(visibility=visibility)
    client = signed_in(ben)
    assert client.get(f"/moderation/flag/response/{response.pk}/").status_code == 404
    assert (
        client.post(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"}).status_code
        == 404
    )
    assert (
        client.post(f"/moderation/flag/discussion/{discussion.pk}/", {"reason": "spam"}).status_code
        == 404
    )
    assert not Flag.objects.exists()


def test_flagging_is_rate_limited_with_retry_after(ana, ben, discussion):
    client = signed_in(ben)
    responses = [respond(ana, discussion, f"post {n}") for n in range(actions.FLAG_LIMIT.count + 1)]
    for response in responses[:-1]:
        assert (
            client.post(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"}).status_code
            == 200
        )
    answer = client.post(f"/moderation/flag/response/{responses[-1].pk}/", {"reason": "spam"})
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0
    assert Flag.objects.count() == actions.FLAG_LIMIT.count


def test_a_suspended_reader_cannot_flag(ana, ben, discussion):
    from datetime import timedelta

    from django.utils import timezone

    from tribune.accounts.models import User

    User.objects.filter(pk=ben.pk).update(suspended_until=timezone.now() + timedelta(days=1))
    response = respond(ana, discussion, "x")
    answer = signed_in(User.objects.get(pk=ben.pk)).post(
        f"/moderation/flag/response/{response.pk}/", {"reason": "spam"}
    )
    assert answer.status_code == 400 and not Flag.objects.exists()


def test_htmx_gets_just_the_thank_you(ana, ben, discussion):
    response = respond(ana, discussion, "x")
    answer = signed_in(ben).post(
        f"/moderation/flag/response/{response.pk}/", {"reason": "spam"}, HTTP_HX_REQUEST="true"
    )
    assert answer.content.decode().strip().startswith('<p class="flagged"')


def test_the_thank_you_page_does_not_link_to_another_site(ana, ben, discussion):
    response = respond(ana, discussion, "x")
    answer = signed_in(ben).post(
        f"/moderation/flag/response/{response.pk}/",
        {"reason": "spam", "next": "https://evil.example/"},
    )
    assert b"evil.example" not in answer.content
    assert response.get_absolute_url().encode() in answer.content


def test_the_flag_button_include_links_to_the_form(ana, discussion):
    from django.template.loader import render_to_string

    response = respond(ana, discussion, "x")
    html = render_to_string("moderation/flag_button.html", {"response": response})
    assert f'href="/moderation/flag/response/{response.pk}/?next=' in html
    html = render_to_string("moderation/flag_button.html", {"discussion": discussion})
    assert f'href="/moderation/flag/discussion/{discussion.pk}/?next=' in html


def test_an_articles_own_thread_is_not_flagged_but_its_responses_are(ben):
    from tests.discussions.conftest import make_article
    from tribune.discussions.actions import thread_for_article

    thread = thread_for_article(make_article())
    author = make_user("writer")
    response = respond(author, thread, "on the article")
    client = signed_in(ben)
    assert (
        client.post(f"/moderation/flag/discussion/{thread.pk}/", {"reason": "spam"}).status_code
        == 400
    )
    assert (
        client.post(f"/moderation/flag/response/{response.pk}/", {"reason": "spam"}).status_code
        == 200
    )
