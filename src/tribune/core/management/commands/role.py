"""tribune role USER ROLE [--remove]: make a reader a moderator, editor or admin (or not)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tribune.accounts import roles
from tribune.accounts.actions import do_grant_role, do_revoke_role
from tribune.accounts.models import User

ROLE_NAMES = {"moderator": roles.MODERATORS, "editor": roles.EDITORS, "admin": roles.ADMINS}


class Command(BaseCommand):
    help = "Give a reader a role (moderator, editor, admin), or take it away with --remove."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLE_NAMES))
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(f"No reader named {options['username']!r}.")
        role = ROLE_NAMES[options["role"]]
        if options["remove"]:
            do_revoke_role(user, role)
            self.stdout.write(f"{user.username} is no longer in {role}.")
        else:
            do_grant_role(user, role)
            self.stdout.write(f"{user.username} is now in {role}.")
