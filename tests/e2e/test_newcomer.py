"""Issue 5's newcomer, in a real browser: someone visits, installs nothing, reads an article,
signs up, responds, starts a discussion, follows a topic, saves an article for offline, goes
offline and reads it, sends feedback, downloads their data and deletes their account.

Beside the flow: the manifest and service worker make the site installable by Chromium's own
criteria; logging out deletes a reader's offline copies, so the next reader on the same
browser cannot read them; and screenshots of the main pages at phone and desktop widths
(test-artifacts/screenshots/main-*.png).
"""

from __future__ import annotations

import io
import json
import re
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    Browser,
    Page,
    Watch,
    expect,
    screenshot,
)
from tests.e2e.conftest import Site
from tests.e2e.test_conversation import PASSWORD, account_nav, log_in, respond, sign_up
from tests.e2e.test_customize import follow_iran

pytestmark = pytest.mark.e2e

OpenPage = Callable[..., tuple[Page, Watch]]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# The app's pieces, as a reader's browser sees them -------------------------------------------


def controlled_by_service_worker(page: Page) -> None:
    """Wait until the service worker is active and controls the page. A page opened before the
    worker was installed is taken over when it activates (clients.claim)."""
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def save_for_offline(page: Page) -> None:
    """Press "Save for offline" on the article shown and wait until it is kept."""
    box = page.locator("#offline-save")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("data-state", "unsaved")
    page.locator("#offline-save-button").click()
    expect(box).to_have_attribute("data-state", "saved")
    expect(page.locator("#offline-save-status")).to_contain_text("Saved")


def cache_names(page: Page) -> list[str]:
    return sorted(page.evaluate("() => caches.keys()"))


def personal_caches(page: Page) -> list[str]:
    """The reader-bound caches (articles opened or saved) this browser holds."""
    return [name for name in cache_names(page) if re.match(r"^tribune-(pages|saved)-", name)]


def start_discussion(page: Page, title: str, body: str) -> None:
    """Discussions, then "Start a discussion", in the Local section; ends on the discussion."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Discussions").click()
    page.get_by_role("link", name="Start a discussion").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What would you like to discuss?").fill(body)
    page.get_by_label("Section", exact=True).select_option(label="Local")
    page.get_by_role("button", name="Start the discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk comes first)."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    stream = io.BytesIO(data[8:])
    length, kind = struct.unpack(">I4s", stream.read(8))
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", stream.read(8))
    return width, height


# The newcomer --------------------------------------------------------------------------------


def test_a_newcomer_reads_joins_talks_reads_offline_and_leaves_with_their_data(
    site: Site, open_page: OpenPage
) -> None:
    page, _ = open_page()
    context = page.context
    main_nav = page.get_by_role("navigation", name="Main")

    # A visit: the front page, and an article read in full, with nothing installed.
    page.goto("/")
    # Nothing to install, nothing asked: the site's worker quietly takes over the page.
    controlled_by_service_worker(page)
    link = page.locator("main .lead .item-title a").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".story-body")).not_to_be_empty()
    first_article = page.url

    # Signing up from the article's "sign up to respond" prompt; the welcome page can wait.
    page.locator("#responses").get_by_text("to respond").get_by_role("link", name="sign up").click()
    sign_up(page, "nora")
    expect(page).to_have_url(re.compile(r"/for-you/welcome/"))
    page.get_by_role("button", name="Skip for now").click()
    expect(page).to_have_url(first_article)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # A response to the article.
    said = "Nora here: the figures in the third paragraph do not add up."
    respond(page, said)

    # A discussion of her own.
    topic_title = "Where do newcomers find the local council minutes?"
    start_discussion(page, topic_title, "I looked on the council's site: only last year's.")

    # A topic followed, from its page.
    follow_iran(page)

    # An article saved for offline reading: another one, opened from the front page once the
    # service worker (registered by the first page she saw) is in control.
    main_nav.get_by_role("link", name="Front page").click()
    lead = page.locator("main .lead .item-title a")
    saved_title = lead.nth(1).inner_text()
    unopened_path = next(
        path
        for path in lead.evaluate_all("links => links.map(a => a.pathname)")
        if path not in (urlsplit(first_article).path, lead.nth(1).get_attribute("href"))
    )
    lead.nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(saved_title)
    saved_path = urlsplit(page.url).path
    controlled_by_service_worker(page)
    save_for_offline(page)

    # Offline: the saved article is there, whole, from the worker; any other article shows
    # the offline page, which says what can be read and lists the saved article.
    context.set_offline(True)
    try:
        answer = page.goto(saved_path)
        assert answer is not None and answer.from_service_worker
        expect(page.get_by_role("heading", level=1)).to_have_text(saved_title)
        expect(page.locator(".story-body")).not_to_be_empty()
        expect(page.locator("#offline-save")).to_have_attribute("data-state", "saved")

        answer = page.goto(unopened_path)
        assert answer is not None and answer.from_service_worker
        expect(page.get_by_role("heading", level=1)).to_have_text("Offline reading")
        expect(page.locator("#offline-state")).to_contain_text("Without a connection")
        saved = page.locator("#offline-saved").get_by_role("link", name=saved_title)
        expect(saved).to_be_visible()
        expect(saved).to_have_attribute("href", saved_path)
        recent = page.locator("#offline-recent")
        expect(recent.get_by_role("link", name=title)).to_have_attribute(
            "href", urlsplit(first_article).path
        )
        saved.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(saved_title)
    finally:
        context.set_offline(False)
    page.goto("/")
    expect(account_nav(page).get_by_role("link", name="nora")).to_be_visible()

    # Feedback, from the footer.
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback")
    page.get_by_label("An idea").check()
    page.get_by_label("Your message").fill("A list of what I saved, on my profile, please.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("Your message has been sent")

    # Her data, downloaded from the privacy settings.
    account_nav(page).get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Download your data, or delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy and your data")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    with open(download.path(), encoding="utf-8") as file:
        data: dict[str, Any] = json.load(file)
    assert data["profile"]["username"] == "nora"
    assert [r["body_markdown"] for r in data["responses"]] == [said]
    assert [d["title"] for d in data["discussions"]] == [topic_title]
    assert {"kind": "topic", "name": "Iran", "verb": "follow"}.items() <= next(
        rule for rule in data["follows_and_mutes"] if rule["kind"] == "topic"
    ).items()
    assert [f["message"] for f in data["feedback"]] == [
        "A list of what I saved, on my profile, please."
    ]

    # Leaving: the account goes, her response stays without her name.
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label(re.compile("Keep them without my name")).check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that my account cannot be restored.").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    expect(account_nav(page).get_by_role("link", name="Log in")).to_be_visible()
    page.goto(first_article)
    kept = page.locator("article.response", has_text=said)
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("[deleted account]")
    expect(kept).not_to_contain_text("nora")
    # Her offline copies went with her.
    page.wait_for_function(
        "() => caches.keys().then(names => !names.some(n => /^tribune-saved-(?!public$)/.test(n)))"
    )


# Installable ---------------------------------------------------------------------------------


@pytest.fixture
def installable_page(browser: Browser, site: Site, tmp_path: Path) -> Iterator[Page]:
    """A watched page in a browser profile on disk: Chromium never offers to install a site
    from an incognito-like context (Playwright's new contexts are), so its verdict needs one."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=site.url,
        viewport=DESKTOP,
    )
    context.set_default_timeout(10_000)
    watch = Watch()
    try:
        yield watch.attach(context.pages[0] if context.pages else context.new_page())
    finally:
        context.close()
    watch.assert_clean()


def test_the_site_is_installable_by_chromiums_own_criteria(
    site: Site, installable_page: Page
) -> None:
    page = installable_page
    page.goto("/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href
    answer = page.request.get(href)
    assert answer.ok
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = answer.json()
    assert manifest["name"] and manifest["short_name"]
    assert len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"

    sizes: set[tuple[int, str]] = set()
    for icon in manifest["icons"]:
        if icon.get("type") != "image/png":
            continue
        loaded = page.request.get(icon["src"])
        assert loaded.ok, icon["src"]
        assert loaded.headers["content-type"] == "image/png"
        width, height = png_size(loaded.body())
        assert f"{width}x{height}" == icon["sizes"], icon
        sizes.update((width, purpose) for purpose in icon.get("purpose", "any").split())
    assert {(192, "any"), (512, "any")} <= sizes
    assert any(purpose == "maskable" for _, purpose in sizes)

    # A service worker that controls the page once reloaded, with a fetch handler.
    controlled_by_service_worker(page)
    page.reload()
    controlled_by_service_worker(page)
    script = page.evaluate("() => navigator.serviceWorker.controller.scriptURL")
    assert script == site("/sw.js")
    assert 'addEventListener("fetch"' in page.request.get(script).text()

    # Chromium's own verdict: the manifest parses cleanly and nothing stands in the way.
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["url"] == site(href), parsed
    assert parsed["errors"] == [], parsed
    verdict = cdp.send("Page.getInstallabilityErrors")
    assert verdict["installabilityErrors"] == [], verdict
    cdp.detach()

    # And so the install page offers its own button (Chromium's beforeinstallprompt).
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Install the app").click()
    expect(page.locator("#install-app")).to_be_visible()
    screenshot(page, "main-install")


# Saved on the first page opened ---------------------------------------------------------------


def test_an_article_saved_on_the_first_page_ever_opened_reads_offline_whole(
    open_page: OpenPage,
) -> None:
    """That page loaded before the worker existed, so none of its files went through it: what
    it needs offline must be kept all the same (the Watch fails on any file that is missing)."""
    finding, _ = open_page()
    finding.goto("/")
    pictured = finding.locator("main article.item:has(img.item-image) .item-title a").first
    path, title = pictured.get_attribute("href") or "", pictured.inner_text()
    page, _ = open_page()  # a browser that has never seen the site
    page.goto(path)
    controlled_by_service_worker(page)
    save_for_offline(page)
    # Every stylesheet, script and picture of the page is kept by the worker, not only in the
    # browser's HTTP cache (which may evict it at any time, and which would answer below).
    files = page.evaluate(
        """async () => {
            const urls = [
                ...[...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href),
                ...[...document.querySelectorAll("script[src]")].map((s) => s.src),
                ...[...document.querySelectorAll("main article img")].map((i) => i.currentSrc),
            ].filter((url) => new URL(url).origin === location.origin);
            const kept = await Promise.all(urls.map((url) => caches.match(url)));
            return {urls, missing: urls.filter((url, i) => !kept[i])};
        }"""
    )
    assert any("/img/" in url for url in files["urls"]), "the article should have a picture"
    assert files["missing"] == [], f"not kept for offline reading: {files['missing']}"

    page.context.set_offline(True)
    try:
        answer = page.reload()
        assert answer is not None and answer.from_service_worker
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        page.wait_for_load_state("load")
        broken = page.evaluate(
            "() => [...document.images].filter(i => !i.complete || !i.naturalWidth).length"
        )
        assert broken == 0
    finally:
        page.context.set_offline(False)


# Logging out ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def readers(site: Site) -> tuple[str, ...]:
    """Readers made through the accounts actions (the site takes five sign-ups an hour from
    one address); they log in through the form."""
    names = ("olga", "piet", "quinn")
    site.shell(
        "from tribune.accounts import actions\n"
        "from tribune.accounts.terms import current_terms_version\n"
        f"for name in {list(names)!r}:\n"
        f"    actions.do_signup(name, name + '@example.org', {PASSWORD!r},"
        " terms_version=current_terms_version())\n"
    )
    return names


def open_lead_article(page: Page, nth: int) -> tuple[str, str]:
    """Click the nth article of the front page's lead; its path and title."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Front page").click()
    link = page.locator("main .lead .item-title a").nth(nth)
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return urlsplit(page.url).path, title


def test_logging_out_deletes_the_readers_offline_copies(
    page: Page, readers: tuple[str, ...]
) -> None:
    first, second = readers[:2]
    log_in(page, first)
    path, title = open_lead_article(page, 2)
    controlled_by_service_worker(page)
    save_for_offline(page)
    hers = personal_caches(page)
    assert any(name.startswith("tribune-saved-") for name in hers), hers

    account_nav(page).get_by_role("button", name="Log out").click()
    expect(account_nav(page).get_by_role("link", name="Log in")).to_be_visible()
    # Her caches are deleted; only copies for readers not signed in may be there.
    page.wait_for_function(
        "hers => caches.keys().then(names => !names.some(n => hers.includes(n)))", arg=hers
    )
    assert all(name.endswith("-public") for name in personal_caches(page)), cache_names(page)

    # The next reader on this browser gets the offline page, not her article.
    log_in(page, second)
    controlled_by_service_worker(page)
    page.context.set_offline(True)
    try:
        answer = page.goto(path)
        assert answer is not None and answer.from_service_worker
        expect(page.get_by_role("heading", level=1)).to_have_text("Offline reading")
        expect(page.locator("#offline-saved-empty")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text(title)
    finally:
        page.context.set_offline(False)


# Screenshots ---------------------------------------------------------------------------------


def test_screenshots_of_the_main_pages_at_phone_and_desktop_widths(
    page: Page, readers: tuple[str, ...]
) -> None:
    """test-artifacts/screenshots/main-<page>-phone.png and -desktop.png, for people to look
    at (other browser tests write their own, under other names)."""
    main_nav = page.get_by_role("navigation", name="Main")
    site_nav = page.get_by_role("navigation", name="Site")
    page.goto("/")
    expect(page.locator("main .lead .item-title a").first).to_be_visible()
    screenshot(page, "main-front-page")
    account_nav(page).get_by_role("link", name="Sign up").click()
    screenshot(page, "main-signup")
    for link, heading, name in (
        ("FAQ", "Frequently asked questions", "faq"),
        ("Privacy Policy", "Privacy Policy", "privacy"),
        ("Terms of Service", "Terms of Service", "terms"),
        ("Feedback", "Feedback", "feedback"),
    ):
        site_nav.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        screenshot(page, f"main-{name}")

    log_in(page, readers[2])
    open_lead_article(page, 0)
    controlled_by_service_worker(page)
    save_for_offline(page)
    respond(page, "Quinn here: the second source tells it better.")
    screenshot(page, "main-article")

    main_nav.get_by_role("link", name="Front page").click()
    page.locator("main a.story-link").first.click()
    expect(page.get_by_text(re.compile(r"Covered by \d+ sources"))).to_be_visible()
    screenshot(page, "main-story")

    main_nav.get_by_role("link", name="Topics").click()
    page.get_by_role("link", name="Iran", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iran")
    screenshot(page, "main-topic")

    main_nav.get_by_role("link", name="For You").click()
    expect(page.get_by_role("heading", name="For You", level=1)).to_be_visible()
    screenshot(page, "main-for-you")

    title = "Which bus lines should run all night?"
    start_discussion(page, title, "The 12 and the 40 stop at midnight. *Too early?*")
    main_nav.get_by_role("link", name="Discussions").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "main-discussions")
    page.get_by_role("link", name=title).click()
    respond(page, "The 40, at least on Fridays.")
    screenshot(page, "main-discussion")

    site_nav.get_by_role("link", name="Install the app").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Install")
    page.get_by_role("main").get_by_role("link", name="offline reading").click()
    expect(page.locator("#offline-saved li").first).to_be_visible()
    screenshot(page, "main-offline")

    account_nav(page).get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Download your data, or delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy and your data")
    screenshot(page, "main-privacy-settings")
