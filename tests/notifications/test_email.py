"""Email for replies and mentions, through a real SMTP server on loopback: sent after the
post commits, only to readers who want it, with a one-click unsubscribe; a broken mail
server never breaks a post, and what it refused is sent later."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client

from tests.notifications.conftest import Inbox, free_port, make_user, respond
from tribune.accounts.models import User
from tribune.discussions import actions as posting
from tribune.discussions.models import Response
from tribune.notifications import emails
from tribune.notifications.models import Notification

pytestmark = pytest.mark.django_db


def reply_to(parent: Response, by: User, text: str, capture) -> Response:
    with capture(execute=True):
        return posting.check_respond(by, parent.discussion, text, parent=parent)


def test_a_reply_is_emailed_after_the_post_commits(
    smtp: Inbox, ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "first")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        reply = posting.check_respond(
            ben, discussion, "I disagree, and here is why.", parent=parent
        )
    assert smtp.messages == []  # nothing leaves before the commit
    with django_capture_on_commit_callbacks(execute=True):  # now the post's commit happens
        for callback in pending:
            callback()
    [message] = smtp.messages
    assert message["To"] == "ana@example.test"
    assert message["Subject"].strip() == "Ben Okafor replied to you in “Is the ferry worth it?”"
    text = message.get_content()
    assert "I disagree, and here is why." in text
    assert f"https://news.example.test{reply.get_absolute_url()}" in text
    unsubscribe = re.search(r"Stop these emails: (\S+)", text).group(1)
    assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
    notice = Notification.objects.get(recipient=ana)
    assert notice.emailed_at is not None and not notice.email_due


def test_a_mention_is_emailed(
    smtp: Inbox, ana, ben, cleo, discussion, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posting.check_respond(ben, discussion, "Over to you, @cleo.")
    [message] = smtp.messages
    assert message["To"] == "cleo@example.test"
    assert message["Subject"].strip().startswith("Ben Okafor mentioned you")


def test_a_mention_in_a_new_discussion_is_emailed(
    smtp: Inbox, ana, ben, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posting.check_start_discussion(ana, "Harbour wall", "What does @ben think?")
    [message] = smtp.messages
    assert message["To"] == "ben@example.test"
    assert "What does @ben think?" in message.get_content()


def test_readers_who_turned_email_off_get_none(
    smtp: Inbox, ana, ben, cleo, discussion, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=ana.pk).update(email_on_reply=False)
    User.objects.filter(pk=cleo.pk).update(email_on_mention=False)
    parent = respond(ana, discussion, "first")
    reply_to(parent, ben, "a reply mentioning @cleo", django_capture_on_commit_callbacks)
    assert smtp.messages == []
    # They are still notified on the site.
    assert Notification.objects.filter(recipient__in=[ana, cleo]).count() == 2


def test_activity_in_followed_discussions_is_not_emailed(
    smtp: Inbox, ana, ben, discussion, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posting.check_respond(ben, discussion, "new activity")
    assert Notification.objects.get(recipient=ana).kind == Notification.Kind.ACTIVITY
    assert smtp.messages == []


def test_a_reader_without_an_address_is_skipped(
    smtp: Inbox, ana, ben, discussion, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=ana.pk).update(email="")
    parent = respond(ana, discussion, "first")
    reply_to(parent, ben, "reply", django_capture_on_commit_callbacks)
    assert smtp.messages == []


def test_a_notice_read_before_the_sender_ran_is_not_emailed(smtp: Inbox, ana, ben, discussion):
    parent = respond(ana, discussion, "first")
    reply = respond(ben, discussion, "reply", parent=parent)  # no commit callbacks: still due
    from tribune.notifications.actions import do_mark_read, do_notify_response

    do_notify_response(reply, ())
    do_mark_read(ana)
    assert emails.send_pending_emails() == 0
    assert smtp.messages == []


def test_each_notice_is_emailed_once_however_often_the_sender_runs(
    smtp: Inbox, ana, ben, discussion
):
    from tribune.notifications.actions import do_notify_response

    parent = respond(ana, discussion, "first")
    do_notify_response(respond(ben, discussion, "reply", parent=parent), ())
    assert emails.send_pending_emails() == 1
    assert emails.send_pending_emails() == 0
    assert len(smtp.messages) == 1


def test_a_mail_server_that_is_down_does_not_break_the_post_and_the_mail_waits(
    settings, ana, ben, discussion, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    parent = respond(ana, discussion, "first")
    with caplog.at_level(logging.WARNING, logger="tribune.notifications"):
        reply = reply_to(parent, ben, "a reply", django_capture_on_commit_callbacks)
    assert Response.objects.filter(pk=reply.pk).exists()
    notice = Notification.objects.get(recipient=ana)
    assert notice.email_due and notice.email_attempts == 1 and notice.emailed_at is None
    assert "Mail server unreachable" in caplog.text


def test_mail_the_server_refused_is_sent_by_a_later_run_and_given_up_after_three_tries(
    smtp: Inbox, ana, ben, discussion, django_capture_on_commit_callbacks, caplog
):
    smtp.answer = "554 Not today"
    parent = respond(ana, discussion, "first")
    with caplog.at_level(logging.WARNING, logger="tribune.notifications"):
        reply_to(parent, ben, "a reply", django_capture_on_commit_callbacks)
    assert "not emailed" in caplog.text
    smtp.answer = "250 OK"
    assert emails.send_pending_emails() == 1  # the worker's sweep
    assert len(smtp.messages) == 1
    # A notice that keeps failing stops being tried.
    smtp.answer = "554 Not today"
    reply_to(parent, ben, "another", django_capture_on_commit_callbacks)
    emails.send_pending_emails()
    emails.send_pending_emails()
    notice = Notification.objects.filter(recipient=ana).latest("created_at")
    assert (notice.email_attempts, notice.email_due) == (3, False)
    assert emails.send_pending_emails() == 0


def test_subject_lines_carry_no_line_breaks_from_names_or_titles(smtp: Inbox, ana, discussion):
    from tribune.notifications.actions import do_notify_response

    sneaky = make_user("sneaky", display_name="Eve\r\nBcc: victim@example.test")
    parent = respond(ana, discussion, "first")
    do_notify_response(respond(sneaky, discussion, "hi", parent=parent), ())
    assert emails.send_pending_emails() == 1
    [message] = smtp.messages
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]


# Unsubscribing -------------------------------------------------------------------------------


def unsubscribe_path(user: User, kind: str) -> str:
    return f"/notifications/unsubscribe/{emails.unsubscribe_token(user.pk, kind)}/"


def test_the_unsubscribe_link_asks_first_and_changes_nothing_on_get(client, ana):
    answer = client.get(unsubscribe_path(ana, "reply"))
    assert answer.status_code == 200
    assert b"Stop emails about replies?" in answer.content
    ana.refresh_from_db()
    assert ana.email_on_reply


def test_confirming_stops_only_that_kind_of_email(client, ana):
    answer = client.post(unsubscribe_path(ana, "reply"))
    assert answer.status_code == 200
    ana.refresh_from_db()
    assert (ana.email_on_reply, ana.email_on_mention) == (False, True)
    client.post(unsubscribe_path(ana, "mention"))
    ana.refresh_from_db()
    assert ana.email_on_mention is False


def test_a_mail_clients_one_click_unsubscribe_works_without_cookies(ana):
    client = Client(enforce_csrf_checks=True)  # mail providers post with no session, no token
    answer = client.post(unsubscribe_path(ana, "mention"), {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    ana.refresh_from_db()
    assert ana.email_on_mention is False


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJrIjoicmVwbHkifQ:forged"])
def test_a_forged_or_broken_token_does_nothing(client, ana, token):
    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 404
    assert client.get(f"/notifications/unsubscribe/{token}/").status_code == 404
    ana.refresh_from_db()
    assert ana.email_on_reply and ana.email_on_mention


def test_a_token_signed_for_something_else_is_refused(client, ana):
    from django.core import signing

    other = signing.dumps({"u": ana.pk, "k": "reply"}, salt="some.other.purpose")
    assert client.post(f"/notifications/unsubscribe/{other}/").status_code == 404
    ana.refresh_from_db()
    assert ana.email_on_reply


def test_the_link_in_a_real_email_unsubscribes(
    smtp: Inbox, client, ana, ben, discussion, django_capture_on_commit_callbacks
):
    parent = respond(ana, discussion, "first")
    reply_to(parent, ben, "reply", django_capture_on_commit_callbacks)
    link = smtp.messages[0]["List-Unsubscribe"].strip().strip("<>")
    path = link.removeprefix("https://news.example.test")
    assert client.post(path).status_code == 200
    ana.refresh_from_db()
    assert ana.email_on_reply is False
