"""Responding, replying, editing, deleting and voting through the pages: every write is a
POST through an action, refusals keep the reader's text, nobody changes what is not theirs."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection
from django.test import Client

from tests.discussions.conftest import respond
from tribune.accounts.models import User
from tribune.discussions import actions
from tribune.discussions.models import Discussion, Response, ResponseRevision, Vote
from tribune.notifications.models import Notification, Subscription

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_reader_responds_and_lands_on_the_responses_anchor(client, ben, discussion):
    client.force_login(ben)
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "I *think* so."})
    response = Response.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/discussions/{discussion.pk}/#r{response.pk}"
    assert response.author == ben and response.body_html == "<p>I <em>think</em> so.</p>\n"
    page = client.get(answer["Location"]).content.decode()
    assert "I <em>think</em> so." in page


def test_with_htmx_a_response_comes_back_as_a_fragment_with_a_fresh_form(client, ben, discussion):
    client.force_login(ben)
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "Fresh words"}, **HTMX)
    html = answer.content.decode()
    response = Response.objects.get()
    assert answer.status_code == 201
    assert "<html" not in html
    assert html.startswith(f'<li class="thread-item is-new" id="r{response.pk}">')
    assert "Fresh words" in html
    # The form is swapped for an empty one, the count for the new count.
    form = html.split('id="respond-form"')[1].split("</form>")[0]
    assert 'hx-swap-oob="true"' in form and "Fresh words" not in form
    assert '<span hx-swap-oob="innerHTML:.response-count">1 response</span>' in html


def test_with_htmx_a_reply_is_appended_to_its_parents_replies_and_the_form_closes(
    client, ana, ben, discussion
):
    parent = respond(ana, discussion, "parent")
    client.force_login(ben)
    form = client.get(f"/discussions/responses/{parent.pk}/reply/", **HTMX).content.decode()
    assert f'hx-target="#replies-{parent.pk}"' in form and 'hx-swap="beforeend"' in form
    answer = client.post(f"/discussions/responses/{parent.pk}/reply/", {"body": "child"}, **HTMX)
    html = answer.content.decode()
    reply = Response.objects.get(parent=parent)
    assert answer.status_code == 201
    assert f'id="r{reply.pk}"' in html and "child" in html
    assert f'<div id="reply-slot-{parent.pk}" hx-swap-oob="innerHTML"></div>' in html
    assert reply.depth == 1 and reply.path.startswith(parent.path + "/")


def test_a_reply_without_javascript_lands_on_its_anchor(client, ana, ben, discussion):
    parent = respond(ana, discussion, "parent")
    client.force_login(ben)
    answer = client.post(f"/discussions/responses/{parent.pk}/reply/", {"body": "child"})
    reply = Response.objects.get(parent=parent)
    assert answer["Location"] == f"/discussions/{discussion.pk}/#r{reply.pk}"


def test_an_empty_response_is_refused_with_a_reason(client, ben, discussion):
    client.force_login(ben)
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "   "})
    assert answer.status_code == 400
    assert "Write something first." in answer.content.decode()
    assert not Response.objects.exists()


def test_a_response_too_long_is_refused_and_the_form_keeps_its_text(client, ben, discussion):
    client.force_login(ben)
    text = "my careful words " * 1300
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": text})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert text.strip() in html
    assert not Response.objects.exists()


def test_a_response_to_a_locked_discussion_is_refused_and_keeps_its_text(client, ben, discussion):
    Discussion.objects.filter(pk=discussion.pk).update(locked=True)  # the moderators' doing
    client.force_login(ben)
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "Too late?"})
    html = answer.content.decode()
    assert answer.status_code == 400
    assert "locked" in html and "Too late?</textarea>" in html
    assert not Response.objects.exists()
    page = client.get(f"/discussions/{discussion.pk}/").content.decode()
    assert "This discussion is locked" in page and 'id="respond-form" method="post"' not in page


def test_posting_too_fast_answers_429_with_retry_after_and_keeps_the_text(client, ben, discussion):
    client.force_login(ben)
    for i in range(actions.POST_LIMIT.count):
        assert (
            client.post(f"/discussions/{discussion.pk}/respond/", {"body": f"n{i}"}).status_code
            == 302
        )
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "one more thought"})
    assert answer.status_code == 429
    assert 0 < int(answer["Retry-After"]) <= actions.POST_LIMIT.window
    html = answer.content.decode()
    assert "posting too fast" in html and "one more thought</textarea>" in html
    assert Response.objects.count() == actions.POST_LIMIT.count


def test_with_htmx_a_refusal_replaces_the_form_in_place(client, ben, discussion):
    client.force_login(ben)
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": ""}, **HTMX)
    assert answer.status_code == 400
    assert answer["HX-Retarget"] == "#respond-form"
    assert answer["HX-Reswap"] == "outerHTML"
    assert answer.content.decode().startswith('<form class="respond-form" id="respond-form"')


def test_visitors_are_sent_to_log_in_and_nothing_is_posted(client, discussion):
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "anonymous"})
    assert answer.status_code == 302 and answer["Location"].startswith("/login/?next=")
    assert not Response.objects.exists()
    page = client.get(f"/discussions/{discussion.pk}/").content.decode()
    assert "to respond." in page and 'id="respond-form" method="post"' not in page


def test_with_htmx_visitors_are_redirected_to_log_in(client, discussion):
    answer = client.post(f"/discussions/{discussion.pk}/respond/", {"body": "x"}, **HTMX)
    assert answer["HX-Redirect"].startswith("/login/?next=")


def test_replying_follows_the_discussion_and_notifies_the_parents_author(
    client, ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "parent")
    client.force_login(ben)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/discussions/responses/{parent.pk}/reply/", {"body": "hi"})
    assert Subscription.objects.filter(user=ben, discussion=discussion).exists()
    notice = Notification.objects.get(recipient=ana)
    assert notice.kind == Notification.Kind.REPLY and notice.actor == ben


# Editing and deleting ------------------------------------------------------------------------


def test_editing_ones_own_response_keeps_the_old_text_for_moderators(client, ben, discussion):
    response = respond(ben, discussion, "first version")
    client.force_login(ben)
    form = client.get(f"/discussions/responses/{response.pk}/edit/").content.decode()
    assert "first version</textarea>" in form
    answer = client.post(f"/discussions/responses/{response.pk}/edit/", {"body": "second version"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"#r{response.pk}")
    response.refresh_from_db()
    assert response.body_markdown == "second version" and response.edited_at is not None
    assert list(ResponseRevision.objects.values_list("body_markdown", flat=True)) == [
        "first version"
    ]


def test_with_htmx_an_edit_comes_back_as_the_updated_response(client, ben, discussion):
    response = respond(ben, discussion, "first version")
    client.force_login(ben)
    form = client.get(f"/discussions/responses/{response.pk}/edit/", **HTMX).content.decode()
    assert form.startswith(f'<div class="response is-editing" id="c{response.pk}">')
    answer = client.post(
        f"/discussions/responses/{response.pk}/edit/", {"body": "**better**"}, **HTMX
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.startswith(f'<article class="response is-visible" id="c{response.pk}">')
    assert "<strong>better</strong>" in html and '<span class="edited"' in html
    assert (
        f'href="/discussions/{discussion.pk}/?reply={response.pk}#reply-form-{response.pk}"' in html
    )


def test_an_empty_edit_is_refused_and_the_text_is_unchanged(client, ben, discussion):
    response = respond(ben, discussion, "keep me")
    client.force_login(ben)
    answer = client.post(f"/discussions/responses/{response.pk}/edit/", {"body": ""})
    assert answer.status_code == 400
    response.refresh_from_db()
    assert response.body_markdown == "keep me"


def test_deleting_ones_own_response_asks_first_then_leaves_a_placeholder(client, ben, discussion):
    response = respond(ben, discussion, "gone soon")
    client.force_login(ben)
    confirm = client.get(f"/discussions/responses/{response.pk}/delete/")
    assert confirm.status_code == 200 and "gone soon" in confirm.content.decode()
    Response.objects.get(pk=response.pk, deleted_at__isnull=True)
    answer = client.post(f"/discussions/responses/{response.pk}/delete/")
    assert answer.status_code == 302
    response.refresh_from_db()
    assert response.is_deleted and response.body_markdown == ""
    assert "[deleted]" in client.get(f"/discussions/{discussion.pk}/").content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_reader_cannot_edit_someones_response(client, method, ana, ben, discussion):
    response = respond(ana, discussion, "ana's words")
    client.force_login(ben)
    answer = getattr(client, method)(
        f"/discussions/responses/{response.pk}/edit/", {"body": "ben was here"}
    )
    assert answer.status_code == 403
    response.refresh_from_db()
    assert response.body_markdown == "ana's words" and response.edited_at is None
    assert not ResponseRevision.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_reader_cannot_delete_someones_response(client, method, ana, ben, discussion):
    response = respond(ana, discussion, "ana's words")
    client.force_login(ben)
    answer = getattr(client, method)(f"/discussions/responses/{response.pk}/delete/")
    assert answer.status_code == 403
    response.refresh_from_db()
    assert response.body_markdown == "ana's words" and not response.is_deleted


def test_the_actions_refuse_someone_elses_response_too(ana, ben, discussion):
    response = respond(ana, discussion, "ana's words")
    with pytest.raises(actions.NotYours):
        actions.check_edit_response(ben, response, "ben was here")
    with pytest.raises(actions.NotYours):
        actions.check_delete_response(ben, response)


def test_visitors_cannot_edit_or_delete(client, ana, discussion):
    response = respond(ana, discussion, "ana's words")
    for url in (
        f"/discussions/responses/{response.pk}/edit/",
        f"/discussions/responses/{response.pk}/delete/",
    ):
        answer = client.post(url, {"body": "x"})
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    response.refresh_from_db()
    assert response.body_markdown == "ana's words" and not response.is_deleted


# Votes ---------------------------------------------------------------------------------------


def test_a_vote_submitted_twice_counts_once(client, ana, ben, discussion):
    response = respond(ana, discussion)
    client.force_login(ben)
    for _ in range(2):
        answer = client.post(f"/discussions/responses/{response.pk}/vote/")
        assert answer.status_code == 302
    assert Vote.objects.filter(response=response).count() == 1
    response.refresh_from_db()
    assert response.score == 1


def test_one_cannot_vote_for_ones_own_response(client, ana, discussion):
    response = respond(ana, discussion)
    client.force_login(ana)
    answer = client.post(f"/discussions/responses/{response.pk}/vote/")
    assert answer.status_code == 400
    assert "your own response" in answer.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_can_be_taken_back(client, ana, ben, discussion):
    response = respond(ana, discussion)
    client.force_login(ben)
    client.post(f"/discussions/responses/{response.pk}/vote/")
    client.post(f"/discussions/responses/{response.pk}/unvote/")
    response.refresh_from_db()
    assert response.score == 0 and not Vote.objects.exists()


def test_with_htmx_a_vote_comes_back_as_the_pressed_button_and_new_score(
    client, ana, ben, discussion
):
    response = respond(ana, discussion)
    client.force_login(ben)
    answer = client.post(f"/discussions/responses/{response.pk}/vote/", **HTMX)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.startswith(f'<span class="vote" id="vote-{response.pk}">')
    assert 'aria-pressed="true"' in html and "1 point<" in html
    assert f'formaction="/discussions/responses/{response.pk}/unvote/"' in html


def test_the_thread_shows_the_readers_own_votes_as_pressed(client, ana, ben, discussion):
    voted = respond(ana, discussion, "voted")
    not_voted = respond(ana, discussion, "not voted")
    actions.check_vote(ben, voted)
    client.force_login(ben)
    html = client.get(f"/discussions/{discussion.pk}/").content.decode()
    assert f'formaction="/discussions/responses/{voted.pk}/unvote/"' in html
    assert f'formaction="/discussions/responses/{not_voted.pk}/vote/"' in html


def test_voting_too_fast_answers_429_with_retry_after(client, ana, ben, discussion):
    responses = [respond(ana, discussion, f"r{i}") for i in range(3)]
    client.force_login(ben)
    limit = actions.VOTE_LIMIT
    for i in range(limit.count):
        client.post(f"/discussions/responses/{responses[i % 3].pk}/vote/")
    answer = client.post(f"/discussions/responses/{responses[0].pk}/vote/", **HTMX)
    assert answer.status_code == 429 and int(answer["Retry-After"]) > 0
    assert "Too many votes" in answer.content.decode()


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_a_foreign_next_address_is_ignored(client, ana, ben, discussion, target):
    response = respond(ana, discussion)
    client.force_login(ben)
    answer = client.post(f"/discussions/responses/{response.pk}/vote/", {"next": target})
    assert answer["Location"] == f"/discussions/{discussion.pk}/#r{response.pk}"


def test_a_local_next_address_is_followed(client, ana, ben, discussion):
    response = respond(ana, discussion)
    client.force_login(ben)
    answer = client.post(
        f"/discussions/responses/{response.pk}/vote/",
        {"next": f"/discussions/{discussion.pk}/?sort=new"},
    )
    assert answer["Location"] == f"/discussions/{discussion.pk}/?sort=new#r{response.pk}"


# Every write: POST only, CSRF checked ----------------------------------------------------------


def write_urls(discussion: Discussion, response: Response, article_id: int) -> list[str]:
    return [
        f"/discussions/{discussion.pk}/respond/",
        f"/discussions/{discussion.pk}/vote/",
        f"/discussions/{discussion.pk}/follow/",
        f"/discussions/articles/{article_id}/respond/",
        f"/discussions/responses/{response.pk}/reply/",
        f"/discussions/responses/{response.pk}/edit/",
        f"/discussions/responses/{response.pk}/delete/",
        f"/discussions/responses/{response.pk}/vote/",
        f"/discussions/responses/{response.pk}/unvote/",
        "/discussions/new/",
    ]


def test_every_write_needs_a_csrf_token(ana, ben, discussion, article):
    response = respond(ben, discussion, "ben's words")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ben)
    for url in write_urls(discussion, response, article.pk):
        answer = strict.post(url, {"body": "forged", "title": "forged"})
        assert answer.status_code == 403, url
    assert Response.objects.count() == 1 and not Vote.objects.exists()
    assert Discussion.objects.count() == 1
    response.refresh_from_db()
    assert response.body_markdown == "ben's words" and not response.is_deleted


def test_votes_and_responses_cannot_be_made_with_a_get(client, ana, ben, discussion):
    response = respond(ana, discussion)
    client.force_login(ben)
    for url in (
        f"/discussions/{discussion.pk}/respond/",
        f"/discussions/{discussion.pk}/vote/",
        f"/discussions/{discussion.pk}/follow/",
        f"/discussions/responses/{response.pk}/vote/",
        f"/discussions/responses/{response.pk}/unvote/",
    ):
        assert client.get(url).status_code == 405, url
    assert not Vote.objects.exists()


# Failures ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_response_the_database_refuses_leaves_nothing_half_written(client):
    """The discussion vanishes (a moderator removed it) while the response is being written:
    the foreign key fails at commit, and neither the response, its path, the follow, the
    author's count nor a notification survives."""
    ana = User.objects.create_user("ana", "ana@example.test", "a long passphrase 12")
    ben = User.objects.create_user("ben", "ben@example.test", "a long passphrase 12")
    discussion = actions.do_start_discussion(ana, "Doomed", "")
    stale = Discussion.objects.get(pk=discussion.pk)
    Discussion.objects.filter(pk=discussion.pk).delete()
    approved = User.objects.get(pk=ben.pk).approved_posts
    with pytest.raises(IntegrityError):
        actions.check_respond(ben, stale, "words that must not be half-saved")
    assert not Response.objects.exists()
    assert not Subscription.objects.filter(user=ben).exists()
    assert not Notification.objects.exists()
    assert User.objects.get(pk=ben.pk).approved_posts == approved


def refuse_by_trigger(marker: str) -> None:
    """Make the database refuse the second statement of a response's write (setting its
    path) when the body contains `marker`: the write then fails half-way."""
    if connection.vendor == "postgresql":
        statements = [
            "CREATE FUNCTION test_refuse_path() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.body_markdown LIKE '%%{marker}%%' THEN "
            "RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER test_refuse_path BEFORE UPDATE OF path ON discussions_response "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_path()",
        ]
    else:
        statements = [
            "CREATE TRIGGER test_refuse_path BEFORE UPDATE OF path ON discussions_response "
            f"WHEN NEW.body_markdown LIKE '%{marker}%' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def test_a_write_failing_half_way_posts_nothing_and_the_page_keeps_the_text(
    client, ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "parent")
    refuse_by_trigger("refuse me")
    client.force_login(ben)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/discussions/responses/{parent.pk}/reply/", {"body": "please refuse me, kindly"}
        )
    html = answer.content.decode()
    assert answer.status_code == 503
    assert "could not be saved" in html and "please refuse me, kindly</textarea>" in html
    assert list(Response.objects.all()) == [parent]
    assert not Subscription.objects.filter(user=ben).exists()
    assert not Notification.objects.exists()
    discussion.refresh_from_db()
    assert discussion.response_count == 1
    # The same reply, without the trigger's word, goes through: nothing was left locked.
    answer = client.post(f"/discussions/responses/{parent.pk}/reply/", {"body": "fine"})
    assert answer.status_code == 302 and Response.objects.count() == 2


def test_a_reply_nested_deeper_than_the_limit_is_refused(ben, discussion):
    parent = None
    for i in range(actions.MAX_DEPTH):
        parent = actions.do_respond(ben, discussion, f"level {i}", parent=parent)
    with pytest.raises(actions.Refused, match="reply further up"):
        actions.check_respond(ben, discussion, "one more", parent=parent)
