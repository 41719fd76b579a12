"""Admin of the site's pages (edited as Markdown, every save kept as a revision) and of the
feedback readers send (read it, mark it seen, answered or closed). Writes go through actions."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from tribune.accounts.models import User
from tribune.site import actions
from tribune.site.forms import PageAdminForm
from tribune.site.models import Feedback, Page, PageRevision


class RevisionInline(admin.TabularInline[PageRevision, Page]):
    model = PageRevision
    extra = 0
    can_delete = False
    fields = ("saved_at", "version", "summary", "saved_by")
    readonly_fields = fields
    ordering = ("-saved_at", "-pk")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Page | None = None) -> bool:
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin[Page]):
    form = PageAdminForm
    list_display = ("title", "slug", "version", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")
    inlines = [RevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the three pages exist from the start

    def has_delete_permission(self, request: HttpRequest, obj: Page | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        stored = Page.objects.get(pk=obj.pk)  # the form has already written into `obj`
        by = request.user if isinstance(request.user, User) else None
        text = actions.PageText(obj.title, obj.body_markdown, obj.version, obj.summary)
        try:
            saved = actions.check_save_page(stored, text, by)
        except actions.Refused as exc:  # the form checked already; a race lands here
            self.message_user(request, exc.message, messages.ERROR)
            return
        if not saved:
            self.message_user(request, "Nothing changed, so no new revision was recorded.")


@admin.register(PageRevision)
class PageRevisionAdmin(admin.ModelAdmin[PageRevision]):
    list_display = ("page", "version", "saved_at", "saved_by")
    list_filter = ("page",)
    fields = ("page", "title", "version", "summary", "body_markdown", "saved_at", "saved_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PageRevision | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PageRevision | None = None) -> bool:
        return False


def _status_action(status: str, label: str) -> Any:
    def mark(modeladmin: FeedbackAdmin, request: HttpRequest, queryset: QuerySet[Feedback]) -> None:
        changed = actions.do_set_feedback_status(
            list(queryset.values_list("pk", flat=True)), status
        )
        modeladmin.message_user(request, f"{changed} marked {label.lower()}.")

    mark.__name__ = f"mark_{status}"
    return admin.action(description=f"Mark as {label.lower()}")(mark)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin[Feedback]):
    list_display = ("created_at", "category", "status", "excerpt", "user", "email", "page")
    list_filter = ("status", "category")
    search_fields = ("message", "email", "user__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    list_select_related = ("user",)
    fields = (
        "status",
        "category",
        "message",
        "email",
        "user",
        "page",
        "user_agent",
        "created_at",
    )
    readonly_fields = ("category", "message", "email", "user", "page", "user_agent", "created_at")
    actions = [_status_action(value, label) for value, label in Feedback.Status.choices]

    @admin.display(description="Message")
    def excerpt(self, obj: Feedback) -> str:
        text = " ".join(obj.message.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Feedback, form: Any, change: bool) -> None:
        actions.do_set_feedback_status([obj.pk], obj.status)
