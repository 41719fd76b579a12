"""The `tribune` command: Django's management commands plus Tribune's own.

Tribune's commands take hyphenated names on the command line (add-source, import-opml, ...);
they are Django management commands in tribune.core.management.commands.
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "add-source": "add_source",
    "import-opml": "import_opml",
    "export-opml": "export_opml",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tribune.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "tribune"
    for i in (1, 2) if len(args) > 2 and args[1] == "help" else (1,):
        if len(args) > i:
            args[i] = ALIASES.get(args[i], args[i])
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
