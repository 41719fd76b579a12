import time

import pytest
from django.core import signing

from tests.accounts.conftest import PASSWORD, link_in, make_user
from tribune.accounts import actions
from tribune.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(client):
    user = make_user("ana", email="ana@example.org")
    client.force_login(user)
    return user


def request_change(client, address="ana@new.example", password=PASSWORD):
    return client.post("/settings/email/", {"email": address, "password": password})


def test_the_address_changes_only_when_the_link_sent_to_the_new_address_is_followed(
    client, ana, mailoutbox, django_capture_on_commit_callbacks
):
    response = request_change(client)
    assert response.status_code == 302
    assert User.objects.get(pk=ana.pk).email == "ana@example.org"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@new.example"]
    path = link_in(mailoutbox[0].body)
    page = client.get(path)
    assert "ana@new.example" in page.content.decode()
    assert User.objects.get(pk=ana.pk).email == "ana@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(path)
    assert confirmed.status_code == 302
    user = User.objects.get(pk=ana.pk)
    assert user.email == "ana@new.example"
    assert user.email_confirmed_at is not None
    # The old address is told, so its owner can act if it was not them.
    assert mailoutbox[-1].to == ["ana@example.org"]
    assert "was changed" in mailoutbox[-1].subject


def test_the_link_works_from_another_browser_without_a_session(client, ana, mailoutbox):
    request_change(client)
    other = client.__class__()
    response = other.post(link_in(mailoutbox[0].body))
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert User.objects.get(pk=ana.pk).email == "ana@new.example"


def test_changing_the_address_needs_the_current_password(client, ana, mailoutbox):
    response = request_change(client, password="not my password")
    assert response.status_code == 400
    assert "That password is not right" in response.content.decode()
    assert 'value="ana@new.example"' in response.content.decode()  # kept
    assert mailoutbox == []


def test_an_address_another_account_uses_is_refused(client, ana, mailoutbox):
    make_user("bea", email="bea@example.org")
    response = request_change(client, address="BEA@example.org")
    assert response.status_code == 400
    assert mailoutbox == []


def test_an_address_taken_before_the_link_is_followed_is_refused(client, ana, mailoutbox):
    request_change(client)
    make_user("bea", email="ana@new.example")
    response = client.post(link_in(mailoutbox[0].body))
    assert response.status_code == 400
    assert "took that address" in response.content.decode()
    assert User.objects.get(pk=ana.pk).email == "ana@example.org"


def test_a_tampered_link_is_refused(client, ana, mailoutbox):
    request_change(client)
    path = link_in(mailoutbox[0].body)
    forged = path.replace("confirm-email/", "confirm-email/x")
    assert client.post(forged).status_code == 400
    assert User.objects.get(pk=ana.pk).email == "ana@example.org"


def test_a_link_for_a_made_up_address_cannot_be_forged():
    payload = signing.dumps({"u": 1, "from": "", "to": "evil@example.org"}, salt="another salt")
    with pytest.raises(actions.Refused):
        actions.read_email_token(payload)


def test_an_expired_link_is_refused(client, ana, monkeypatch):
    real_time = time.time
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: real_time() - actions.EMAIL_TOKEN_MAX_AGE - 60)
        token = actions.email_token(ana, "ana@new.example")
    response = client.post(f"/confirm-email/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert User.objects.get(pk=ana.pk).email == "ana@example.org"


def test_an_older_link_dies_once_the_address_changed(client, ana, mailoutbox):
    request_change(client, address="first@new.example")
    request_change(client, address="second@new.example")
    first, second = (link_in(m.body) for m in mailoutbox)
    assert client.post(second).status_code == 302
    assert client.post(first).status_code == 400
    assert User.objects.get(pk=ana.pk).email == "second@new.example"


def test_an_unconfirmed_address_can_get_its_link_again(client, ana, mailoutbox):
    response = client.post("/settings/email/resend/")
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["ana@example.org"]
    assert client.post(link_in(mailoutbox[-1].body)).status_code == 302
    assert User.objects.get(pk=ana.pk).email_confirmed_at is not None


def test_confirmation_mails_are_rate_limited(client, ana, mailoutbox):
    for i in range(5):
        assert request_change(client, address=f"n{i}@new.example").status_code == 302
    response = request_change(client, address="n9@new.example")
    assert response.status_code == 429
    assert "Retry-After" in response
    assert len(mailoutbox) == 5
