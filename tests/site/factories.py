"""Builders for the site tests, going through the real actions."""

from __future__ import annotations

from itertools import count

from tests.factories import entry, make_section, make_source
from tribune.accounts import actions as accounts
from tribune.accounts.models import User
from tribune.accounts.terms import current_terms_version
from tribune.discussions import actions as talk
from tribune.discussions.models import Discussion, Response
from tribune.news.actions import do_store_entries
from tribune.news.models import Article
from tribune.site import actions
from tribune.site.models import Page
from tribune.understanding.models import Topic

PASSWORD = "a long and quiet harbour"
_n = count(1)


def make_reader(username: str, **fields: object) -> User:
    """A reader who signed up today, accepting the Terms of the day."""
    user = accounts.do_signup(
        username, f"{username}@example.org", PASSWORD, terms_version=current_terms_version()
    )
    if fields:
        User.objects.filter(pk=user.pk).update(**fields)
        user.refresh_from_db()
    return user


def make_article(title: str = "") -> Article:
    guid = f"site-{next(_n)}"
    source = make_source()
    do_store_entries(source, [entry(guid, title=title or f"Article {guid}")])
    return Article.objects.get(source=source)


def start(user: User, title: str = "The harbour wall", body: str = "Let us talk.") -> Discussion:
    return talk.do_start_discussion(user, title, body)


def respond(
    user: User, discussion: Discussion, body: str = "A response.", parent: Response | None = None
) -> Response:
    return talk.do_respond(user, discussion, body, parent=parent)


def new_terms(version: str, summary: str, body: str = "") -> Page:
    """Publish a new version of the Terms of Service, as an admin would."""
    page = Page.objects.get(slug=Page.Slug.TERMS)
    actions.check_save_page(
        page,
        actions.PageText(
            page.title, body or page.body_markdown + f"\n\nRevised: {version}.", version, summary
        ),
        None,
    )
    return Page.objects.get(slug=Page.Slug.TERMS)


def make_topic(name: str) -> Topic:
    slug = name.lower().replace(" ", "-")
    return Topic.objects.create(kind=Topic.Kind.ORGANIZATION, name=name, slug=slug)


def fill_account(user: User, other: User, moderator: User, n: int) -> None:
    """Give `user` n of every kind of data an account can have, through the real actions."""
    from tribune.moderation import actions as moderation
    from tribune.notifications import actions as notices
    from tribune.personalization import actions as personal
    from tribune.personalization.prefs import Target
    from tribune.pwa import actions as pwa
    from tribune.pwa.webpush import Subscription

    theirs = start(other, f"Other's talk {next(_n)}", "Their words.")
    section = make_section(f"Section {next(_n)}")
    for i in range(n):
        k = next(_n)
        own = start(user, f"Mine {k}", f"My discussion {k}.")
        response = respond(user, theirs, f"My response {k}.")
        talk.do_edit_response(response, f"My response {k}, edited.")
        reply = respond(other, own, f"A reply to @{user.username} {k}.")
        with_mention = respond(other, theirs, f"Hello @{user.username} {k}.")
        talk.do_vote(user, reply)
        talk.do_vote(user, with_mention)
        notices.do_follow(user, theirs)
        article = make_article(f"Story {k}")
        personal.do_mark_read(user, article.pk)
        topic = make_topic(f"Topic {k}")
        personal.do_set_rule(user, Target("topic", id=topic.pk), "follow", None)
        personal.do_set_rule(user, Target("keyword", phrase=f"word{k}"), "mute", None)
        personal.do_set_rule(user, Target("source", id=article.source_id), "mute", None)
        personal.do_train(user, [Target("topic", id=topic.pk)], 0.7)
        moderation.do_flag(user, with_mention, "spam", f"Note {k}")
        moderation.do_warn(moderator, user, f"Warning {k}")
        actions.do_send_feedback(
            actions.FeedbackDraft("idea", f"Idea {k}", f"{user.username}@home.example", "/", ""),
            user,
        )
        pwa.do_subscribe(
            user, Subscription(f"https://push.example.org/{user.pk}/{k}", "key", "auth"), ""
        )
        accounts.do_block(user, make_reader(f"blocked{k}"))
    personal.do_set_rule(user, Target("section", id=section.pk), "follow", None)
    personal.do_set_hide_read(user, True)
