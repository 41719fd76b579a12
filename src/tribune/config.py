"""Every TRIBUNE_* environment variable, declared once with its default and meaning.

settings.py reads values through `value()`; the README documents each name (a test checks).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "TRIBUNE_DATA_DIR", "./var", "Where the SQLite database, secret key and demo files live."
    ),
    Setting(
        "TRIBUNE_DATABASE_URL",
        "",
        "Database URL (postgres://user@host/db). "
        "Empty: SQLite in WAL mode at DATA_DIR/tribune.sqlite3.",
    ),
    Setting(
        "TRIBUNE_SECRET_KEY",
        "",
        "Django secret key. Empty: generated once and kept in DATA_DIR/secret_key.",
    ),
    Setting("TRIBUNE_DEBUG", "0", "1 turns on Django's debug pages. Never in production."),
    Setting(
        "TRIBUNE_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the site answers to.",
    ),
    Setting(
        "TRIBUNE_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins (https://news.example.org) trusted for form posts behind a proxy.",
    ),
    Setting(
        "TRIBUNE_HTTPS",
        "0",
        "1 when served behind HTTPS: secure cookies, HSTS and redirect to https.",
    ),
    Setting(
        "TRIBUNE_PROXY_COUNT",
        "0",
        "Reverse proxies in front of Tribune; their X-Forwarded-For gives readers' addresses.",
    ),
    Setting(
        "TRIBUNE_CACHE_URL", "", "redis://host:6379/0 for a shared cache; empty: local memory."
    ),
    Setting(
        "TRIBUNE_FETCH_ALLOWED_NETWORKS",
        "",
        "Comma-separated CIDRs the fetcher may reach although private (e.g. 10.0.0.0/8).",
    ),
    Setting(
        "TRIBUNE_FETCH_TIMEOUT",
        "30",
        "Total deadline in seconds for one fetch, redirects included.",
    ),
    Setting(
        "TRIBUNE_FETCH_MAX_BYTES", "10485760", "Largest body accepted, counted after decompression."
    ),
    Setting("TRIBUNE_FETCH_CONCURRENCY", "8", "Sources one worker process fetches at once."),
    Setting(
        "TRIBUNE_FETCH_PER_HOST", "2", "Requests one worker process makes to one host at once."
    ),
    Setting(
        "TRIBUNE_FETCH_MIN_INTERVAL",
        "900",
        "Shortest time in seconds between two fetches of a source.",
    ),
    Setting(
        "TRIBUNE_FETCH_MAX_INTERVAL",
        "86400",
        "Longest time in seconds between two fetches of a source.",
    ),
    Setting(
        "TRIBUNE_USER_AGENT",
        "",
        "User-Agent for outbound requests. Empty: 'Tribune/<version> (+<site url>)'.",
    ),
    Setting(
        "TRIBUNE_FIRST_POSTS_NEED_APPROVAL",
        "0",
        "How many of a new member's first posts wait for a moderator (0: none).",
    ),
    Setting(
        "TRIBUNE_EMAIL_URL",
        "console:",
        "Outgoing mail: console: (print), smtp://user:password@host:587 (STARTTLS on 587 or "
        "with ?tls=1; ?tls=0 turns it off), smtps://user:password@host (TLS on connect, port "
        "465); percent-encode @ and : in the password; ?timeout=seconds.",
    ),
    Setting(
        "TRIBUNE_EMAIL_FROM", "Tribune <tribune@localhost>", "The From address of the site's mail."
    ),
    Setting(
        "TRIBUNE_FEEDBACK_EMAIL",
        "",
        "Comma-separated addresses that receive what readers send through the feedback form "
        "(it is in the admin either way). Empty: no email.",
    ),
    Setting("TRIBUNE_SITE_NAME", "Tribune", "The site's name in pages and feeds."),
    Setting(
        "TRIBUNE_SITE_URL",
        "http://127.0.0.1:8000",
        "Public base URL, used in the User-Agent and feeds.",
    ),
    Setting(
        "TRIBUNE_WEB_PUSH",
        "0",
        "1 lets readers turn on push notifications of replies and mentions (the worker sends "
        "them; the site's VAPID keys are made on first use and kept in the database).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def value(name: str) -> str:
    """The environment's value for a declared setting, or its default."""
    return os.environ.get(name, _BY_NAME[name].default)


def flag(name: str) -> bool:
    return value(name).strip().lower() in {"1", "true", "yes", "on"}


def integer(name: str) -> int:
    return int(value(name))


def listing(name: str) -> list[str]:
    return [part.strip() for part in value(name).split(",") if part.strip()]
