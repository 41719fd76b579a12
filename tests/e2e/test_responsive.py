"""The site on a 320 px phone: no page scrolls sideways, and the masthead stays a tidy couple
of rows whose every link can be reached (scrolled into view) and followed. Screenshots at 320,
390 and 1280 px, light and dark, land in test-artifacts/screenshots to be looked at."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.browser import DESKTOP, NARROW, PHONE, Page, Watch, expect, screenshot
from tests.e2e.test_accessibility import PUBLIC, SIGNED_IN, path_of

pytestmark = pytest.mark.e2e

OpenPage = Callable[..., tuple[Page, Watch]]

# The widest the page may be at 320 px: the viewport itself.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
        .filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1 && !el.closest('.section-nav, .primary-nav, pre, table, .story-body table');
        })
        .slice(0, 5)
        .map(el => el.outerHTML.slice(0, 140));
    return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def assert_fits(page: Page, where: str) -> None:
    seen = page.evaluate(OVERFLOW)
    assert seen["scroll"] <= NARROW["width"], (
        f"{where} is {seen['scroll']} px wide at {NARROW['width']} px; too wide: {seen['wide']}"
    )


@pytest.mark.parametrize("name", list(PUBLIC))
def test_no_public_page_scrolls_sideways_at_320_px(
    open_page: OpenPage, demo_paths: dict[str, str], name: str
) -> None:
    page, _ = open_page(viewport=NARROW)
    page.goto(path_of(PUBLIC[name], demo_paths))
    assert_fits(page, name)


@pytest.mark.parametrize("name", list(SIGNED_IN))
def test_no_signed_in_page_scrolls_sideways_at_320_px(
    open_page: OpenPage, reader_state: Path, name: str
) -> None:
    page, _ = open_page(viewport=NARROW, storage_state=str(reader_state))
    page.goto(SIGNED_IN[name])
    assert_fits(page, f"{name} (signed in)")


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_masthead_stays_a_few_short_rows_at_320_px(
    open_page: OpenPage, reader_state: Path, signed_in: bool
) -> None:
    options = {"storage_state": str(reader_state)} if signed_in else {}
    page, _ = open_page(viewport=NARROW, **options)
    page.goto("/")
    box = page.get_by_role("banner").bounding_box()
    assert box is not None
    # The name, the account links, the main links and the sections: at most a quarter of
    # a 640 px screen (a signed-in reader's account links take a row of their own).
    limit = 170 if signed_in else 140
    assert box["height"] <= limit, f"the masthead is {box['height']} px tall at 320 px"
    for name in ("Main", "Sections"):
        row = page.get_by_role("navigation", name=name).bounding_box()
        assert row is not None and row["height"] <= 40, f"the {name} links wrap: {row}"


def test_every_main_link_can_be_reached_and_followed_at_320_px(open_page: OpenPage) -> None:
    page, _ = open_page(viewport=NARROW)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    names = [name.strip() for name in nav.get_by_role("link").all_inner_texts()]
    assert "Front page" in names and "Topics" in names, names
    for name in names:
        page.goto("/")
        link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
        link.scroll_into_view_if_needed()
        link_box = link.bounding_box()
        assert link_box is not None
        assert link_box["x"] >= 0 and link_box["x"] + link_box["width"] <= NARROW["width"], name
        # Big enough for a thumb (WCAG 2.2's 24 px target size).
        assert link_box["height"] >= 24, f"{name} is {link_box['height']} px tall"
        link.click()
        expect(page.get_by_role("link", name=name).first).to_have_attribute("aria-current", "page")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_at_320_390_and_1280_px(
    open_page: OpenPage, demo_paths: dict[str, str], reader_state: Path, scheme: str
) -> None:
    # Pictures to look at, not assertions: test-artifacts/screenshots/responsive-*.png.
    sizes = {"320": NARROW, "390": PHONE, "1280": DESKTOP}
    page, _ = open_page(color_scheme=scheme)
    for name in PUBLIC:
        page.goto(path_of(PUBLIC[name], demo_paths))
        screenshot(page, f"responsive-{name}-{scheme}", sizes)
    page, _ = open_page(color_scheme=scheme, storage_state=str(reader_state))
    for name in SIGNED_IN:
        page.goto(SIGNED_IN[name])
        screenshot(page, f"responsive-{name}-signed-in-{scheme}", sizes)
