"""The FAQ, Privacy Policy and Terms of Service: seeded with default texts, shown with their
version and date, edited by admins as Markdown with every version kept."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.site.factories import make_reader
from tribune.accounts import roles
from tribune.accounts.models import User
from tribune.site import actions, queries
from tribune.site.defaults import DEFAULTS
from tribune.site.models import Page, PageRevision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/faq/", "Frequently asked questions"),
        ("/privacy/", "Privacy Policy"),
        ("/terms/", "Terms of Service"),
    ],
)
def test_each_page_shows_its_default_text_with_version_and_date(client: Client, url, title):
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<h1 class="page-title">{title}</h1>' in html
    assert "Version 2026-11-25" in html
    assert "Last updated <time datetime=" in html
    assert "site-pages.css" in html


def test_the_default_texts_are_seeded_by_the_migration_with_a_first_revision():
    assert set(Page.objects.values_list("slug", flat=True)) == {"faq", "privacy", "terms"}
    for page in Page.objects.all():
        assert page.body_markdown == DEFAULTS[page.slug].body_markdown
        [revision] = page.revisions.all()
        assert revision.version == page.version


def test_a_page_missing_from_the_database_is_seeded_on_first_read(client: Client):
    Page.objects.all().delete()  # as after a test database flush
    assert client.get("/privacy/").status_code == 200
    page = Page.objects.get(slug="privacy")
    assert page.version == DEFAULTS["privacy"].version
    assert page.revisions.count() == 1


def test_the_site_name_fills_the_placeholders(client: Client, settings):
    settings.SITE_NAME = "Harbour *News*"
    html = client.get("/terms/").content.decode()
    assert "Harbour *News*" in html  # Markdown in the name is text, not emphasis
    assert "{{ site_name }}" not in html


def test_the_privacy_policy_links_to_the_cookies_page(client: Client):
    html = client.get("/privacy/").content.decode()
    assert 'href="/cookies/"' in html
    assert 'href="/settings/privacy/"' in html


def test_own_links_are_relative_and_carry_no_nofollow(client: Client):
    html = client.get("/faq/").content.decode()
    assert '<a href="/feedback/">' in html


def test_markdown_from_an_admin_is_sanitized(client: Client):
    page = Page.objects.get(slug="faq")
    actions.check_save_page(
        page,
        actions.PageText(
            "FAQ",
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            "2",
            "",
        ),
        None,
    )
    html = client.get("/faq/").content.decode()
    body = html.split('class="site-page-body">')[1].split("</div>")[0]
    assert "<script" not in body and "<img" not in body  # raw HTML is shown as text
    assert "&lt;script&gt;" in body
    assert 'href="javascript' not in html


def test_saving_a_page_keeps_every_version():
    page = Page.objects.get(slug="faq")
    admin = make_reader("root")
    assert actions.check_save_page(
        page, actions.PageText("FAQ", "New text.", "2026-12-01", "Shorter."), admin
    )
    assert actions.check_save_page(
        page, actions.PageText("FAQ", "New text, fixed.", "2026-12-01", "Shorter."), admin
    )
    page.refresh_from_db()
    assert (page.body_markdown, page.version, page.updated_by) == (
        "New text, fixed.",
        "2026-12-01",
        admin,
    )
    versions = list(
        page.revisions.order_by("saved_at", "pk").values_list("version", "body_markdown")
    )
    assert versions == [
        ("2026-11-25", DEFAULTS["faq"].body_markdown),
        ("2026-12-01", "New text."),
        ("2026-12-01", "New text, fixed."),
    ]


def test_saving_the_same_text_records_nothing():
    page = Page.objects.get(slug="faq")
    same = actions.PageText(page.title, page.body_markdown, page.version, page.summary)
    assert actions.check_save_page(page, same, None) is False
    assert page.revisions.count() == 1


def test_a_version_cannot_go_back_to_an_earlier_name():
    page = Page.objects.get(slug="privacy")
    actions.check_save_page(page, actions.PageText("P", "Two.", "2", "Second."), None)
    with pytest.raises(actions.Refused, match="used before"):
        actions.check_save_page(page, actions.PageText("P", "Three.", "2026-11-25", ""), None)


def test_a_new_terms_version_needs_a_summary():
    page = Page.objects.get(slug="terms")
    with pytest.raises(actions.Refused, match="summary"):
        actions.check_save_page(page, actions.PageText("Terms", "New.", "2", ""), None)
    assert Page.objects.get(slug="terms").version == "2026-11-25"


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        (actions.PageText("", "Body", "3", "s"), "title"),
        (actions.PageText("T", "   ", "3", "s"), "needs some text"),
        (actions.PageText("T", "Body", "", "s"), "version"),
        (actions.PageText("T", "Body", "x" * 21, "s"), "version"),
        (actions.PageText("T", "x" * 100_001, "3", "s"), "too long"),
        (actions.PageText("T", "Body", "3", "s" * 2001), "summary is too long"),
    ],
)
def test_malformed_page_texts_are_refused(text, refusal):
    page = Page.objects.get(slug="faq")
    with pytest.raises(actions.Refused, match=refusal):
        actions.check_save_page(page, text, None)


def test_control_characters_are_dropped_from_a_saved_page():
    page = Page.objects.get(slug="faq")
    actions.check_save_page(
        page, actions.PageText("F\x00AQ", "Line\x00 one\r\nTwo\x1b", "3", ""), None
    )
    page.refresh_from_db()
    assert (page.title, page.body_markdown) == ("F AQ", "Line one\nTwo")


def test_an_admin_edits_a_page_in_the_admin_and_a_revision_is_kept(client: Client):
    admin = User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client.force_login(admin)
    page = Page.objects.get(slug="faq")
    url = f"/admin/site_pages/page/{page.pk}/change/"
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "title": "Questions",
            "version": "2026-12-02",
            "summary": "Renamed.",
            "body_markdown": "## One\n\nAnswer.",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "0",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    page.refresh_from_db()
    assert (page.title, page.version, page.updated_by) == ("Questions", "2026-12-02", admin)
    assert page.revisions.count() == 2
    assert "<h2>One</h2>" in client.get("/faq/").content.decode()


def test_the_admin_form_shows_why_a_terms_version_is_refused(client: Client):
    admin = User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client.force_login(admin)
    page = Page.objects.get(slug="terms")
    answer = client.post(
        f"/admin/site_pages/page/{page.pk}/change/",
        {
            "title": page.title,
            "version": "2027-01-01",
            "summary": "",
            "body_markdown": "Changed.",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "0",
        },
    )
    assert answer.status_code == 200
    assert "Say in the summary what changed" in answer.content.decode()
    assert Page.objects.get(slug="terms").version == "2026-11-25"
    assert PageRevision.objects.filter(page=page).count() == 1


def test_pages_cannot_be_added_or_deleted_in_the_admin(client: Client):
    admin = User.objects.create_superuser("root", "root@example.org", "a long password 1")
    client.force_login(admin)
    page = Page.objects.get(slug="faq")
    assert client.get("/admin/site_pages/page/add/").status_code == 403
    assert client.get(f"/admin/site_pages/page/{page.pk}/delete/").status_code == 403
    assert client.get("/admin/site_pages/pagerevision/").status_code == 200


def test_a_page_renders_once_per_text_and_process(client: Client):
    client.get("/terms/")
    page = Page.objects.get(slug="terms")
    queries.page_html(page)
    assert queries._render.cache_info().hits >= 1


def test_page_views_refuse_posts_and_take_one_query(client: Client, django_assert_num_queries):
    client.get("/faq/")  # warm the caches meant to be warm (sections of the nav)
    with django_assert_num_queries(1):
        assert client.get("/faq/").status_code == 200
    assert client.post("/faq/").status_code == 405


def test_staff_without_the_permission_cannot_edit_pages(client: Client):
    editor = make_reader("eddie", is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name=roles.EDITORS)[0])
    client.force_login(editor)
    page = Page.objects.get(slug="terms")
    assert client.get(f"/admin/site_pages/page/{page.pk}/change/").status_code == 403
