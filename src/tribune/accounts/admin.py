"""Admin for accounts: readers (with their terms, moderation state and roles) and blocks."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm

from tribune.accounts.models import Block, User


class AdminUserCreationForm(UserCreationForm[User]):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    add_form = AdminUserCreationForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("display_name", "email", "email_confirmed_at", "bio")}),
        ("Email preferences", {"fields": ("email_on_reply", "email_on_mention")}),
        ("Terms of Service", {"fields": ("terms_version", "terms_accepted_at")}),
        (
            "Moderation",
            {"fields": ("approved_posts", "suspended_until", "banned", "suspension_reason")},
        ),
        (
            "Roles and permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("terms_version", "terms_accepted_at", "last_login", "date_joined")
    list_display = ("username", "display_name", "email", "is_staff", "banned", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active", "banned", "groups")
    search_fields = ("username", "display_name", "email")
    ordering = ("-date_joined",)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ("blocker", "blocked", "created_at")
    search_fields = ("blocker__username", "blocked__username")
    raw_id_fields = ("blocker", "blocked")
