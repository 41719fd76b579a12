import subprocess
import sys

import pytest

from tests.accounts.conftest import PASSWORD, csrf_client, csrf_token, make_user

pytestmark = pytest.mark.django_db


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_reader_logs_in_with_their_username(client):
    make_user("ana")
    response = client.post("/login/", {"identifier": "ana", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in(client)


def test_a_reader_logs_in_with_their_email_address_in_any_case(client):
    make_user("ana", email="ana@example.org")
    response = client.post("/login/", {"identifier": "ANA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(client)


def test_a_wrong_password_says_nothing_about_which_part_was_wrong_and_keeps_the_name(client):
    make_user("ana")
    wrong_password = client.post("/login/", {"identifier": "ana", "password": "nope nope nope"})
    unknown_name = client.post("/login/", {"identifier": "nobody", "password": "nope nope nope"})
    for response in (wrong_password, unknown_name):
        assert response.status_code == 400
        assert "do not match" in response.content.decode()
        assert 'value="nope nope nope"' not in response.content.decode()
    assert 'value="ana"' in wrong_password.content.decode()
    assert not logged_in(client)


def test_a_closed_account_cannot_log_in(client):
    make_user("ana", is_active=False)
    response = client.post("/login/", {"identifier": "ana", "password": PASSWORD})
    assert response.status_code == 400
    assert not logged_in(client)


def test_five_failures_lock_the_account_with_429_and_retry_after_even_for_the_right_password(
    client,
):
    make_user("ana")
    for _ in range(4):
        assert client.post("/login/", {"identifier": "ana", "password": "guess"}).status_code == 400
    fifth = client.post("/login/", {"identifier": "ana", "password": "guess"})
    assert fifth.status_code == 429
    assert 0 < int(fifth["Retry-After"]) <= 900
    right = client.post("/login/", {"identifier": "ana", "password": PASSWORD})
    assert right.status_code == 429
    assert "Retry-After" in right
    # The lock is on the account, from any address and by its email address too.
    elsewhere = client.post(
        "/login/", {"identifier": "ana@example.org", "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert elsewhere.status_code == 429
    assert not logged_in(client)


def test_other_accounts_still_log_in_while_one_is_locked(client):
    make_user("ana")
    make_user("bea")
    for _ in range(5):
        client.post("/login/", {"identifier": "ana", "password": "guess"})
    response = client.post("/login/", {"identifier": "bea", "password": PASSWORD})
    assert response.status_code == 302


def test_one_address_trying_many_names_is_locked_out(client):
    make_user("ana")
    for i in range(19):
        response = client.post("/login/", {"identifier": f"name{i}", "password": "guess"})
        assert response.status_code == 400
    response = client.post("/login/", {"identifier": "name19", "password": "guess"})
    assert response.status_code == 429
    assert client.post("/login/", {"identifier": "ana", "password": PASSWORD}).status_code == 429
    other = client.__class__()
    ok = other.post("/login/", {"identifier": "ana", "password": PASSWORD}, REMOTE_ADDR="10.2.2.2")
    assert ok.status_code == 302


def test_log_in_requires_the_csrf_token():
    make_user("ana")
    client = csrf_client()
    assert client.post("/login/", {"identifier": "ana", "password": PASSWORD}).status_code == 403
    token = csrf_token(client, "/login/")
    response = client.post(
        "/login/", {"identifier": "ana", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_logging_in_gives_a_new_session_key(client):
    make_user("ana")
    client.get("/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/login/", {"identifier": "ana", "password": PASSWORD})
    assert client.session.session_key != before


@pytest.mark.parametrize("next_url", ["/latest/", "/u/ana/?tab=discussions"])
def test_log_in_returns_to_the_page_the_reader_came_from(client, next_url):
    make_user("ana")
    page = client.get("/login/", {"next": next_url}).content.decode()
    assert 'name="next"' in page
    response = client.post("/login/", {"identifier": "ana", "password": PASSWORD, "next": next_url})
    assert response["Location"] == next_url


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
        " //evil.example",
    ],
)
def test_log_in_refuses_to_redirect_to_another_site(client, evil):
    make_user("ana")
    page = client.get("/login/", {"next": evil}).content.decode()
    assert "evil.example" not in page and "javascript:" not in page
    response = client.post("/login/", {"identifier": "ana", "password": PASSWORD, "next": evil})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_pages_that_need_an_account_send_readers_to_log_in_and_back(client):
    response = client.get("/settings/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/settings/"


def test_log_out_is_a_post_and_get_only_asks(client):
    client.force_login(make_user("ana"))
    page = client.get("/logout/")
    assert page.status_code == 200
    assert logged_in(client)
    response = client.post("/logout/", {"next": "/latest/"})
    assert response["Location"] == "/latest/"
    assert not logged_in(client)


def test_log_out_refuses_another_sites_next(client):
    client.force_login(make_user("ana"))
    response = client.post("/logout/", {"next": "//evil.example/"})
    assert response["Location"] == "/"


def test_log_out_requires_the_csrf_token():
    make_user("ana")
    client = csrf_client()
    client.force_login(make_user("bea"))
    assert client.post("/logout/").status_code == 403
    assert logged_in(client)
    token = csrf_token(client, "/logout/")
    assert client.post("/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert not logged_in(client)


def test_the_session_cookie_is_httponly_and_same_site_lax(client):
    make_user("ana")
    response = client.post("/login/", {"identifier": "ana", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain HTTP in tests


def test_the_session_cookie_is_secure_behind_https(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    make_user("ana")
    response = client.post("/login/", {"identifier": "ana", "password": PASSWORD}, secure=True)
    assert response.cookies["sessionid"]["secure"] is True


def test_tribune_https_turns_on_secure_cookies(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE)"
    )
    out = {}
    for flag in ("1", "0"):
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tribune.settings",
            "TRIBUNE_DATA_DIR": str(tmp_path),
            "TRIBUNE_HTTPS": flag,
        }
        run = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        out[flag] = run.stdout.split()
    assert out["1"] == ["True", "True", "True", "Lax"]
    assert out["0"] == ["False", "False", "True", "Lax"]
