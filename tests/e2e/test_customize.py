"""Customize your news, in a real browser (issue 4's "done means"): a new reader follows Iran
and mutes a source, sees For You fill with Iran stories from the other sources with the reason
shown, opens a story with several sources, and finds the Iran topic page with its timeline and
related entities.

The demo's outlets cover the Iran-IAEA talks and the Rasht-Astara railway from several
sources; Meridian Wire is the one muted here, so every Iran item left must come from another.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.browser import Page, expect, screenshot
from tests.e2e.test_conversation import account_nav, sign_up

pytestmark = pytest.mark.e2e

MUTED_SOURCE = "Meridian Wire"


def follow_iran(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    page.get_by_role("link", name="Iran", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iran")
    page.get_by_role("button", name=re.compile(r"^Follow\s*Iran$")).click()
    expect(page.get_by_role("button", name=re.compile(r"^Following\s*Iran"))).to_be_visible()


def mute_source(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sources").click()
    page.get_by_role("main").get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    control = page.locator(".follow-control").first
    control.locator("summary", has_text="Mute").click()
    control.get_by_role("button", name="For good").click()
    muted = page.locator(".follow-control").first.get_by_role("button", name=re.compile("^Muted"))
    expect(muted).to_be_visible()


def test_a_new_reader_follows_iran_mutes_a_source_and_reads_for_you(page: Page) -> None:
    page.goto("/")
    account_nav(page).get_by_role("link", name="Sign up").click()
    sign_up(page, "farah")
    # Sign-up ends on the onboarding page: popular topics to follow, or skip.
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("follow", re.I))
    screenshot(page, "onboarding")
    page.get_by_role("button", name="Skip for now").click()

    follow_iran(page)
    mute_source(page, MUTED_SOURCE)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="For You").click()
    expect(page.get_by_role("heading", name="For You", level=1)).to_be_visible()
    items = page.locator("li.fy-item")
    expect(items.first).to_be_visible()
    iran_items = items.filter(has=page.locator(".fy-reason", has_text="Because you follow Iran"))
    assert iran_items.count() >= 2, "For You should hold several Iran stories"
    sources = [
        (items.nth(i).locator(".meta span").first.text_content() or "").strip()
        for i in range(items.count())
    ]
    assert MUTED_SOURCE not in sources, sources
    assert len({s for s in sources if s}) >= 2, sources
    screenshot(page, "for-you")

    # A story with several sources, opened from For You.
    story_link = page.get_by_role("link", name=re.compile(r"Full story: \d+ sources")).first
    story_link.click()
    expect(page).to_have_url(re.compile(r"/stories/\d+/"))
    expect(page.get_by_text(re.compile(r"Covered by \d+ sources"))).to_be_visible()
    assert page.locator("main h3.item-title").count() >= 2
    screenshot(page, "story")

    # The Iran topic page: its timeline (server-drawn SVG) and the entities it comes with.
    page.goto("/topics/")
    page.get_by_role("link", name="Iran", exact=True).first.click()
    timeline = page.locator("svg.timeline-chart[role=img]")
    expect(timeline).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ articles? in the last 30 days"))).to_be_visible()
    related = page.get_by_role("heading", name=re.compile("mentioned with", re.I))
    expect(related).to_be_visible()
    expect(page.get_by_role("link", name="Russia", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Following\s*Iran"))).to_be_visible()
    screenshot(page, "topic-iran")
