"""Every write of the site's own pages and of feedback.

`check_*` validate and raise `Refused` with a sentence for the person; `do_*` assume valid
input and run in one transaction. Feedback mail goes out after the transaction commits.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from tribune.accounts.models import User
from tribune.accounts.terms import forget_terms_version
from tribune.core import ratelimit
from tribune.site.defaults import DEFAULTS
from tribune.site.models import FEEDBACK_MAX, PAGE_MAX, VERSION_MAX, Feedback, Page, PageRevision

# Feedback stored (or pretended, for bots) per client address and per account.
FEEDBACK_IP = ratelimit.Limit("feedback-ip", count=10, window=3600)
FEEDBACK_USER = ratelimit.Limit("feedback-user", count=10, window=3600)
# The same message from the same sender within this many seconds is stored once.
DUPLICATE_WINDOW = 60
# Data exports per account: each one reads everything the reader ever did.
EXPORTS = ratelimit.Limit("data-export", count=10, window=3600)
USER_AGENT_MAX = 200
TITLE_MAX = 200
SUMMARY_MAX = 2_000


class Refused(Exception):
    """Not allowed; the message is shown. `retry_after` (seconds) is set by a rate limit."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _limited(limit: ratelimit.Limit, key: str, message: str) -> None:
    try:
        ratelimit.hit(limit, key)
    except ratelimit.RateLimited as exc:
        raise Refused(message, exc.retry_after) from exc


# Pages ---------------------------------------------------------------------------------------


def do_seed_page(slug: str) -> Page:
    """The page with its default text, created if it is missing (a flushed database; the
    data migration seeds a new one). Race-safe: the slug is unique."""
    default = DEFAULTS[slug]
    now = timezone.now()
    try:
        with transaction.atomic():
            page, created = Page.objects.get_or_create(
                slug=slug,
                defaults={
                    "title": default.title,
                    "body_markdown": default.body_markdown,
                    "version": default.version,
                    "summary": default.summary,
                    "updated_at": now,
                },
            )
            if created:
                _record_revision(page, None)
    except IntegrityError:
        return Page.objects.get(slug=slug)
    return page


@dataclass(frozen=True)
class PageText:
    title: str
    body_markdown: str
    version: str
    summary: str


def _clean_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _clean_body(text: str) -> str:
    # Markdown keeps its line breaks and tabs; other control characters (NUL among them,
    # which PostgreSQL refuses) go.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cs")
    ).strip()


def validate_page_text(page: Page, text: PageText) -> PageText:
    """`text` cleaned, if it may replace `page`'s current text; Refused otherwise.

    A version names one text's meaning: it may stay the same for small fixes, but may not
    go back to an earlier version's name. A new version of the Terms needs a summary, because
    readers asked to accept it read that summary first.
    """
    cleaned = PageText(
        title=_clean_line(text.title),
        body_markdown=_clean_body(text.body_markdown),
        version=_clean_line(text.version),
        summary=_clean_body(text.summary),
    )
    if not cleaned.title or len(cleaned.title) > TITLE_MAX:
        raise Refused(f"Give the page a title of at most {TITLE_MAX} characters.")
    if not cleaned.body_markdown:
        raise Refused("The page needs some text.")
    if len(cleaned.body_markdown) > PAGE_MAX:
        raise Refused(f"The text is too long: at most {PAGE_MAX:,} characters.")
    if not cleaned.version or len(cleaned.version) > VERSION_MAX:
        raise Refused(f"Give a version of 1 to {VERSION_MAX} characters, such as a date.")
    if len(cleaned.summary) > SUMMARY_MAX:
        raise Refused(f"The summary is too long: at most {SUMMARY_MAX:,} characters.")
    new_version = cleaned.version != page.version
    if (
        new_version
        and PageRevision.objects.filter(page=page, version__iexact=cleaned.version).exists()
    ):
        raise Refused(
            f"Version “{cleaned.version}” was used before for another text. Choose a new one."
        )
    if new_version and page.slug == Page.Slug.TERMS and not cleaned.summary:
        raise Refused("Say in the summary what changed: readers read it before accepting.")
    return cleaned


def check_save_page(page: Page, text: PageText, by: User | None) -> bool:
    """Save a new text of `page` (as it is stored now); returns False when nothing changed,
    and then nothing is recorded."""
    cleaned = validate_page_text(page, text)
    if (
        cleaned.title == page.title
        and cleaned.body_markdown == _clean_body(page.body_markdown)
        and cleaned.version == page.version
        and cleaned.summary == _clean_body(page.summary)
    ):
        return False
    do_save_page(page, cleaned, by)
    return True


def do_save_page(page: Page, text: PageText, by: User | None) -> Page:
    """Update the page and append its revision; a Terms save makes everyone's cached
    current version stale (now, and again once committed, in case another process re-read
    the old one meanwhile)."""
    now = timezone.now()
    with transaction.atomic():
        Page.objects.filter(pk=page.pk).update(
            title=text.title,
            body_markdown=text.body_markdown,
            version=text.version,
            summary=text.summary,
            updated_at=now,
            updated_by=by,
        )
        page.title, page.body_markdown = text.title, text.body_markdown
        page.version, page.summary = text.version, text.summary
        page.updated_at, page.updated_by = now, by
        _record_revision(page, by)
        if page.slug == Page.Slug.TERMS:
            forget_terms_version()
            transaction.on_commit(forget_terms_version)
    return page


def _record_revision(page: Page, by: User | None) -> None:
    PageRevision.objects.create(
        page=page,
        title=page.title,
        body_markdown=page.body_markdown,
        version=page.version,
        summary=page.summary,
        saved_at=page.updated_at,
        saved_by=by,
    )


# Feedback ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackDraft:
    category: str
    message: str
    email: str
    page: str  # a path on this site, already checked (site.queries.same_site_path)
    user_agent: str


def _sender(user: User | None, ip: str) -> str:
    return f"user:{user.pk}" if user is not None else f"ip:{ip}"


def check_send_feedback(draft: FeedbackDraft, user: User | None, ip: str) -> Feedback | None:
    """Store feedback from a validated form (forms.FeedbackForm). Returns None when the same
    sender sent the same message within a minute (a double submit): stored once."""
    message = _clean_body(draft.message)
    if not message:
        raise Refused("Write a message first.")
    if len(message) > FEEDBACK_MAX:
        raise Refused(f"The message is too long: at most {FEEDBACK_MAX:,} characters.")
    if draft.category not in Feedback.Category.values:
        raise Refused("Choose what your message is about.")
    too_many = "You have sent a lot of feedback already. Please try again later."
    _limited(FEEDBACK_IP, ip, too_many)
    if user is not None:
        _limited(FEEDBACK_USER, str(user.pk), too_many)
    digest = hashlib.sha256(f"{draft.category}\n{message}".encode()).hexdigest()
    if not cache.add(f"feedback-sent:{_sender(user, ip)}:{digest}", 1, DUPLICATE_WINDOW):
        return None
    user_agent = _clean_line(draft.user_agent)[:USER_AGENT_MAX]
    return do_send_feedback(
        FeedbackDraft(draft.category, message, draft.email.strip(), draft.page, user_agent), user
    )


def do_send_feedback(draft: FeedbackDraft, user: User | None) -> Feedback:
    with transaction.atomic():
        feedback = Feedback.objects.create(
            category=draft.category,
            message=draft.message,
            email=draft.email,
            page=draft.page,
            user=user,
            user_agent=draft.user_agent,
        )
    from tribune.site.emails import send_feedback_email

    transaction.on_commit(lambda: send_feedback_email(feedback))
    return feedback


def pretend_feedback(ip: str) -> None:
    """A bot filled the honeypot: it counts against the address's limit; nothing is stored."""
    _limited(FEEDBACK_IP, ip, "You have sent a lot of feedback already. Please try again later.")


def do_set_feedback_status(ids: list[int], status: str) -> int:
    """Admins mark feedback new, seen, answered or closed; returns how many changed."""
    if status not in Feedback.Status.values:
        raise ValueError(f"unknown feedback status {status!r}")
    with transaction.atomic():
        return Feedback.objects.filter(pk__in=ids).exclude(status=status).update(status=status)


# Data export ---------------------------------------------------------------------------------


def check_export(user: User) -> None:
    """A reader may download their data a few times an hour (each export reads it all)."""
    _limited(EXPORTS, str(user.pk), "You downloaded your data several times already. Try later.")
