"""Accessibility in a real browser: axe-core (npm's package, see package.json) finds no serious
or critical WCAG 2.1 A/AA violation on the site's pages, in the light and the dark colour
scheme (the contrast differs); and a keyboard reader starts at a visible skip link that takes
them to the page's main landmark."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.browser import Page, Watch, axe, axe_report, expect, screenshot
from tests.e2e.conftest import READER

pytestmark = pytest.mark.e2e

OpenPage = Callable[..., tuple[Page, Watch]]
SCHEMES = ["light", "dark"]

# Pages anyone can open: a name, and its path (or the key of a path found in the demo).
PUBLIC = {
    "front page": "/",
    "article": "article",
    "discussion": "discussion",
    "discussions": "/discussions/",
    "story": "story",
    "topic": "topic",
    "topics": "/topics/",
    "section": "section",
    "source": "source",
    "latest": "/latest/",
    "for you (anonymous)": "/for-you/",
    "rules (anonymous)": "/for-you/rules/",
    "sign-up": "/signup/",
    "log-in": "/login/",
    "faq": "/faq/",
    "feedback": "/feedback/",
    "privacy": "/privacy/",
    "terms": "/terms/",
    "cookies": "/cookies/",
    "install": "/install/",
}
# Pages of a signed-in reader who follows Iran.
SIGNED_IN = {
    "for you": "/for-you/",
    "onboarding": "/for-you/welcome/",
    "rules": "/for-you/rules/",
    "settings": "/settings/",
    "privacy settings": "/settings/privacy/",
    "start a discussion": "/discussions/new/",
    "notifications": "/notifications/",
    "profile": f"/u/{READER}/",
}


def check(page: Page, where: str) -> None:
    violations = axe(page)
    assert not violations, axe_report(violations, where)


def path_of(value: str, paths: dict[str, str]) -> str:
    return value if value.startswith("/") else paths[value]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_pages_have_no_serious_accessibility_violation(
    open_page: OpenPage, demo_paths: dict[str, str], name: str, scheme: str
) -> None:
    page, _ = open_page(color_scheme=scheme)
    page.goto(path_of(PUBLIC[name], demo_paths))
    check(page, f"{name} ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(SIGNED_IN))
def test_a_signed_in_readers_pages_have_no_serious_accessibility_violation(
    open_page: OpenPage, reader_state: Path, name: str, scheme: str
) -> None:
    page, _ = open_page(color_scheme=scheme, storage_state=str(reader_state))
    page.goto(SIGNED_IN[name])
    expect(page.get_by_role("navigation", name="Your account")).to_contain_text(READER)
    check(page, f"{name}, signed in ({scheme})")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_open_reply_form_and_a_mute_menu_have_no_serious_violation(
    open_page: OpenPage, reader_state: Path, demo_paths: dict[str, str], scheme: str
) -> None:
    # Controls that only appear once used: the reply form under a response, the mute menu.
    page, _ = open_page(color_scheme=scheme, storage_state=str(reader_state))
    page.goto(demo_paths["discussion"])
    reply = page.locator(".response-actions").get_by_role("link", name="Reply").first
    if reply.count():
        reply.click()
        expect(page.locator(".reply-slot textarea, main form textarea").first).to_be_visible()
    check(page, f"discussion with a reply form open ({scheme})")
    page.goto(demo_paths["source"])
    page.locator(".follow-control summary", has_text="Mute").first.click()
    check(page, f"source page with the mute menu open ({scheme})")


def test_the_check_notices_a_violation(page: Page) -> None:
    # The guard the other tests rely on: an image without a text alternative and a button
    # without a name, put into a clean page, are found and reported.
    page.goto("/faq/")
    assert axe(page) == []
    page.evaluate(
        """() => {
            const img = document.createElement('img');
            img.src = '/static/tribune/icon.svg';
            const button = document.createElement('button');
            document.querySelector('main').append(img, button);
        }"""
    )
    found = axe(page)
    assert {v["id"] for v in found} >= {"image-alt", "button-name"}, found
    report = axe_report(found, "the FAQ")
    assert "image-alt (critical)" in report and "icon.svg" in report


def test_the_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    skip = page.get_by_role("link", name="Skip to content")
    box = skip.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, "the skip link shows before it is used"
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes on from the start of the content, past the masthead.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_control_shows_where_the_keyboard_is(open_page: OpenPage, scheme: str) -> None:
    # Tab through the front page's first controls: each one draws an outline (or a box shadow)
    # the moment it holds the focus.
    page, _ = open_page(color_scheme=scheme)
    page.goto("/")
    unmarked = []
    for _ in range(25):
        page.keyboard.press("Tab")
        seen = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const marked = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                    || style.boxShadow !== 'none';
                return {marked, what: el.outerHTML.slice(0, 120)};
            }"""
        )
        if not seen["marked"]:
            unmarked.append(seen["what"])
    assert not unmarked, f"controls without a visible focus: {unmarked}"


def test_the_page_has_its_landmarks_each_named(page: Page) -> None:
    page.goto("/")
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("contentinfo").count() == 1
    names = [
        nav.get_attribute("aria-label") or nav.get_attribute("aria-labelledby")
        for nav in page.locator("nav").all()
    ]
    assert all(names), f"a navigation without a name: {names}"
    assert len(names) == len(set(names)), f"two navigations share a name: {names}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_screenshots_of_the_main_pages(
    open_page: OpenPage, demo_paths: dict[str, str], scheme: str
) -> None:
    # Not an assertion: pictures to look at (test-artifacts/screenshots), in both schemes.
    page, _ = open_page(color_scheme=scheme)
    for name in ("front page", "article", "discussion", "story", "topic", "sign-up", "faq"):
        page.goto(path_of(PUBLIC[name], demo_paths))
        screenshot(page, f"a11y-{name}-{scheme}")
