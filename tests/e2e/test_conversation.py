"""The issue's "done means", in a real browser: a reader signs up, responds, replies, starts
a discussion and finds it in the list; another reader's reply reaches them as a notification;
a moderator hides a flagged response with a reason that readers then see.

Each test stands alone with its own readers. Readers other than the one signing up are made
with `tribune shell` (the site allows five sign-ups an hour from one address) and log in
through the form.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.e2e.browser import Locator, Page, Watch, expect, screenshot
from tests.e2e.conftest import Site

pytestmark = pytest.mark.e2e

PASSWORD = "a long walk by the river 1931"
OpenPage = Callable[..., tuple[Page, Watch]]


# What the pieces of the site look like to a reader -------------------------------------------


def require(site: Site, path: str, feature: str) -> None:
    """Skip (naming what is missing) while a feature's page does not exist yet."""
    try:
        with urllib.request.urlopen(site(path), timeout=10):
            return
    except urllib.error.HTTPError as error:
        if error.code != 404:
            return  # there (a redirect to log in, a refusal): the test will see the rest
    pytest.skip(f"{feature} is missing: {path} answers 404")


def require_control(locator: Locator, what: str) -> None:
    if locator.count() == 0:
        pytest.skip(f"{what} is missing")


def account_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Your account")


def sign_up(page: Page, username: str) -> None:
    """Fill in and send the sign-up form shown."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("Join")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("I accept the Terms of Service").check()
    page.get_by_role("button", name="Create my account").click()
    expect(account_nav(page).get_by_role("link", name=username)).to_be_visible()


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    account_nav(page).get_by_role("link", name="Log in").click()
    page.get_by_label("Username or email address").fill(username)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(account_nav(page).get_by_role("link", name=username)).to_be_visible()


def open_article(page: Page, nth: int) -> str:
    """Open the nth article of the front page's lead; its title."""
    page.goto("/")
    link = page.locator("main .lead .item-title a").nth(nth)
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return title


def responses(page: Page, text: str) -> Locator:
    return page.locator("article.response", has_text=text)


def respond(page: Page, text: str) -> Locator:
    """Post a top-level response on the thread shown; the response as it appears."""
    form = page.locator("form.respond-form").filter(has=page.get_by_label("Your response"))
    form.get_by_label("Your response").fill(text)
    form.get_by_role("button", name="Post response").click()
    posted = responses(page, text)
    expect(posted).to_be_visible()
    return posted


def reply(page: Page, to: Locator, text: str) -> Locator:
    """Reply to the response `to`; the reply as it appears under it."""
    to.get_by_role("link", name="Reply", exact=True).click()
    box = page.get_by_label("Your reply")
    box.fill(text)
    page.get_by_role("button", name="Post reply").click()
    item = page.locator("li.thread-item").filter(has=to).first
    posted = item.locator("ol.replies article.response", has_text=text)
    expect(posted).to_be_visible()
    return posted


def response_id(response: Locator) -> int:
    return int((response.get_attribute("id") or "c0").removeprefix("c"))


@dataclass(frozen=True)
class People:
    readers: tuple[str, ...]
    moderator: str


@pytest.fixture(scope="package")
def people(site: Site) -> People:
    """Readers and a moderator (Moderators group), made through the accounts actions."""
    readers = ("ada", "ben", "cleo", "dev")
    moderator = "mia"
    site.shell(
        "from tribune.accounts import actions\n"
        "from tribune.accounts.terms import current_terms_version\n"
        f"for name in {[*readers, moderator]!r}:\n"
        f"    user = actions.do_signup(name, name + '@example.org', {PASSWORD!r},"
        " terms_version=current_terms_version())\n"
        f"    if name == {moderator!r}:\n"
        "        actions.do_grant_role(user, 'Moderators')\n"
    )
    return People(readers, moderator)


# The flow ------------------------------------------------------------------------------------


def test_a_new_reader_signs_up_responds_to_an_article_and_replies(site: Site, page: Page) -> None:
    require(site, "/signup/", "Sign-up (accounts)")
    title = open_article(page, 0)
    # Reading needs no account; responding asks for one, and signing up comes back here.
    prompt = page.locator("#responses").get_by_text("to respond")
    expect(prompt).to_be_visible()
    prompt.get_by_role("link", name="sign up").click()
    sign_up(page, "newreader")
    # Sign-up offers topics to follow first, then goes back to the article.
    page.get_by_role("button", name="Skip for now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    # With scripts on, htmx puts the new response in place: the page is never reloaded.
    page.evaluate("() => { window.samePage = true; }")
    count = page.locator("#response-count")
    before = int((count.text_content() or "0").split()[0])
    first = respond(page, "The harbour plan leaves out the night ferries.")
    expect(count).to_contain_text(f"{before + 1} response")
    reply(page, first, "To add: the last boat leaves at 22:40.")
    assert page.evaluate("() => window.samePage") is True
    screenshot(page, "article-with-responses")

    # Both are there after a reload, the reply nested under the response, each with a link.
    page.reload()
    first = responses(page, "night ferries").first
    expect(page.locator(f"#replies-{response_id(first)}")).to_contain_text(
        "the last boat leaves at 22:40"
    )
    second = responses(page, "22:40").first
    second.get_by_role("link", name="Link").click()
    expect(page.locator(f"#c{response_id(second)}")).to_be_visible()


def test_responding_works_without_javascript(
    site: Site, open_page: OpenPage, people: People
) -> None:
    require(site, "/discussions/", "Discussions")
    page, _ = open_page(javascript=False)
    log_in(page, people.readers[3])
    open_article(page, 3)
    text = "Read with scripts off: the form still posts."
    respond(page, text)
    expect(page).to_have_url(re.compile(r"/articles/\d+/"))


def test_a_reader_starts_a_discussion_and_finds_it_in_the_list(
    site: Site, page: Page, people: People
) -> None:
    require(site, "/discussions/new/", "Starting a discussion (discussions)")
    log_in(page, people.readers[0])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Discussions").click()
    expect(page.get_by_role("heading", name="Discussions", level=1)).to_be_visible()
    page.get_by_role("link", name="Start a discussion").click()

    title = "Should the city keep the Sunday market?"
    page.get_by_label("Title").fill(title)
    page.get_by_label("What would you like to discuss?").fill(
        "The council votes next week. **Who goes** on Sundays?"
    )
    page.get_by_label("Section", exact=True).select_option(label="Local")
    page.get_by_role("button", name="Start the discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".discussion-body strong")).to_have_text("Who goes")
    detail_url = page.url
    screenshot(page, "discussion")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Discussions").click()
    page.get_by_role("navigation", name="Sort discussions").get_by_role("link", name="New").click()
    listed = page.get_by_role("link", name=title)
    expect(listed).to_be_visible()
    screenshot(page, "discussions")
    listed.click()
    expect(page).to_have_url(detail_url)

    # In its section's list too.
    page.locator("main").get_by_role("link", name="Local", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/discussions/\?section=local"))
    expect(page.get_by_role("link", name=title)).to_be_visible()


def test_a_reader_is_notified_of_a_reply_from_another_reader(
    site: Site, open_page: OpenPage, people: People
) -> None:
    require(site, "/discussions/", "Discussions")
    require(site, "/notifications/", "Notifications")
    writer, _ = open_page()
    replier, _ = open_page()
    log_in(writer, people.readers[1])
    log_in(replier, people.readers[2])

    open_article(writer, 1)
    respond(writer, "Whoever wrote the headline never rode this line.")
    thread_url = writer.url
    notices = account_nav(writer).get_by_role("link", name=re.compile(r"^Notifications"))
    expect(notices.locator(".count")).to_have_count(0)

    replier.goto(thread_url)
    reply(
        replier, responses(replier, "never rode this line").first, "I ride it daily and it is fair."
    )

    writer.goto("/")
    expect(notices).to_have_accessible_name("Notifications 1 unread")
    notices.click()
    notice = writer.locator("main").get_by_role("button", name=re.compile(r"replied to you"))
    expect(notice).to_contain_text(people.readers[2])
    screenshot(writer, "notifications")
    notice.click()
    expect(responses(writer, "I ride it daily")).to_be_visible()
    expect(notices.locator(".count")).to_have_count(0)


def test_a_moderator_hides_a_flagged_response_and_readers_see_why(
    site: Site, open_page: OpenPage, people: People
) -> None:
    require(site, "/moderation/", "The moderation queue")
    writer, _ = open_page()
    log_in(writer, people.readers[0])
    open_article(writer, 2)
    text = "Everyone who disagrees with me is an idiot."
    respond(writer, text)
    thread_url = writer.url

    flagger, _ = open_page()
    log_in(flagger, people.readers[1])
    flagger.goto(thread_url)
    flag = responses(flagger, text).first.get_by_role("link", name="Flag", exact=True)
    require_control(
        flag, "a Flag link on responses (moderation/flag_button.html, drawn by the thread)"
    )
    flag.click()
    flagger.get_by_label("Abusive or harassing").check()
    flagger.get_by_label("Anything the moderators should know").fill("Name-calling.")
    flagger.get_by_role("button", name="Send to the moderators").click()
    expect(flagger.get_by_role("status")).to_contain_text("The moderators will look at it")

    moderator, _ = open_page()
    log_in(moderator, people.moderator)
    queue = account_nav(moderator).get_by_role("link", name=re.compile(r"^Moderation"))
    expect(queue).to_have_accessible_name(re.compile(r"^Moderation \d+ waiting$"))
    queue.click()
    flagged = moderator.get_by_role("region", name="Flagged by readers")
    entry = flagged.locator("article.mod-entry", has_text=text)
    expect(entry).to_contain_text("Abusive or harassing (1)")
    expect(entry).to_contain_text("Name-calling.")
    screenshot(moderator, "moderation-queue")
    entry.get_by_label("Reason shown in its place").fill("Insults other readers.")
    entry.get_by_role("button", name="Hide", exact=True).click()
    expect(flagged.locator("article.mod-entry", has_text=text)).to_have_count(0)
    moderator.get_by_role("link", name="Moderation log").click()
    expect(moderator.locator("main")).to_contain_text("Insults other readers.")

    # Readers see why it is gone, not what it said.
    flagger.goto(thread_url)
    thread = flagger.locator("#responses")
    expect(thread).to_contain_text("[hidden by a moderator: Insults other readers.]")
    expect(thread).not_to_contain_text(text)
    screenshot(flagger, "article-with-hidden-response")
