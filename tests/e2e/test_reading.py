"""Reading the news in a real browser: front page, an article, the Latest pages."""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser import Browser, Page, Watch, expect, screenshot
from tests.e2e.conftest import Site
from tribune.demo.load import SECTIONS

pytestmark = pytest.mark.e2e


def test_the_front_page_shows_the_demo_sections_and_opens_an_article(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_title("Tribune")
    expect(page.get_by_role("heading", name="Latest", exact=True)).to_be_visible()
    headings = [h.strip() for h in page.locator("main h2.section-heading").all_text_contents()]
    shown = [h for h in headings if h in SECTIONS]
    assert len(shown) >= 4, headings
    assert page.locator("main article.item").count() >= 20
    screenshot(page, "front-page")

    lead = page.locator(".item-top .item-title a")
    title = lead.inner_text()
    lead.click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".story-body")).not_to_be_empty()
    screenshot(page, "article")


def test_an_article_opens_from_its_section_on_the_front_page(page: Page) -> None:
    page.goto("/")
    section = page.locator("main section.section-block").first
    name = (section.locator("h2").text_content() or "").strip()
    link = section.locator(".item-title a").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".story-head .kicker")).to_contain_text(name)


def test_the_latest_page_goes_back_page_by_page_without_repeating(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Latest").click()
    expect(page.get_by_role("heading", name="Latest", level=1)).to_be_visible()
    screenshot(page, "latest")
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        links = page.locator("main .list .item-title a")
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        assert hrefs, f"page {pages} of Latest is empty"
        seen += hrefs
        older = page.get_by_role("link", name="Older articles")
        if older.count() == 0:
            break
        older.click()
        expect(page).to_have_url(re.compile(r"\?before="))
        assert pages < 10, "the pager does not end"
    assert pages >= 2
    assert len(seen) == len(set(seen)), "an article appears on two pages"
    assert len(seen) >= 60  # the demo's articles, all reachable


def test_the_watch_notices_a_content_security_policy_violation(
    browser: Browser, site: Site
) -> None:
    # The guard the other tests rely on: an inline script is refused, and the watch sees it.
    context = browser.new_context(base_url=site.url)
    try:
        watch = Watch()
        page = watch.attach(context.new_page())
        page.goto("/")
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = 1'; document.body.append(s); }"
        )
        page.wait_for_timeout(100)
        assert page.evaluate("() => window.injected") is None
        assert watch.csp_violations
        with pytest.raises(AssertionError, match="Content Security Policy"):
            watch.assert_clean()
    finally:
        context.close()
