"""The service worker script served at /sw.js: static/tribune/sw.js behind a line of
configuration (cache version, app shell, URL patterns) that only the server knows.

The version is a hash of the script, the shell's URLs and the shell files' contents. With
hashed static names (production) any changed asset changes a URL, so every deploy that
changes what readers get makes a new version: the browser installs the new worker, which
fills a new shell cache and deletes the old ones when it activates.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.templatetags.static import static
from django.urls import reverse

SCRIPT = "tribune/sw.js"
# Static files the offline page, every page's head and an article page need: cached when the
# worker installs, so an article saved on a page loaded before the worker existed (none of its
# files went through it) still reads offline whole.
SHELL_STATIC = (
    "tribune/site.css",
    "tribune/accounts.css",
    "tribune/stories.css",
    "tribune/personalization.css",
    "tribune/pwa.css",
    "tribune/app.js",
    "tribune/icon.svg",
    "tribune/icons/icon-192.png",
    # discussions/_head.html, on every article page (its thread)
    "tribune/discussions.css",
    "tribune/vendor/htmx.min.js",
    "tribune/discussions.js",
)
RECENT_LIMIT = 50  # article pages kept from reading, newest first
# An article page's path (news:article); tests check it against the URLconf.
ARTICLE_PATTERN = r"^/articles/\d+/[^/]+/$"


def _read(path: str) -> bytes:
    found = finders.find(path)
    if not found or isinstance(found, list):
        raise FileNotFoundError(path)
    with open(found, "rb") as file:
        return file.read()


def config() -> dict[str, Any]:
    """What the worker needs to know, JSON-ready."""
    shell = [reverse("pwa:offline"), *(static(path) for path in SHELL_STATIC)]
    image = reverse("core:image", args=["x"])
    return {
        "shell": shell,
        "offline": reverse("pwa:offline"),
        "staticPrefix": settings.STATIC_URL,
        # Hashed names never change content: the worker answers them from its cache first.
        "immutableStatic": isinstance(staticfiles_storage, ManifestFilesMixin),
        "imagePrefix": image[: -len("x")],
        "articlePattern": ARTICLE_PATTERN,
        "recentLimit": RECENT_LIMIT,
        "identityHeader": "X-Tribune-Cache-Id",
        "siteName": settings.SITE_NAME,
        "icon": static("tribune/icons/icon-192.png"),
    }


def _build() -> tuple[str, str]:
    settings_part = config()
    digest = hashlib.sha256(_read(SCRIPT))
    digest.update(json.dumps(settings_part, sort_keys=True).encode())
    for path in SHELL_STATIC:
        digest.update(_read(path))
    version = digest.hexdigest()[:16]
    prologue = json.dumps({**settings_part, "version": version}, sort_keys=True)
    text = f"self.TRIBUNE_SW = {prologue};\n" + _read(SCRIPT).decode()
    return text, version


_cached_build = lru_cache(maxsize=1)(_build)


def script() -> tuple[str, str]:
    """The worker's source and its version. Built once per process, or on every request while
    debugging (so an edited script or stylesheet reaches the browser)."""
    return _build() if settings.DEBUG else _cached_build()
