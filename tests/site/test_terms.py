"""A new version of the Terms of Service: the current version is read from the database (and
cached), and signed-in readers who accepted an earlier one are asked to accept it again,
without losing the way out (log out, export, delete)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.site.conftest import csrf_token
from tests.site.factories import make_reader, new_terms
from tribune.accounts import actions as accounts
from tribune.accounts.models import User
from tribune.accounts.terms import CACHE_KEY, current_terms_version
from tribune.site.models import Page

pytestmark = pytest.mark.django_db


def test_the_current_version_is_the_terms_page_version():
    assert current_terms_version() == "2026-11-25"
    Page.objects.filter(slug="terms").update(version="db-only")
    cache.delete(CACHE_KEY)
    assert current_terms_version() == "db-only"


def test_the_current_version_is_cached(django_assert_num_queries):
    current_terms_version()
    with django_assert_num_queries(0):
        assert current_terms_version() == "2026-11-25"


def test_saving_the_terms_page_forgets_the_cached_version():
    assert current_terms_version() == "2026-11-25"
    new_terms("2026-12-01", "Appeals now go through the feedback page.")
    assert current_terms_version() == "2026-12-01"


def test_without_a_terms_page_the_default_version_counts():
    Page.objects.filter(slug="terms").delete()
    cache.delete(CACHE_KEY)
    assert current_terms_version() == "2026-11-25"


def test_sign_up_records_the_version_of_the_day(client: Client):
    new_terms("2026-12-01", "Shorter.")
    reader = make_reader("cleo")
    assert reader.terms_version == "2026-12-01"


def test_a_reader_who_accepted_an_earlier_version_is_asked_first(signed_in: Client):
    new_terms("2026-12-01", "Appeals now go through the feedback page.")
    answer = signed_in.get("/latest/?page=2")
    assert answer.status_code == 302
    assert answer["Location"] == "/terms/updated/?next=/latest/%3Fpage%3D2"
    page = signed_in.get(answer["Location"]).content.decode()
    assert "Our Terms of Service have changed" in page
    assert "Appeals now go through the feedback page." in page
    assert 'name="version" value="2026-12-01"' in page
    assert 'name="next" value="/latest/?page=2"' in page


def test_every_unseen_version_is_summarized_newest_first(signed_in: Client):
    new_terms("2026-12-01", "First change.")
    new_terms("2027-01-01", "Second change.")
    page = signed_in.get("/terms/updated/").content.decode()
    assert page.index("Second change.") < page.index("First change.")
    assert "Version 2026-11-25" not in page  # the one the reader accepted


def test_accepting_records_the_version_and_goes_back(ana: User):
    new_terms("2026-12-01", "Shorter.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    token = csrf_token(client, "/terms/updated/?next=/latest/")
    answer = client.post(
        "/terms/updated/",
        {"csrfmiddlewaretoken": token, "version": "2026-12-01", "next": "/latest/"},
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/latest/"
    ana.refresh_from_db()
    assert ana.terms_version == "2026-12-01"
    assert ana.terms_accepted_at is not None
    assert client.get("/latest/").status_code == 200


def test_accepting_needs_a_csrf_token(ana: User):
    new_terms("2026-12-01", "Shorter.")
    client = Client(enforce_csrf_checks=True)
    client.force_login(ana)
    answer = client.post("/terms/updated/", {"version": "2026-12-01"})
    assert answer.status_code == 403
    ana.refresh_from_db()
    assert ana.terms_version == "2026-11-25"


def test_accepting_a_version_that_changed_meanwhile_is_refused(signed_in: Client, ana: User):
    new_terms("2026-12-01", "Shorter.")
    page = signed_in.get("/terms/updated/")  # the reader reads version 2026-12-01 ...
    assert page.status_code == 200
    new_terms("2027-01-01", "Longer again.")  # ... while an admin publishes another
    answer = signed_in.post("/terms/updated/", {"version": "2026-12-01"})
    assert answer.status_code == 409
    assert "changed again" in answer.content.decode()
    assert 'name="version" value="2027-01-01"' in answer.content.decode()
    ana.refresh_from_db()
    assert ana.terms_version == "2026-11-25"


@pytest.mark.parametrize("version", ["", "x" * 500, "2026-11-25"])
def test_a_forged_version_is_not_accepted(signed_in: Client, ana: User, version):
    new_terms("2026-12-01", "Shorter.")
    answer = signed_in.post("/terms/updated/", {"version": version})
    assert answer.status_code in (400, 409)
    ana.refresh_from_db()
    assert ana.terms_version == "2026-11-25"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_accepting_never_redirects_off_the_site(signed_in: Client, next_url):
    new_terms("2026-12-01", "Shorter.")
    page = signed_in.get("/terms/updated/", {"next": next_url}).content.decode()
    form = page.split('class="terms-accept-form"')[1].split("</form>")[0]
    assert 'name="next"' not in form
    answer = signed_in.post("/terms/updated/", {"version": "2026-12-01", "next": next_url})
    assert answer.status_code == 302
    assert answer["Location"] == "/"


@pytest.mark.parametrize(
    "url",
    [
        "/terms/",
        "/privacy/",
        "/faq/",
        "/cookies/",
        "/feedback/",
        "/settings/privacy/",
        "/settings/privacy/delete/",
        "/logout/",
    ],
)
def test_the_way_out_stays_open_before_accepting(signed_in: Client, url):
    new_terms("2026-12-01", "Shorter.")
    assert signed_in.get(url).status_code == 200


def test_a_reader_who_has_not_accepted_can_still_export_their_data(signed_in: Client):
    new_terms("2026-12-01", "Shorter.")
    answer = signed_in.post("/settings/privacy/export/")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")


def test_the_admin_is_not_interrupted(client: Client):
    admin = make_reader("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    new_terms("2026-12-01", "Shorter.")
    assert client.get("/admin/").status_code == 200


def test_a_form_post_is_sent_to_the_terms_without_a_next(signed_in: Client):
    new_terms("2026-12-01", "Shorter.")
    answer = signed_in.post("/discussions/new/", {"title": "T", "body": "B"})
    assert answer.status_code == 302
    assert answer["Location"] == "/terms/updated/"


def test_htmx_requests_are_told_to_go_to_the_terms(signed_in: Client):
    new_terms("2026-12-01", "Shorter.")
    answer = signed_in.get("/latest/", headers={"HX-Request": "true"})
    assert answer.status_code == 204
    assert answer["HX-Redirect"].startswith("/terms/updated/")


def test_visitors_and_readers_on_the_current_version_are_never_asked(client: Client, ana):
    new_terms("2026-12-01", "Shorter.")
    assert client.get("/latest/").status_code == 200
    current = make_reader("cleo")
    client.force_login(current)
    assert client.get("/latest/").status_code == 200
    assert client.get("/terms/updated/").status_code == 302  # nothing to accept: back


def test_accounts_made_outside_sign_up_are_not_asked(client: Client):
    # createsuperuser, the admin and the demo loader record no accepted version.
    operator_made = User.objects.create_user("demo", "demo@example.org", "a long password 1")
    new_terms("2026-12-01", "Shorter.")
    client.force_login(operator_made)
    assert client.get("/latest/").status_code == 200


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm the caches meant to be warm (the version, the nav sections)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_check_costs_no_query_once_the_version_is_cached(signed_in: Client, settings):
    with_check = queries_for(signed_in, "/cookies/")
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("tribune.site.")]
    without = Client()  # a new client loads the middleware as set now
    without.cookies = signed_in.cookies
    assert queries_for(without, "/cookies/") == with_check


def test_accept_terms_action_refuses_an_old_version(ana: User):
    new_terms("2026-12-01", "Shorter.")
    with pytest.raises(accounts.Refused):
        accounts.check_accept_terms(ana, "2026-11-25")
    accounts.check_accept_terms(ana, "2026-12-01")
    assert User.objects.get(pk=ana.pk).terms_version == "2026-12-01"
