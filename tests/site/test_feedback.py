"""The feedback form: open to everyone, stored for the admins and emailed to them when an
address is configured; guarded by a honeypot, rate limits and a duplicate check; never a way
to send a reader off the site."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.test import Client

from tests.accounts.conftest import SMTPServer
from tests.site.conftest import csrf_token, use_smtp
from tribune import config
from tribune.accounts.models import User
from tribune.site import actions
from tribune.site.models import Feedback

pytestmark = pytest.mark.django_db


def send(client: Client, **fields: str):
    data = {"category": "bug", "message": "The search box does nothing.", "email": "", "page": ""}
    data.update(fields)
    return client.post("/feedback/", data, headers={"User-Agent": "TestBrowser/1.0"})


def test_a_visitor_sends_feedback_and_sees_a_confirmation(client: Client):
    answer = send(client, page="/latest/", email="reader@example.org")
    assert answer.status_code == 302
    assert answer["Location"] == "/feedback/sent/?from=/latest/"
    [feedback] = Feedback.objects.all()
    assert (feedback.category, feedback.message, feedback.email, feedback.page) == (
        "bug",
        "The search box does nothing.",
        "reader@example.org",
        "/latest/",
    )
    assert feedback.user is None
    assert feedback.status == Feedback.Status.NEW
    assert feedback.user_agent == "TestBrowser/1.0"
    page = client.get(answer["Location"]).content.decode()
    assert "Thank you" in page
    assert 'href="/latest/">Back to the page you were on' in page


def test_a_signed_in_reader_s_feedback_names_their_account(signed_in: Client, ana: User):
    send(signed_in)
    assert Feedback.objects.get().user == ana


def test_the_form_is_prefilled_with_the_page_it_came_from(client: Client):
    page = client.get("/feedback/", {"from": "/sources/?x=1"}).content.decode()
    assert 'name="page" value="/sources/?x=1"' in page
    page = client.get("/feedback/", headers={"Referer": "http://testserver/latest/"}).content
    assert b'name="page" value="/latest/"' in page


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "/path\r\nSet-Cookie: x=1",
        "/" + "a" * 2000,
        "/feedback/",
    ],
)
def test_a_from_that_leaves_the_site_is_dropped(client: Client, hostile: str):
    page = client.get("/feedback/", {"from": hostile}).content.decode()
    assert 'name="page" value=""' in page
    answer = send(client, page=hostile, message=f"About {len(hostile)}")
    assert answer["Location"] == "/feedback/sent/"
    assert Feedback.objects.get().page == ""
    thanks = client.get("/feedback/sent/", {"from": hostile}).content.decode()
    assert "Back to the page you were on" not in thanks


def test_a_referer_from_another_site_is_ignored(client: Client):
    page = client.get("/feedback/", headers={"Referer": "https://evil.example/latest/"}).content
    assert b'name="page" value=""' in page


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"category": ""}, "Choose what your message is about."),
        ({"category": "complaint"}, "Select a valid choice"),
        ({"message": "   "}, "Write a message first."),
        ({"message": "x" * 5001}, "at most 5000 characters"),
        ({"email": "not an address"}, "valid email address"),
        ({"email": "a@example.org\r\nBcc: victim@example.org"}, "valid email address"),
        ({"message": "null\x00byte"}, "Null characters are not allowed"),
    ],
)
def test_malformed_feedback_is_refused_and_nothing_is_stored(client: Client, fields, error):
    answer = send(client, **fields)
    assert answer.status_code == 400
    assert error in answer.content.decode()
    assert Feedback.objects.count() == 0


def test_errors_are_tied_to_their_fields(client: Client):
    html = send(client, category="", message="").content.decode()
    assert 'aria-describedby="id_message_helptext id_message_error"' in html
    assert (
        '<fieldset class="field field-choices field-invalid" aria-describedby="id_category_error">'
        in html
    )
    assert 'id="id_category_error"' in html


def test_a_huge_post_is_refused_before_it_is_read(client: Client):
    answer = send(client, message="x" * 3_000_000)
    assert answer.status_code == 400
    assert Feedback.objects.count() == 0


def test_a_message_of_exactly_the_limit_is_kept(client: Client):
    send(client, message="y" * 5000)
    assert len(Feedback.objects.get().message) == 5000


def test_a_bot_that_fills_the_honeypot_sees_success_and_nothing_is_stored(
    client: Client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_EMAIL = ["ops@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = send(client, website="http://spam.example/")
    assert answer.status_code == 302
    assert answer["Location"] == "/feedback/sent/"
    assert Feedback.objects.count() == 0
    assert mailoutbox == []


def test_the_honeypot_is_hidden_by_a_class_not_an_inline_style(client: Client):
    html = client.get("/feedback/").content.decode()
    assert '<div class="site-hp" aria-hidden="true">' in html
    assert "style=" not in html
    assert 'tabindex="-1"' in html


def test_a_double_submit_stores_one_message(client: Client):
    first = send(client)
    second = send(client)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Feedback.objects.count() == 1
    send(client, message="Something different.")
    assert Feedback.objects.count() == 2


def test_feedback_is_rate_limited_per_address(client: Client):
    for i in range(actions.FEEDBACK_IP.count):
        assert send(client, message=f"Message {i}").status_code == 302
    answer = send(client, message="One too many")
    assert answer.status_code == 429
    assert int(answer["Retry-After"]) > 0
    assert Feedback.objects.count() == actions.FEEDBACK_IP.count
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert send(other, message="From elsewhere").status_code == 302


def test_feedback_is_rate_limited_per_account_from_any_address(ana: User):
    for i in range(actions.FEEDBACK_USER.count):
        roaming = Client(REMOTE_ADDR=f"198.51.100.{i + 1}")
        roaming.force_login(ana)
        assert send(roaming, message=f"Message {i}").status_code == 302
    last = Client(REMOTE_ADDR="203.0.113.9")
    last.force_login(ana)
    assert send(last, message="One too many").status_code == 429


def test_honeypot_posts_count_against_the_address(client: Client):
    for _ in range(actions.FEEDBACK_IP.count):
        send(client, website="x")
    assert send(client, message="A real one").status_code == 429


def test_posting_feedback_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/feedback/", {"category": "bug", "message": "x"}).status_code == 403
    token = csrf_token(client, "/feedback/")
    answer = client.post(
        "/feedback/", {"category": "bug", "message": "x", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
    assert Feedback.objects.count() == 1


def test_a_long_user_agent_is_shortened(client: Client):
    client.post(
        "/feedback/",
        {"category": "idea", "message": "Dark mode"},
        headers={"User-Agent": "Agent\x07/" + "z" * 500},
    )
    agent = Feedback.objects.get().user_agent
    assert len(agent) == 200 and agent.startswith("Agent /")


def test_feedback_is_emailed_to_the_operators_through_smtp(
    client: Client, settings, smtp_server: SMTPServer, ana: User, django_capture_on_commit_callbacks
):
    use_smtp(settings, smtp_server)
    settings.FEEDBACK_EMAIL = ["ops@example.org", "editor@example.org"]
    client.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        send(
            client,
            category="idea",
            message="Please add\na dark mode.",
            email="ana@home.example",
            page="/latest/",
        )
    assert django_mail.outbox == []  # it really left through SMTP
    assert smtp_server.inbox.envelopes == [
        ("tribune@news.test", ["ops@example.org", "editor@example.org"])
    ]
    [message] = smtp_server.inbox.messages
    assert message["Subject"] == "[Tribune] Feedback: An idea: Please add a dark mode."
    assert message["Reply-To"] == "ana@home.example"
    body = message.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert "Please add\na dark mode." in body
    assert "From: ana (http://127.0.0.1:8000/u/ana/)" in body
    assert "Page: http://127.0.0.1:8000/latest/" in body
    feedback = Feedback.objects.get()
    assert f"/admin/site_pages/feedback/{feedback.pk}/change/" in body


def test_nothing_is_emailed_before_the_feedback_is_committed(
    client: Client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.FEEDBACK_EMAIL = ["ops@example.org"]
    with django_capture_on_commit_callbacks(execute=False) as pending:
        send(client)
    assert mailoutbox == []
    for callback in pending:
        callback()
    [message] = mailoutbox
    assert message.to == ["ops@example.org"]
    assert message.reply_to == []


def test_without_an_address_configured_nothing_is_emailed(
    client: Client, settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    settings.FEEDBACK_EMAIL = []
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    assert mailoutbox == []
    assert Feedback.objects.count() == 1


def test_the_environment_variable_names_the_addresses(monkeypatch):
    monkeypatch.setenv("TRIBUNE_FEEDBACK_EMAIL", "ops@example.org, ,boss@example.org")
    assert config.listing("TRIBUNE_FEEDBACK_EMAIL") == ["ops@example.org", "boss@example.org"]


def test_a_mail_server_that_is_down_does_not_lose_the_feedback(
    client: Client, settings, django_capture_on_commit_callbacks, caplog
):
    use_smtp(settings, SMTPServer("127.0.0.1", 9, None))  # nothing listens on port 9
    settings.FEEDBACK_EMAIL = ["ops@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        answer = send(client)
    assert answer.status_code == 302
    assert Feedback.objects.count() == 1
    assert "not emailed" in caplog.text
    assert "ops@example.org" not in caplog.text


def test_admins_list_feedback_by_status_and_change_it(client: Client):
    admin = User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client.force_login(admin)
    for i in range(3):
        actions.do_send_feedback(actions.FeedbackDraft("bug", f"Broken {i}", "", "", ""), None)
    first, second, third = Feedback.objects.order_by("pk")
    listing = client.get("/admin/site_pages/feedback/", {"status__exact": "new"})
    assert listing.status_code == 200
    assert "Broken 2" in listing.content.decode()
    answer = client.post(
        "/admin/site_pages/feedback/",
        {"action": "mark_answered", "_selected_action": [first.pk, second.pk]},
    )
    assert answer.status_code == 302
    assert list(Feedback.objects.order_by("pk").values_list("status", flat=True)) == [
        "answered",
        "answered",
        "new",
    ]
    shown = client.get("/admin/site_pages/feedback/", {"status__exact": "new"}).content.decode()
    assert "Broken 2" in shown and "Broken 0" not in shown
    change = client.post(
        f"/admin/site_pages/feedback/{third.pk}/change/",
        {"status": "closed", "message": "tampered"},
    )
    assert change.status_code == 302
    third.refresh_from_db()
    assert (third.status, third.message) == ("closed", "Broken 2")
    assert client.get("/admin/site_pages/feedback/add/").status_code == 403


def test_the_admin_list_takes_the_same_queries_for_few_or_many(
    client: Client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client.force_login(admin)

    def count() -> int:
        client.get("/admin/site_pages/feedback/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/admin/site_pages/feedback/").status_code == 200
        return len(ctx.captured_queries)

    reader = User.objects.create_user("someone", "s@example.org", "a long password 2")
    actions.do_send_feedback(actions.FeedbackDraft("bug", "One", "", "", ""), reader)
    few = count()
    for i in range(20):
        author = User.objects.create_user(f"r{i}", f"r{i}@example.org", "a long password 2")
        actions.do_send_feedback(actions.FeedbackDraft("idea", f"Idea {i}", "", "", ""), author)
    assert count() == few
