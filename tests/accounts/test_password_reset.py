import pytest
from django.core import mail as django_mail

from tests.accounts.conftest import PASSWORD, link_in, make_user
from tribune.accounts.mail import parse_email_url
from tribune.accounts.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another calm evening tide"


def follow_reset_link(client, path: str) -> None:
    """Open the link (Django moves the token into the session), set a new password."""
    landing = client.get(path)
    assert landing.status_code == 302
    form_page = client.get(landing["Location"])
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        landing["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == "/password-reset/done/"


def test_a_reader_resets_their_password_by_email(client, mailoutbox, settings):
    make_user("ana", email="ana@example.org")
    response = client.post("/password-reset/", {"email": "ANA@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.org"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    # The link is built on the configured site URL, not on the request's Host header.
    assert f"{settings.SITE_URL}/password-reset/" in message.body
    follow_reset_link(client, link_in(message.body))
    assert User.objects.get(username="ana").check_password(NEW_PASSWORD)
    assert (
        client.post("/login/", {"identifier": "ana", "password": NEW_PASSWORD}).status_code == 302
    )


def test_a_reset_link_works_once(client, mailoutbox):
    make_user("ana")
    client.post("/password-reset/", {"email": "ana@example.org"})
    path = link_in(mailoutbox[0].body)
    follow_reset_link(client, path)
    again = client.get(path, follow=True)
    assert "not valid any more" in again.content.decode()


def test_an_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert mailoutbox == []


def test_reset_requests_are_rate_limited_per_address(client, mailoutbox):
    make_user("ana")
    for _ in range(3):
        assert client.post("/password-reset/", {"email": "ana@example.org"}).status_code == 302
    response = client.post("/password-reset/", {"email": "ana@example.org"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(mailoutbox) == 3


def test_a_reset_mail_goes_through_a_real_smtp_server_and_its_link_works(
    client, settings, smtp_server
):
    email = parse_email_url(smtp_server.url)
    settings.EMAIL_BACKEND = email.backend
    settings.EMAIL_HOST = email.host
    settings.EMAIL_PORT = email.port
    settings.EMAIL_USE_TLS = email.use_tls
    settings.EMAIL_USE_SSL = email.use_ssl
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "Tribune <tribune@news.test>"
    assert email.backend == "django.core.mail.backends.smtp.EmailBackend"
    make_user("ana", email="ana@example.org")

    response = client.post("/password-reset/", {"email": "ana@example.org"})

    assert response.status_code == 302
    assert django_mail.outbox == []  # it really left through SMTP
    assert smtp_server.inbox.envelopes == [("tribune@news.test", ["ana@example.org"])]
    message = smtp_server.inbox.messages[0]
    assert message["To"] == "ana@example.org"
    assert "Reset your" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    follow_reset_link(client, link_in(body))
    assert User.objects.get(username="ana").check_password(NEW_PASSWORD)
    assert not User.objects.get(username="ana").check_password(PASSWORD)
