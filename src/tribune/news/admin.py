"""Admin for sources (with their fetch health), articles, authors, sections and stories."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tribune.news import actions
from tribune.news.models import Article, Author, Section, Source, Story


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin[Section]):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = [
        "__str__",
        "kind",
        "section",
        "full_text",
        "is_active",
        "last_success_at",
        "error_count",
        "last_error_code",
        "next_fetch_at",
    ]
    list_filter = ["kind", "is_active", "full_text", "section", "last_error_code"]
    search_fields = ["title", "feed_url", "site_url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "next_fetch_at",
        "leased_until",
        "fetch_interval",
        "last_fetched_at",
        "last_success_at",
        "last_new_entry_at",
        "error_count",
        "last_error",
        "last_error_code",
        "parser",
        "created_at",
    ]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["fetch_soon"]

    @admin.action(description="Fetch at the next worker pass")
    def fetch_soon(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        count = queryset.update(next_fetch_at=timezone.now(), leased_until=None)
        self.message_user(request, f"{count} sources will be fetched at the next pass.")


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin[Author]):
    list_display = ["name", "role", "source"]
    list_filter = [("source", admin.EmptyFieldListFilter)]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ["title", "source", "kind", "status", "section", "story", "published_at"]
    list_filter = ["kind", "status", "section", "source"]
    search_fields = ["title", "byline"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["authors"]
    list_select_related = ["source", "section", "story"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "standfirst",
                    "kind",
                    "status",
                    "section",
                    "authors",
                    "dateline",
                    "published_at",
                ]
            },
        ),
        (
            "Body",
            {"fields": ["body_markdown"], "description": "Markdown. The site's own pieces only."},
        ),
        (
            "From the source",
            {
                "classes": ["collapse"],
                "fields": [
                    "source",
                    "guid",
                    "url",
                    "byline",
                    "summary",
                    "content_html",
                    "image_url",
                    "language",
                ],
            },
        ),
        (
            "Understanding",
            {
                "classes": ["collapse"],
                "fields": ["story", "clustered_seq", "understood_at"],
                "description": "Set by the clusterer and the tagger (tribune understand).",
            },
        ),
    ]
    readonly_fields = ["content_html", "story", "clustered_seq", "understood_at"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {
            "kind": Article.Kind.OPINION,
            "source": actions.house_source().pk,
            "guid": f"piece:{timezone.now().timestamp()}",
        }

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        if obj.is_editorial:
            actions.render_piece(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        article = form.instance
        if article.is_editorial:
            names = ", ".join(a.name for a in article.authors.all())
            if names != article.byline:
                Article.objects.filter(pk=article.pk).update(byline=names)
        # Tagged (again) and placed in a story once the edit is committed.
        transaction.on_commit(partial(_understand, article.pk, change))

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        story_id = obj.story_id
        super().delete_model(request, obj)
        if story_id is not None:
            actions.do_recount_stories([story_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        story_ids = set(queryset.exclude(story=None).values_list("story_id", flat=True))
        super().delete_queryset(request, queryset)
        actions.do_recount_stories(story_ids)


def _understand(article_id: int, change: bool) -> None:
    from tribune.understanding import pipeline

    if change:
        pipeline.understand_changed_articles([article_id])
    else:
        pipeline.understand_articles([article_id])


class StoryArticleInline(admin.TabularInline[Article, Story]):
    model = Article
    fields = ["title", "source", "kind", "published_at"]
    readonly_fields = ["title", "source", "kind", "published_at"]
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["published_at"]

    def has_add_permission(self, request: HttpRequest, obj: Story | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).select_related("source")


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin[Story]):
    """Stories are made by the clusterer: read-only here. Deleting one would take its readers'
    thread with it; `tribune understand --rebuild` re-forms them instead."""

    list_display = ["title", "source_count", "article_count", "section", "last_published_at"]
    list_filter = ["section"]
    search_fields = ["title"]
    date_hierarchy = "last_published_at"
    list_select_related = ["section"]
    readonly_fields = [
        "title",
        "lead_article",
        "section",
        "first_published_at",
        "last_published_at",
        "article_count",
        "source_count",
        "created_at",
    ]
    inlines = [StoryArticleInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Story | None = None) -> bool:
        return False
