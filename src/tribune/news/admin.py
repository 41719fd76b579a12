"""Admin for sources (with their fetch health), articles, authors and sections."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from tribune.news import actions
from tribune.news.models import Article, Author, Section, Source


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
    list_display = ["title", "source", "kind", "status", "section", "published_at"]
    list_filter = ["kind", "status", "section", "source"]
    search_fields = ["title", "byline"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["authors"]
    list_select_related = ["source", "section"]
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
    ]
    readonly_fields = ["content_html"]

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
