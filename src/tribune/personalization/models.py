"""What a reader asked for: follows and mutes of topics, sections, sources, authors and
keyword phrases (a mute may expire), the trainer's learned weights, and read marks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tribune.news.models import Article, Author, Section, Source
from tribune.understanding.models import Topic


class TargetKind(models.TextChoices):
    TOPIC = "topic", "Topic"
    SECTION = "section", "Section"
    SOURCE = "source", "Source"
    AUTHOR = "author", "Author"
    KEYWORD = "keyword", "Keyword"


class Target(models.Model):
    """What a rule or weight is about: exactly one of the foreign keys, or a phrase.
    Every key cascades, so a deleted topic or source takes its follows with it."""

    kind = models.CharField(max_length=8, choices=TargetKind.choices)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.CASCADE)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.CASCADE)
    phrase = models.CharField(
        max_length=100, blank=True, help_text="Keywords only: plain words, never a pattern."
    )

    class Meta:
        abstract = True

    @property
    def target(self) -> Topic | Section | Source | Author | str:
        value = getattr(self, self.kind) if self.kind != TargetKind.KEYWORD else self.phrase
        assert value is not None
        return value


def _one_per_target(model: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["user", field],
            condition=models.Q(kind=kind),
            name=f"{model}_one_per_{kind}",
        )
        for kind, field in (
            ("topic", "topic"),
            ("section", "section"),
            ("source", "source"),
            ("author", "author"),
            ("keyword", "phrase"),
        )
    ]


class Rule(Target):
    """A follow or a mute."""

    class Verb(models.TextChoices):
        FOLLOW = "follow", "Follow"
        MUTE = "mute", "Mute"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rules"
    )
    verb = models.CharField(max_length=6, choices=Verb.choices)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Mutes only: stops applying after this time."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = _one_per_target("rule")
        indexes = [models.Index(fields=["user", "verb"], name="rule_user_idx")]

    def __str__(self) -> str:
        return f"{self.verb} {self.target}"


class Weight(Target):
    """The trainer: "show fewer like this" lowers the weight of an item's topic, source or
    author for this reader; For You multiplies by it. 1.0 is neutral."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weights"
    )
    value = models.FloatField(default=1.0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = _one_per_target("weight")

    def __str__(self) -> str:
        return f"{self.target} x{self.value:.2f}"


class ReadMark(models.Model):
    """The reader opened this article."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_marks"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="read_once_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.article_id}"


class ReaderSettings(models.Model):
    """Per-reader switches of the news views (created on first change)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_settings"
    )
    hide_read = models.BooleanField(default=False)
    onboarded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reader finished or skipped onboarding."
    )

    class Meta:
        verbose_name_plural = "reader settings"

    def __str__(self) -> str:
        return f"settings of {self.user_id}"
