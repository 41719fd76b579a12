"""Every cookie the site sets, with its purpose and lifetime: the cookies page shows this list,
and a test walks the site to check no other cookie appears. Names and lifetimes are read from
the settings and modules that set them, so the page cannot drift from what happens."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

from tribune.personalization import cookie as prefs_cookie


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    who: str  # who gets it
    lifetime: str


def _duration(seconds: int) -> str:
    days = seconds // 86400
    if days >= 360:
        years = round(days / 365)
        return f"{years} year{'s' if years != 1 else ''}"
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, seconds // 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


def documented() -> list[Cookie]:
    session = (
        "until you close your browser"
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else f"{_duration(settings.SESSION_COOKIE_AGE)}, or until you log out"
    )
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "Keeps you logged in: it holds a random key that names your login session on "
            "the server, nothing else.",
            "Readers who log in.",
            session,
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "Protects forms against cross-site request forgery: another site cannot send a "
            "form in your name, because it cannot know this random value.",
            "Anyone shown a page with a form (logging in, writing, following).",
            _duration(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            CookieStorage.cookie_name,
            "Carries a one-time message to the next page you see (“Your settings are saved”), "
            "then is deleted.",
            "Anyone, for a moment after doing something the site confirms.",
            "until the message is shown (at most until you close your browser)",
        ),
        Cookie(
            prefs_cookie.NAME,
            "Remembers the topics, sources, sections, authors and keywords you follow or mute "
            "while you have no account. It is signed so it cannot be tampered with, and it is "
            "moved into your account (and deleted) when you sign up or log in.",
            "Readers without an account who follow or mute something.",
            _duration(prefs_cookie.MAX_AGE),
        ),
    ]


def documented_names() -> set[str]:
    return {cookie.name for cookie in documented()}
