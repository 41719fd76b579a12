"""Admin for discussions: look things up, read edit history. Writes that matter (posting,
hiding, locking) go through actions, so bodies and counts are read-only here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tribune.discussions.models import Discussion, Response, ResponseRevision


class RevisionInline(admin.TabularInline[ResponseRevision, Response]):
    model = ResponseRevision
    extra = 0
    can_delete = False
    fields = ("replaced_at", "body_markdown")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Response | None = None) -> bool:
        return False


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin[Discussion]):
    list_display = (
        "title",
        "kind",
        "author",
        "visibility",
        "response_count",
        "score",
        "created_at",
    )
    list_filter = ("kind", "visibility", "locked")
    search_fields = ("title", "author__username")
    raw_id_fields = ("author", "article")
    readonly_fields = (
        "body_markdown",
        "body_html",
        "response_count",
        "score",
        "hot_rank",
        "created_at",
        "edited_at",
        "last_activity_at",
    )


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ("id", "discussion", "author", "visibility", "score", "created_at", "edited_at")
    list_filter = ("visibility",)
    search_fields = ("author__username", "body_markdown")
    raw_id_fields = ("discussion", "parent", "author")
    readonly_fields = (
        "body_markdown",
        "body_html",
        "depth",
        "path",
        "score",
        "created_at",
        "edited_at",
        "deleted_at",
    )
    inlines = [RevisionInline]
