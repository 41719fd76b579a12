"""Privacy controls: download everything tied to an account as JSON (a bounded number of
queries, however much there is), and delete the account with the reader's choice of what
happens to their responses, all or nothing."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import pre_delete
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.site.conftest import csrf_token
from tests.site.factories import PASSWORD, fill_account, make_reader, respond, start
from tribune.accounts import actions as accounts
from tribune.accounts import roles
from tribune.accounts.models import Block, User
from tribune.discussions import actions as talk
from tribune.discussions.models import Discussion, Response, ResponseRevision, Vote
from tribune.moderation.models import Flag, ModerationAction
from tribune.notifications.models import Notification, Subscription
from tribune.personalization.models import ReaderSettings, ReadMark, Rule, Weight
from tribune.pwa.models import PushSubscription
from tribune.site import actions
from tribune.site.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def mona(db) -> User:
    moderator = make_reader("mona")
    moderator.groups.add(Group.objects.get_or_create(name=roles.MODERATORS)[0])
    return User.objects.get(pk=moderator.pk)


def export(client: Client) -> tuple[object, dict]:
    answer = client.post("/settings/privacy/export/")
    assert answer.status_code == 200, answer.status_code
    body = b"".join(answer.streaming_content).decode()
    return answer, json.loads(body)


# The privacy page ------------------------------------------------------------------------------


def test_the_privacy_page_offers_export_deletion_and_the_cookies_page(signed_in: Client):
    html = signed_in.get("/settings/privacy/").content.decode()
    assert 'action="/settings/privacy/export/"' in html
    assert 'href="/settings/privacy/delete/"' in html
    assert 'href="/cookies/"' in html
    assert 'href="/privacy/"' in html


def test_the_settings_page_links_to_the_privacy_page(signed_in: Client):
    assert 'href="/settings/privacy/"' in signed_in.get("/settings/").content.decode()


@pytest.mark.parametrize(
    "url", ["/settings/privacy/", "/settings/privacy/delete/", "/settings/privacy/export/"]
)
def test_privacy_controls_need_a_login(client: Client, url):
    answer = client.get(url) if not url.endswith("export/") else client.post(url)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/login/")


# Export ---------------------------------------------------------------------------------------


def test_the_export_is_a_private_json_attachment(signed_in: Client):
    answer, data = export(signed_in)
    assert answer["Content-Type"] == "application/json; charset=utf-8"
    assert answer["Content-Disposition"].startswith('attachment; filename="tribune-ana-')
    assert answer["Content-Disposition"].endswith('.json"')
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
    assert data["format"] == "tribune-export"
    assert data["profile"]["username"] == "ana"
    assert data["profile"]["email"] == "ana@example.org"
    assert data["profile"]["terms_version"] == "2026-11-25"


def test_the_export_needs_a_post_with_a_csrf_token(ana: User):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    assert client.get("/settings/privacy/export/").status_code == 405
    assert client.post("/settings/privacy/export/").status_code == 403
    token = csrf_token(client, "/settings/privacy/")
    answer = client.post("/settings/privacy/export/", {"csrfmiddlewaretoken": token})
    assert answer.status_code == 200


def test_the_export_holds_everything_tied_to_the_account(ana: User, ben: User, mona: User):
    fill_account(ana, ben, mona, 2)
    other_side = make_reader("dora")
    accounts.do_block(other_side, ana)  # someone blocking ana is dora's data, not ana's
    client = Client()
    client.force_login(ana)
    _, data = export(client)
    assert len(data["responses"]) == 2
    first = data["responses"][0]
    assert first["body_markdown"].endswith(", edited.")
    assert [v["body_markdown"] for v in first["earlier_versions"]] == [
        first["body_markdown"].removesuffix(", edited.") + "."
    ]
    assert first["url"].startswith("http://127.0.0.1:8000/discussions/responses/")
    assert len(data["discussions"]) == 2 and data["discussions"][0]["title"].startswith("Mine")
    assert len(data["votes"]) == 4
    assert len(data["followed_discussions"]) == 3  # their own two and ben's
    kinds = {(r["verb"], r["kind"]) for r in data["follows_and_mutes"]}
    assert kinds == {
        ("follow", "topic"),
        ("mute", "keyword"),
        ("mute", "source"),
        ("follow", "section"),
    }
    topic_rule = next(r for r in data["follows_and_mutes"] if r["kind"] == "topic")
    assert topic_rule["name"].startswith("Topic ")
    assert len(data["weights"]) == 2 and data["weights"][0]["value"] == pytest.approx(0.7)
    assert len(data["read_marks"]) == 2 and data["read_marks"][0]["article_title"].startswith(
        "Story"
    )
    assert data["reader_settings"]["hide_read"] is True
    assert len(data["notifications"]) == 2  # the moderators' warnings
    assert len(data["blocks"]) == 2  # the ones ana made; dora's block of ana is dora's
    assert all(b["blocked"].startswith("blocked") for b in data["blocks"])
    assert len(data["flags"]) == 2 and data["flags"][0]["reason"] == "spam"
    assert len(data["moderation_record"]) == 2
    assert "mona" not in json.dumps(data)  # moderators stay unnamed
    assert len(data["feedback"]) == 2
    assert len(data["push_subscriptions"]) == 2
    assert "ben@example.org" not in json.dumps(data)  # nobody else's private data


def test_an_empty_account_exports_empty_lists(signed_in: Client):
    _, data = export(signed_in)
    assert data["responses"] == [] and data["read_marks"] == []
    assert data["reader_settings"] is None


def test_the_export_takes_the_same_queries_for_a_little_or_a_lot(ben: User, mona: User):
    few = make_reader("few")
    many = make_reader("many")
    fill_account(few, ben, mona, 1)
    fill_account(many, ben, mona, 12)

    def count(user: User) -> tuple[int, dict]:
        client = Client()
        client.force_login(user)
        client.get("/settings/privacy/")  # warm the caches meant to be warm
        with CaptureQueriesContext(connection) as ctx:
            _, data = export(client)
        return len(ctx.captured_queries), data

    few_queries, _ = count(few)
    many_queries, many_data = count(many)
    assert len(many_data["responses"]) == 12 and len(many_data["read_marks"]) == 12
    assert many_queries == few_queries
    assert few_queries <= 22, few_queries


def test_exports_are_rate_limited(signed_in: Client):
    for _ in range(actions.EXPORTS.count):
        assert signed_in.post("/settings/privacy/export/").status_code == 200
    answer = signed_in.post("/settings/privacy/export/")
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0


def test_every_model_tied_to_an_account_is_in_the_export_or_deliberately_not():
    """A new model with a foreign key to User must be added to the export (or here, with the
    reason it is left out)."""
    from django.apps import apps

    exported = {
        "accounts.Block",  # the blocks the reader made
        "discussions.Discussion",
        "discussions.Response",
        "discussions.Vote",
        "notifications.Notification",
        "notifications.Subscription",
        "moderation.Flag",
        "moderation.ModerationAction",
        "personalization.Rule",
        "personalization.Weight",
        "personalization.ReadMark",
        "personalization.ReaderSettings",
        "pwa.PushSubscription",
        "site_pages.Feedback",
    }
    not_exported = {
        "admin.LogEntry",  # the admin's own audit log of staff actions
        "site_pages.Page",  # who last edited a site page: the site's record, not the reader's
        "site_pages.PageRevision",
    }
    tied = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is User
    }
    assert tied - exported - not_exported == set()


# Deletion ---------------------------------------------------------------------------------------


def delete(client: Client, *, responses: str = "remove", password: str = PASSWORD, confirm=True):
    data = {"responses": responses, "password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post("/settings/privacy/delete/", data)


def test_deleting_and_removing_responses(signed_in: Client, ana: User, ben: User, mona: User):
    fill_account(ana, ben, mona, 2)
    theirs = Discussion.objects.get(author=ben)
    mine_answered = Discussion.objects.filter(author=ana).first()
    mine_alone = start(ana, "Nobody answered", "Quiet.")
    own_reply_in_mine = respond(ana, mine_alone, "Talking to myself.")
    answer = delete(signed_in, responses="remove")
    assert answer.status_code == 302
    assert answer["Location"] == "/goodbye/"
    assert not User.objects.filter(username="ana").exists()
    # Responses: placeholders that keep replies in place, without text, author or history.
    mine = Response.objects.filter(discussion=theirs, author__isnull=True)
    assert mine.count() == 2
    assert set(mine.values_list("body_markdown", "body_html")) == {("", "")}
    assert all(r.deleted_at for r in mine)
    assert not ResponseRevision.objects.filter(response__in=mine).exists()
    # Their discussion that others answered stays as a thread with no title or text.
    mine_answered.refresh_from_db()
    assert (mine_answered.title, mine_answered.body_markdown, mine_answered.author) == (
        "[deleted]",
        "",
        None,
    )
    assert Response.objects.filter(discussion=mine_answered, author=ben).exists()
    # The one nobody else answered goes entirely, with its responses.
    assert not Discussion.objects.filter(pk=mine_alone.pk).exists()
    assert not Response.objects.filter(pk=own_reply_in_mine.pk).exists()
    assert not Feedback.objects.exists()
    assert signed_in.get("/goodbye/").status_code == 200
    assert "Your account is deleted" in signed_in.get("/goodbye/").content.decode()


def test_deleting_and_keeping_responses_anonymized(
    signed_in: Client, ana: User, ben: User, mona: User
):
    fill_account(ana, ben, mona, 2)
    theirs = Discussion.objects.get(author=ben)
    response = Response.objects.filter(author=ana).first()
    text = response.body_markdown
    assert delete(signed_in, responses="keep").status_code == 302
    response.refresh_from_db()
    assert (response.author, response.body_markdown, response.deleted_at) == (None, text, None)
    assert not ResponseRevision.objects.filter(response=response).exists()
    assert Discussion.objects.filter(author__isnull=True, title__startswith="Mine").count() == 2
    page = Client().get(theirs.get_absolute_url()).content.decode()
    assert "[deleted account]" in page
    assert text in page
    assert set(Feedback.objects.values_list("user", "email")) == {(None, "")}


def test_everything_else_tied_to_the_account_goes(
    signed_in: Client, ana: User, ben: User, mona: User
):
    fill_account(ana, ben, mona, 2)
    accounts.do_block(ben, ana)
    pk = ana.pk
    assert delete(signed_in, responses="keep").status_code == 302
    for model, field in [
        (Vote, "user_id"),
        (Subscription, "user_id"),
        (Notification, "recipient_id"),
        (Rule, "user_id"),
        (Weight, "user_id"),
        (ReadMark, "user_id"),
        (ReaderSettings, "user_id"),
        (Flag, "reporter_id"),
        (PushSubscription, "user_id"),
        (Block, "blocker_id"),
        (Block, "blocked_id"),
        (ModerationAction, "target_user_id"),
    ]:
        assert not model.objects.filter(**{field: pk}).exists(), model
    # The moderation log keeps its entries, no longer linked to anyone.
    assert ModerationAction.objects.filter(kind="warn", target_user__isnull=True).count() == 2


def test_votes_come_off_the_scores(signed_in: Client, ana: User, ben: User):
    discussion = start(ben, "Ferry", "Worth it?")
    liked = respond(ben, discussion, "Yes.")
    cleo = make_reader("cleo")
    talk.do_vote(ana, liked)
    talk.do_vote(cleo, liked)
    talk.check_vote_discussion(ana, discussion)
    assert Response.objects.get(pk=liked.pk).score == 2
    delete(signed_in)
    assert Response.objects.get(pk=liked.pk).score == 1
    assert Discussion.objects.get(pk=discussion.pk).score == 0
    assert Vote.objects.filter(response=liked).count() == 1


def test_discussion_counts_stay_right(signed_in: Client, ana: User, ben: User):
    discussion = start(ben, "Ferry", "Worth it?")
    parent = respond(ana, discussion, "I think so.")
    respond(ben, discussion, "Why?", parent=parent)
    assert Discussion.objects.get(pk=discussion.pk).response_count == 2
    delete(signed_in, responses="remove")
    discussion.refresh_from_db()
    # As when a reader deletes one response: the placeholder keeps its place and its count.
    shown = Response.objects.filter(discussion=discussion).count()
    assert discussion.response_count == shown == 2
    page = Client().get(discussion.get_absolute_url()).content.decode()
    assert "[deleted]" in page and "Why?" in page and "I think so." not in page


def test_the_username_and_address_are_free_again(signed_in: Client, ana: User):
    delete(signed_in)
    again = Client()
    answer = again.post(
        "/signup/",
        {
            "username": "ana",
            "email": "ana@example.org",
            "password": "another long phrase 9",
            "accept_terms": "on",
        },
    )
    assert answer.status_code == 302
    newcomer = User.objects.get(username="ana")
    assert newcomer.pk != ana.pk
    assert not Response.objects.filter(author=newcomer).exists()


def test_the_reader_is_logged_out(signed_in: Client):
    delete(signed_in)
    assert signed_in.get("/settings/").status_code == 302
    assert "_auth_user_id" not in signed_in.session


def test_a_wrong_password_deletes_nothing(signed_in: Client, ana: User):
    answer = delete(signed_in, password="not it")
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "That password is not right." in html
    assert 'aria-describedby="id_password_helptext id_password_error"' in html
    assert User.objects.filter(pk=ana.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"password": PASSWORD, "confirm": "on"},  # no choice made
        {"password": PASSWORD, "confirm": "on", "responses": "both"},
        {"password": PASSWORD, "responses": "remove"},  # not confirmed
        {"confirm": "on", "responses": "remove"},  # no password
        {},
    ],
)
def test_malformed_deletion_posts_delete_nothing(signed_in: Client, ana: User, data):
    answer = signed_in.post("/settings/privacy/delete/", data)
    assert answer.status_code == 400
    assert User.objects.filter(pk=ana.pk).exists()


def test_deletion_needs_a_csrf_token(ana: User):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    assert delete(client).status_code == 403
    token = csrf_token(client, "/settings/privacy/delete/")
    answer = client.post(
        "/settings/privacy/delete/",
        {"responses": "keep", "password": PASSWORD, "confirm": "on", "csrfmiddlewaretoken": token},
    )
    assert answer.status_code == 302
    assert not User.objects.filter(pk=ana.pk).exists()


def test_password_guessing_on_the_deletion_form_is_locked_out(signed_in: Client, ana: User):
    for _ in range(accounts.DELETE_FAILURES.count):
        assert delete(signed_in, password="guess").status_code == 400
    assert delete(signed_in, password="guess").status_code == 429
    locked = delete(signed_in)  # even the right password waits now
    assert locked.status_code == 429
    assert User.objects.filter(pk=ana.pk).exists()


def test_the_only_administrator_cannot_delete_themselves(client: Client):
    root = make_reader("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    answer = delete(client)
    assert answer.status_code == 400
    assert "only administrator" in answer.content.decode()
    assert User.objects.filter(pk=root.pk).exists()
    make_reader("second", is_superuser=True, is_staff=True)
    assert delete(client).status_code == 302


def test_a_failure_half_way_deletes_nothing(signed_in: Client, ana: User, ben: User, mona: User):
    fill_account(ana, ben, mona, 2)
    liked = Response.objects.filter(author=ben).first()
    score = liked.score
    before = {
        "responses": list(Response.objects.filter(author=ana).values_list("pk", "body_markdown")),
        "revisions": ResponseRevision.objects.count(),
        "discussions": list(Discussion.objects.filter(author=ana).values_list("pk", "title")),
        "votes": Vote.objects.filter(user=ana).count(),
        "feedback": Feedback.objects.filter(user=ana).count(),
    }

    def fail(sender, instance, **kwargs):  # the last step, after every other write
        raise RuntimeError("disk full")

    pre_delete.connect(fail, sender=User, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            accounts.do_delete_account(ana, keep_responses=False)
    finally:
        pre_delete.disconnect(dispatch_uid="test-fail", sender=User)
    assert User.objects.filter(pk=ana.pk).exists()
    after = {
        "responses": list(Response.objects.filter(author=ana).values_list("pk", "body_markdown")),
        "revisions": ResponseRevision.objects.count(),
        "discussions": list(Discussion.objects.filter(author=ana).values_list("pk", "title")),
        "votes": Vote.objects.filter(user=ana).count(),
        "feedback": Feedback.objects.filter(user=ana).count(),
    }
    assert after == before
    assert Response.objects.get(pk=liked.pk).score == score


def test_the_deletion_page_explains_the_choice(signed_in: Client):
    html = signed_in.get("/settings/privacy/delete/").content.decode()
    assert "<legend>What should happen to your responses and discussions?</legend>" in html
    assert 'value="remove"' in html and 'value="keep"' in html
    assert 'autocomplete="current-password"' in html
    assert "style=" not in html
