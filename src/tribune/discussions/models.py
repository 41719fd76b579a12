"""Conversations: a reader's discussion or an article's own thread, and its responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tribune.news.models import Article, Section, Story


class Visibility(models.TextChoices):
    VISIBLE = "visible", "Visible"
    PENDING = "pending", "Waiting for a moderator"
    HIDDEN = "hidden", "Hidden by a moderator"
    REMOVED = "removed", "Removed by a moderator"


class Discussion(models.Model):
    """One conversation model for all three: `kind=article` is an article's own response thread
    (created on first need, no author); `kind=discussion` is started by a reader, with a
    title and body, optionally about an article or a section; `kind=story` is a story's
    shared thread (like an article's, created on first need)."""

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article thread"
        DISCUSSION = "discussion", "Discussion"
        STORY = "story", "Story thread"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(max_length=200)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussions",
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="discussions"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="discussions"
    )
    # `kind=story`: the thread every outlet's readers share (one per story).
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.CASCADE, related_name="discussions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    response_count = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    # Stored and indexed; the worker refreshes it over the active window (never computed in
    # ORDER BY). See discussions.ranking.
    hot_rank = models.FloatField(default=0.0)
    locked = models.BooleanField(default=False)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    moderation_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(kind="article"),
                name="one_thread_per_article",
            ),
            models.UniqueConstraint(
                fields=["story"],
                condition=models.Q(kind="story"),
                name="one_thread_per_story",
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "-hot_rank"], name="discussion_hot_idx"),
            models.Index(fields=["visibility", "-created_at"], name="discussion_new_idx"),
            models.Index(fields=["visibility", "-last_activity_at"], name="discussion_active_idx"),
            models.Index(fields=["article", "-last_activity_at"], name="discussion_article_idx"),
            # "Other discussions about this article": without it SQLite walks every visible
            # discussion by date (measured: 20-40 ms at 65k discussions, 0.01 ms with it).
            models.Index(fields=["article", "kind", "-created_at"], name="discussion_about_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.ARTICLE and self.article_id:
            return reverse("news:article", args=[self.article_id, "-"]) + "#responses"
        if self.kind == self.Kind.STORY and self.story_id:
            return reverse("news:story", args=[self.story_id]) + "#responses"
        return reverse("discussions:detail", args=[self.pk])

    @property
    def is_page_thread(self) -> bool:
        """An article's or a story's own thread: it has no author and lives on that page."""
        return self.kind in (self.Kind.ARTICLE, self.Kind.STORY)


class Response(models.Model):
    """A reply in a discussion. The thread renders from one query ordered by `path`: the
    zero-padded ids from the top-level response down to this one (as Lobsters does)."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="responses")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    body_markdown = models.TextField()
    body_html = models.TextField()
    depth = models.PositiveSmallIntegerField(default=0)
    path = models.CharField(max_length=400, db_index=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    score = models.IntegerField(default=0)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    moderation_reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["discussion", "path"], name="response_thread_idx"),
            models.Index(fields=["author", "-created_at"], name="response_author_idx"),
            # The moderation queue and its header count read only held responses.
            models.Index(
                fields=["created_at"],
                condition=models.Q(visibility="pending"),
                name="response_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} in {self.discussion_id}"

    def get_absolute_url(self) -> str:
        return reverse("discussions:response", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ResponseRevision(models.Model):
    """The text a response had before an edit, for moderators."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="revisions")
    body_markdown = models.TextField()
    replaced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Revision of response {self.response_id} ({self.replaced_at:%Y-%m-%d %H:%M})"


class Vote(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    discussion = models.ForeignKey(
        Discussion, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "response"], name="one_vote_per_response"),
            models.UniqueConstraint(fields=["user", "discussion"], name="one_vote_per_discussion"),
            models.CheckConstraint(
                condition=models.Q(response__isnull=False) ^ models.Q(discussion__isnull=False),
                name="vote_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"Vote by {self.user_id} on {self.response_id or self.discussion_id}"
