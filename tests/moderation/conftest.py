"""Moderation tests use the same readers, moderator and SMTP server as notifications."""

from tests.notifications.conftest import (  # noqa: F401
    _fresh_cache,
    ana,
    ben,
    cleo,
    discussion,
    mona,
    smtp,
)
