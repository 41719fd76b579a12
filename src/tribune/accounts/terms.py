"""Which version of the Terms of Service a reader accepts when signing up.

For now the Terms are a page of the site and their version is a date here; a later change
moves them into the database and this function reads it from there.
"""

from __future__ import annotations

CURRENT_TERMS_VERSION = "2026-11-25"


def current_terms_version() -> str:
    """The version a reader accepts today (recorded on the account as `terms_version`)."""
    return CURRENT_TERMS_VERSION
