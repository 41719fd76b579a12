"""Admin for the word filter (its cached pattern is forgotten after every change), and
read-only views of flags and the moderation log (the log is never edited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from tribune.moderation import policy
from tribune.moderation.models import FilteredWord, Flag, ModerationAction


@admin.register(FilteredWord)
class FilteredWordAdmin(admin.ModelAdmin[FilteredWord]):
    list_display = ["phrase", "created_at"]
    search_fields = ["phrase"]
    ordering = ["phrase"]
    fields = ["phrase"]

    # After commit: forgetting earlier would let a request re-cache the old list meanwhile.
    def save_model(self, request: HttpRequest, obj: FilteredWord, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        transaction.on_commit(policy.forget_filtered_words)

    def delete_model(self, request: HttpRequest, obj: FilteredWord) -> None:
        super().delete_model(request, obj)
        transaction.on_commit(policy.forget_filtered_words)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[FilteredWord]) -> None:
        super().delete_queryset(request, queryset)
        transaction.on_commit(policy.forget_filtered_words)


class ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(ReadOnly, admin.ModelAdmin[Flag]):
    list_display = ["__str__", "reason", "status", "reporter", "created_at", "resolved_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["reporter"]
    raw_id_fields = ["reporter", "response", "discussion", "resolved_by"]
    date_hierarchy = "created_at"


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnly, admin.ModelAdmin[ModerationAction]):
    list_display = ["created_at", "kind", "moderator", "target_user", "reason", "until"]
    list_filter = ["kind"]
    list_select_related = ["moderator", "target_user"]
    raw_id_fields = ["moderator", "target_user", "response", "discussion"]
    search_fields = ["reason", "target_user__username", "moderator__username"]
    date_hierarchy = "created_at"
