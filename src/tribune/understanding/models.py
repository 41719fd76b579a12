"""Topics (places, organizations, people), the aliases that name them, the tags that say
which articles are about them (with where each tag came from), and name candidates the
extractor found for editors to promote."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone

from tribune.news.models import Article


class Topic(models.Model):
    """Something readers follow. Places come from pycountry and the region list (``code`` is
    the ISO 3166-1 alpha-2 code or ``region:<slug>``); organizations and people come from the
    gazetteer that editors extend, or are promoted from candidates."""

    class Kind(models.TextChoices):
        PLACE = "place", "Place"
        ORGANIZATION = "organization", "Organization"
        PERSON = "person", "Person"

    class Origin(models.TextChoices):
        PLACE_DATA = "place-data", "Country and region data (pycountry)"
        GAZETTEER = "gazetteer", "Bundled gazetteer"
        EDITOR = "editor", "Added by an editor"
        CANDIDATE = "candidate", "Promoted from a candidate"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    code = models.CharField(
        max_length=40, null=True, blank=True, unique=True, help_text="Places only: ISO code."
    )
    description = models.TextField(blank=True)
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.EDITOR)
    is_active = models.BooleanField(
        default=True, help_text="Inactive topics tag nothing and have no page."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="topic_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("understanding:topic", args=[self.slug])


class Alias(models.Model):
    """Another name for a topic ("IAEA" for the International Atomic Energy Agency).
    ``key`` is the normalized form the tagger matches; one key names one topic."""

    class Origin(models.TextChoices):
        GAZETTEER = "gazetteer", "Bundled gazetteer"
        EDITOR = "editor", "Added by an editor"
        CANDIDATE = "candidate", "Promoted from a candidate"

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)
    case_sensitive = models.BooleanField(
        default=False, help_text="Match exact case only (acronyms such as WHO or UN)."
    )
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.EDITOR)

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """An article is about a topic. ``published_at`` repeats the article's so topic pages and
    timelines read one index; ``origin`` says where the tag came from."""

    class Origin(models.TextChoices):
        PLACE_NAME = "name", "Place name"
        DEMONYM = "demonym", "Demonym or adjective"
        CITY = "city", "City"
        REGION = "region", "Region"
        GAZETTEER = "gazetteer", "Gazetteer alias"
        EDITOR = "editor", "Editor"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tags")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tags")
    origin = models.CharField(max_length=12, choices=Origin.choices)
    matched = models.CharField(max_length=200, blank=True, help_text="The text that matched.")
    mentions = models.PositiveSmallIntegerField(default=1)
    in_title = models.BooleanField(default=False)
    published_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="tag_unique_per_article")
        ]
        indexes = [models.Index(fields=["topic", "-published_at"], name="tag_topic_latest_idx")]

    def __str__(self) -> str:
        return f"{self.topic} on {self.article_id}"


class Candidate(models.Model):
    """A name the statistical extractor keeps seeing that no alias covers. Editors promote it
    to a topic (it then tags future articles) or dismiss it (it is never proposed again)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        PROMOTED = "promoted", "Promoted"
        DISMISSED = "dismissed", "Dismissed"

    class Guess(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True)
    guess = models.CharField(max_length=12, choices=Guess.choices, default=Guess.UNKNOWN)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    article_count = models.PositiveIntegerField(default=0)
    source_count = models.PositiveIntegerField(default=0)
    examples = models.JSONField(default=list, blank=True, help_text="A few article ids.")
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )

    class Meta:
        indexes = [models.Index(fields=["status", "-article_count"], name="candidate_queue_idx")]

    def __str__(self) -> str:
        return self.name
