from pathlib import Path

import pytest
from django.test import override_settings

from tests.accounts.conftest import PASSWORD, csrf_client, csrf_token, link_in, make_user
from tribune.accounts import actions
from tribune.accounts.models import User
from tribune.accounts.terms import current_terms_version

pytestmark = pytest.mark.django_db


def signup_data(**overrides):
    return {
        "username": "ana",
        "email": "ana@example.org",
        "password": PASSWORD,
        "accept_terms": "on",
        "website": "",
        **overrides,
    }


def test_a_reader_signs_up_accepting_the_current_terms_and_is_logged_in(client):
    response = client.post("/signup/", signup_data())
    assert response.status_code == 302
    assert response["Location"] == "/for-you/welcome/"
    user = User.objects.get(username="ana")
    assert user.email == "ana@example.org"
    assert user.terms_version == current_terms_version()
    assert user.terms_accepted_at is not None
    assert user.email_confirmed_at is None
    assert client.get("/settings/").status_code == 200  # logged in


def test_sign_up_without_accepting_the_terms_creates_nothing(client):
    response = client.post("/signup/", signup_data(accept_terms=""))
    assert response.status_code == 400
    assert "Please accept the Terms of Service" in response.content.decode()
    assert not User.objects.exists()


def test_a_form_with_errors_keeps_what_was_typed_except_the_password(client):
    response = client.post(
        "/signup/", signup_data(username="ana_b", email="ana.b@example.org", password="123")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="ana_b"' in page
    assert 'value="ana.b@example.org"' in page
    assert 'value="123"' not in page
    assert "This password is too short" in page
    assert not User.objects.exists()


def test_passwords_follow_djangos_validators_including_similarity_to_the_name(client):
    response = client.post(
        "/signup/", signup_data(username="harbourmaster", password="harbourmaster1")
    )
    assert response.status_code == 400
    assert "too similar" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["a", "ana smith", "ana.", "\u0430na", "<b>x</b>", "x" * 31, "admin"]
)
def test_unusable_or_reserved_usernames_are_refused(client, name):
    response = client.post("/signup/", signup_data(username=name))
    assert response.status_code == 400
    assert not User.objects.exists()


def test_usernames_and_addresses_are_unique_whatever_their_case(client):
    make_user("Ana", email="Ana@Example.org")
    page = client.post("/signup/", signup_data(username="ANA", email="other@example.org"))
    assert page.status_code == 400
    assert "That username is taken" in page.content.decode()
    page = client.post("/signup/", signup_data(username="bea", email="ana@example.ORG"))
    assert page.status_code == 400
    assert "An account with that email address exists" in page.content.decode()
    assert User.objects.count() == 1


def test_a_filled_honeypot_pretends_success_and_creates_nothing(client):
    response = client.post("/signup/", signup_data(website="http://spam.example/"))
    assert response.status_code == 302
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_the_honeypot_is_hidden_by_css_and_tells_humans_to_leave_it_empty(client):
    page = client.get("/signup/").content.decode()
    assert '<div class="hp" aria-hidden="true">' in page
    assert "Leave this field empty" in page
    assert "tribune/accounts.css" in page
    css = (Path(__file__).parents[2] / "src/tribune/static/tribune/accounts.css").read_text()
    assert ".hp {" in css and "left: -10000px" in css


def test_sign_ups_from_one_address_are_rate_limited_with_retry_after(client):
    for i in range(5):
        c = client.__class__()
        assert (
            c.post(
                "/signup/", signup_data(username=f"reader{i}", email=f"r{i}@example.org")
            ).status_code
            == 302
        )
    response = client.post("/signup/", signup_data(username="reader9", email="r9@example.org"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert not User.objects.filter(username="reader9").exists()
    other = client.post(
        "/signup/", signup_data(username="reader9", email="r9@example.org"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_sign_up_requires_the_csrf_token():
    client = csrf_client()
    assert client.post("/signup/", signup_data()).status_code == 403
    token = csrf_token(client, "/signup/")
    response = client.post("/signup/", signup_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert User.objects.filter(username="ana").exists()


def test_sign_up_offers_topics_then_goes_on_to_a_safe_next_page_only(client):
    response = client.post("/signup/?next=/latest/", signup_data())
    assert response["Location"] == "/for-you/welcome/?next=%2Flatest%2F"
    welcome = client.get(response["Location"])
    assert b'name="next" value="/latest/"' in welcome.content
    skipped = client.post("/for-you/welcome/", {"skip": "1", "next": "/latest/"})
    assert skipped["Location"] == "/latest/"
    other = client.__class__()
    response = other.post(
        "/signup/",
        signup_data(username="bea", email="bea@example.org", next="https://evil.example/"),
    )
    assert response["Location"] == "/for-you/welcome/"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_stored_as_argon2_hashes(client):
    client.post("/signup/", signup_data())
    user = User.objects.get(username="ana")
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


def test_signing_up_sends_a_link_that_confirms_the_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/signup/", signup_data())
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.org"]
    assert "Confirm your email address" in message.subject
    path = link_in(message.body)
    assert "Confirm" in client.get(path).content.decode()
    assert User.objects.get(username="ana").email_confirmed_at is None  # GET changes nothing
    assert client.post(path).status_code == 302
    assert User.objects.get(username="ana").email_confirmed_at is not None


def test_a_logged_in_reader_visiting_sign_up_is_sent_on(client):
    client.force_login(make_user("ana"))
    assert client.get("/signup/").status_code == 302


def test_the_database_itself_refuses_a_name_or_address_that_differs_only_in_case():
    make_user("ana", email="ana@example.org")
    with pytest.raises(actions.Refused):
        actions.do_signup("ANA", "other@example.org", PASSWORD, terms_version="x")
    with pytest.raises(actions.Refused):
        actions.do_signup("bea", "ANA@EXAMPLE.ORG", PASSWORD, terms_version="x")
    assert User.objects.count() == 1
