"""Sources, the articles they bring, the people who write them and the sections they sit in."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone


class Section(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=100, help_text="Order on the front page.")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:section", args=[self.slug])


class Source(models.Model):
    """A feed Tribune polls, or the site's own newsroom (kind=house, never fetched)."""

    class Kind(models.TextChoices):
        FEED = "feed", "Feed"
        HOUSE = "house", "The site's own newsroom"

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FEED)
    title = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    feed_url = models.URLField(max_length=2000, unique=True, null=True, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=20, blank=True)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Articles go here unless their own category names a section.",
    )
    full_text = models.BooleanField(
        default=False, help_text="Fetch each new article's page and extract its full text."
    )
    is_active = models.BooleanField(default=True)

    # Polling state. The worker claims due sources by setting leased_until (see ingest.scheduler).
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_fetch_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    leased_until = models.DateTimeField(null=True, blank=True)
    fetch_interval = models.PositiveIntegerField(
        default=3600, help_text="Seconds, adapted to how often it publishes."
    )
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_new_entry_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_error_code = models.CharField(max_length=40, blank=True)
    parser = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["next_fetch_at"], name="source_due_idx")]

    def __str__(self) -> str:
        return self.title or self.feed_url or self.slug

    def get_absolute_url(self) -> str:
        return reverse("news:source", args=[self.slug])


class Author(models.Model):
    """A byline. House authors have a bio and write the site's own pieces; feed bylines are
    kept per source so two outlets' "Staff" never merge."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="authors"
    )
    role = models.CharField(
        max_length=80, blank=True, help_text="Columnist, Contributing writer, ..."
    )
    bio = models.TextField(blank=True, help_text="Shown at the end of their pieces.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="author_unique_per_source")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:author", args=[self.slug])


class Story(models.Model):
    """One event as several sources report it. Articles join incrementally as they arrive
    (see understanding.stories); the counters are kept by the actions that assign them."""

    title = models.CharField(max_length=1000, help_text="The headline of its lead article.")
    lead_article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    first_published_at = models.DateTimeField(default=timezone.now)
    last_published_at = models.DateTimeField(default=timezone.now)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "stories"
        indexes = [
            models.Index(fields=["-last_published_at"], name="story_latest_idx"),
            models.Index(fields=["source_count", "-last_published_at"], name="story_size_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:story", args=[self.pk])


class Article(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Report (from a source)"
        ORIGINAL = "original", "Original reporting"
        OPINION = "opinion", "Opinion"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    guid = models.CharField(max_length=1000)
    url = models.URLField(max_length=2000, blank=True)
    # The canonical URL without scheme and tracking parameters: http/https and utm_* twins of
    # one article share it, so the unique constraint makes them one row.
    url_key = models.CharField(max_length=2000, null=True, blank=True, unique=True)
    slug = models.SlugField(max_length=120, blank=True)
    title = models.CharField(max_length=1000)
    standfirst = models.TextField(blank=True, help_text="One-sentence deck under the headline.")
    summary = models.TextField(blank=True, help_text="Plain text.")
    content_html = models.TextField(blank=True, help_text="Sanitized HTML.")
    content_text = models.TextField(blank=True)
    body_markdown = models.TextField(blank=True, help_text="For the site's own pieces.")
    byline = models.CharField(max_length=500, blank=True)
    dateline = models.CharField(max_length=100, blank=True, help_text='e.g. "PORT ALDER"')
    authors = models.ManyToManyField(Author, blank=True, related_name="articles")
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    language = models.CharField(max_length=20, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    enclosures = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    reading_minutes = models.PositiveSmallIntegerField(default=1)
    has_full_text = models.BooleanField(default=False)
    content_hash = models.CharField(max_length=64, blank=True)
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    # Set when the clusterer has placed the article (a story of its own counts): increasing
    # across workers, so each worker's in-memory index replays the others' work in order.
    clustered_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    # Set when tagging ran (tags may still be none).
    understood_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], name="article_unique_guid_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_latest_idx"),
            models.Index(fields=["source", "-published_at"], name="article_source_idx"),
            models.Index(fields=["section", "-published_at"], name="article_section_idx"),
            models.Index(fields=["story", "-published_at"], name="article_story_idx"),
        ]
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", args=[self.pk, self.slug or "-"])

    @property
    def is_editorial(self) -> bool:
        return self.kind != self.Kind.REPORT
