"""The site's own pages (FAQ, Privacy Policy, Terms of Service) with every saved version, and
the feedback readers send."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

FEEDBACK_MAX = 5_000
PAGE_MAX = 100_000  # characters of Markdown an admin may save as one page
VERSION_MAX = 20  # as long as accounts.User.terms_version


class Page(models.Model):
    """The current text of one page. Every save also appends a PageRevision, so the history
    (what readers accepted, and when) stays when the text changes."""

    class Slug(models.TextChoices):
        FAQ = "faq", "FAQ"
        PRIVACY = "privacy", "Privacy Policy"
        TERMS = "terms", "Terms of Service"

    slug = models.CharField(max_length=10, choices=Slug.choices, unique=True)
    title = models.CharField(max_length=200)
    body_markdown = models.TextField(
        max_length=PAGE_MAX,
        help_text="Markdown. {{ site_name }} and {{ site_url }} are replaced by the site's "
        "name and address when the page is shown.",
    )
    version = models.CharField(
        max_length=VERSION_MAX,
        help_text="Change it when the meaning changes; keep it for typo fixes. A new version "
        "of the Terms of Service asks every signed-in reader to accept it again.",
    )
    summary = models.TextField(
        blank=True,
        max_length=2_000,
        help_text="What changed in this version, in a few sentences. Readers asked to accept "
        "new Terms read it first.",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"site:{self.slug}")


class PageRevision(models.Model):
    """One saved version of a page, the current one included (append-only)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    body_markdown = models.TextField()
    version = models.CharField(max_length=VERSION_MAX)
    summary = models.TextField(blank=True)
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["page", "-saved_at"], name="page_revision_idx")]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version} ({self.saved_at:%Y-%m-%d %H:%M})"


class Feedback(models.Model):
    """A message to the people who run the site, with or without an account."""

    class Category(models.TextChoices):
        BUG = "bug", "Something is broken"
        IDEA = "idea", "An idea"
        CONTENT = "content", "About an article, a response or a discussion"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        NEW = "new", "New"
        SEEN = "seen", "Seen"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    category = models.CharField(max_length=10, choices=Category.choices)
    message = models.TextField(max_length=FEEDBACK_MAX)
    email = models.EmailField(blank=True, help_text="Where the sender would like an answer.")
    page = models.CharField(
        max_length=500, blank=True, help_text="The path of the page it was sent from."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    user_agent = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["status", "-created_at"], name="feedback_status_idx")]

    def __str__(self) -> str:
        first = " ".join(self.message.split())[:60]
        return f"{self.get_category_display()}: {first}"
