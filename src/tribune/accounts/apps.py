"""The accounts app; after every `migrate` (and test-database flush) the role groups are
brought in step with accounts.roles."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    from django.apps import apps

    from tribune.accounts.roles import sync_roles

    sync_roles(kwargs.get("apps") or apps, using=using)


class AccountsConfig(AppConfig):
    name = "tribune.accounts"
    label = "accounts"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="tribune.accounts.roles")
