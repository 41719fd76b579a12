"""Admin for notifications and follows: read-only, for looking into "why was I (not) told"."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tribune.notifications.models import Notification, Subscription


class ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnly, admin.ModelAdmin[Notification]):
    list_display = ["created_at", "kind", "recipient", "actor", "read_at", "emailed_at"]
    list_filter = ["kind", "email_due"]
    list_select_related = ["recipient", "actor"]
    raw_id_fields = ["recipient", "actor", "discussion", "response"]
    search_fields = ["recipient__username"]
    date_hierarchy = "created_at"


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnly, admin.ModelAdmin[Subscription]):
    list_display = ["user", "discussion", "created_at"]
    list_select_related = ["user", "discussion"]
    raw_id_fields = ["user", "discussion"]
    search_fields = ["user__username"]
