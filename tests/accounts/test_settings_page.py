import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.conftest import csrf_client, csrf_token, make_user
from tribune.accounts import actions
from tribune.accounts.models import User

pytestmark = pytest.mark.django_db


def settings_data(**overrides):
    return {
        "display_name": "Ana Lima",
        "bio": "Reads the harbour news.\nWrites back.",
        "email_on_reply": "on",
        "email_on_mention": "",
        **overrides,
    }


def test_a_reader_changes_display_name_bio_and_email_preferences(client):
    user = make_user("ana")
    client.force_login(user)
    response = client.post("/settings/", settings_data())
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Ana Lima"
    assert user.bio == "Reads the harbour news.\nWrites back."
    assert user.email_on_reply is True
    assert user.email_on_mention is False
    page = client.get("/settings/").content.decode()
    assert "Your settings are saved." in page
    assert 'value="Ana Lima"' in page


def test_settings_with_errors_keep_what_was_typed(client):
    client.force_login(make_user("ana"))
    response = client.post("/settings/", settings_data(display_name="x" * 81, bio="My new bio"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "x" * 81 in page
    assert "My new bio" in page
    assert User.objects.get(username="ana").bio == ""


def test_invisible_and_direction_changing_characters_leave_display_names():
    user = make_user("ana")
    actions.check_update_settings(
        user, actions.ProfileSettings("  Ana\u202e  Lima\u200b\n", "", True, True)
    )
    assert User.objects.get(pk=user.pk).display_name == "Ana Lima"


def test_settings_need_an_account(client):
    response = client.post("/settings/", settings_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_settings_posts_require_the_csrf_token():
    client = csrf_client()
    user = make_user("ana")
    client.force_login(user)
    assert client.post("/settings/", settings_data()).status_code == 403
    assert User.objects.get(pk=user.pk).display_name == ""
    token = csrf_token(client, "/settings/")
    assert client.post("/settings/", settings_data(csrfmiddlewaretoken=token)).status_code == 302
    assert User.objects.get(pk=user.pk).display_name == "Ana Lima"


def test_email_change_posts_require_the_csrf_token(mailoutbox):
    client = csrf_client()
    client.force_login(make_user("ana"))
    response = client.post("/settings/email/", {"email": "a@new.example", "password": "x"})
    assert response.status_code == 403
    assert mailoutbox == []


def test_the_settings_page_lists_blocked_readers_in_a_constant_number_of_queries(client):
    user = make_user("ana")
    client.force_login(user)

    def count() -> int:
        client.get("/settings/")  # warm the caches meant to be warm
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/settings/")
        assert page.status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        actions.do_block(user, make_user(f"few{i}"))
    few = count()
    for i in range(12):
        actions.do_block(user, make_user(f"many{i}"))
    page = client.get("/settings/").content.decode()
    assert "many11" in page
    assert count() == few


def test_a_reader_changes_their_password_and_stays_logged_in(client):
    user = make_user("ana")
    client.force_login(user)
    response = client.post(
        "/settings/password/",
        {
            "old_password": "a long and quiet harbour",
            "new_password1": "a brand new tide table",
            "new_password2": "a brand new tide table",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("a brand new tide table")
    assert client.get("/settings/").status_code == 200
