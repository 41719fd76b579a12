"""Roles: every account is a reader; Moderators, Editors and Admins are Django groups.

The groups and their permissions are declared here once. A data migration creates them and a
post_migrate hook (accounts.apps) keeps them in step, so permissions of models added later, and
groups emptied by a test database flush, come back on the next `migrate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.contrib.auth.models import AnonymousUser

    from tribune.accounts.models import User

MODERATORS = "Moderators"
EDITORS = "Editors"
ADMINS = "Admins"
STAFF_ROLES = (MODERATORS, EDITORS, ADMINS)

_VIEW = ("view",)
_EDIT = ("view", "change")
_ALL = ("view", "add", "change", "delete")

# (app label, model) -> actions, per group. Moderators keep discussions civil, Editors run the
# newsroom (articles, authors, sections), Admins do both and manage sources and accounts.
_MODERATOR_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("discussions", "discussion"): _EDIT,
    ("discussions", "response"): _EDIT,
    ("discussions", "responserevision"): _VIEW,
    ("moderation", "flag"): _EDIT,
    ("moderation", "moderationaction"): ("view", "add"),
    ("moderation", "filteredword"): _ALL,
    ("accounts", "user"): _VIEW,
    ("accounts", "block"): _VIEW,
}
_EDITOR_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("news", "article"): _ALL,
    ("news", "author"): _ALL,
    ("news", "section"): ("view", "add", "change"),
    ("news", "source"): _VIEW,
    ("news", "story"): _EDIT,
    # The gazetteer: editors add topics and aliases and promote or dismiss candidates.
    ("understanding", "topic"): _ALL,
    ("understanding", "alias"): _ALL,
    ("understanding", "candidate"): _EDIT,
    ("understanding", "tag"): _ALL,
}
_ADMIN_PERMISSIONS: dict[tuple[str, str], tuple[str, ...]] = {
    **_MODERATOR_PERMISSIONS,
    **_EDITOR_PERMISSIONS,
    ("news", "section"): _ALL,
    ("news", "source"): _ALL,
    ("discussions", "discussion"): _ALL,
    ("discussions", "response"): _ALL,
    ("moderation", "flag"): _ALL,
    ("accounts", "user"): _EDIT,
    ("accounts", "block"): _ALL,
    ("auth", "group"): _VIEW,
    ("notifications", "notification"): _VIEW,
    ("site_pages", "page"): _EDIT,
    ("site_pages", "pagerevision"): _VIEW,
    ("site_pages", "feedback"): _EDIT,
}
ROLE_PERMISSIONS: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {
    MODERATORS: _MODERATOR_PERMISSIONS,
    EDITORS: _EDITOR_PERMISSIONS,
    ADMINS: _ADMIN_PERMISSIONS,
}


def sync_roles(apps: Apps, using: str = "default") -> None:
    """Create the role groups and give each at least its declared permissions.

    Works with migration state apps and with the live registry; permissions whose model does
    not exist (yet) are skipped. Permissions an admin added by hand are left alone.
    """
    from django.apps import apps as live_apps
    from django.contrib.auth.management import create_permissions
    from django.db.models import Q

    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in live_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, wanted in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.using(using).get_or_create(name=name)
        match = Q(pk__in=[])
        for (app_label, model), actions in wanted.items():
            match |= Q(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        group.permissions.add(*permission_model.objects.using(using).filter(match))


def _role_names(user: Any) -> frozenset[str]:
    """The user's group names, read once per user object (requests reuse `request.user`)."""
    cached: frozenset[str] | None = getattr(user, "_tribune_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._tribune_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached group names after the user's groups changed."""
    if hasattr(user, "_tribune_roles"):
        del user._tribune_roles


def has_role(user: User | AnonymousUser, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(_role_names(user) & set(roles))


def is_moderator(user: User | AnonymousUser) -> bool:
    """Moderators, Admins and superusers handle flags and see hidden posts."""
    return has_role(user, MODERATORS, ADMINS)


def is_editor(user: User | AnonymousUser) -> bool:
    """Editors, Admins and superusers publish the site's own pieces."""
    return has_role(user, EDITORS, ADMINS)


def is_admin(user: User | AnonymousUser) -> bool:
    return has_role(user, ADMINS)


def role_labels(user: User) -> list[str]:
    """What a profile page says about the user's role ("Moderator", "Editor")."""
    if not user.is_active:
        return []
    names = _role_names(user)
    labels = []
    if user.is_superuser or ADMINS in names:
        labels.append("Admin")
    if MODERATORS in names:
        labels.append("Moderator")
    if EDITORS in names:
        labels.append("Editor")
    return labels
