"""Whose offline copies a page belongs to: the opaque per-session cache id the service worker
and app.js key their caches by (never the username), sent in a <meta> tag and a header."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

HEADER = "X-Tribune-Cache-Id"
PUBLIC = "public"  # readers who are not signed in: nothing of an account in their pages
_SALT = "tribune.pwa.cache-id"


def cache_id(request: HttpRequest) -> str:
    """`public` for anonymous readers; for a signed-in reader, a keyed hash of the session,
    so it changes at every log-in (the session key is renewed) and tells nothing about them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return PUBLIC
    key = request.session.session_key or f"user:{user.pk}:{user.get_session_auth_hash()}"
    return salted_hmac(_SALT, key, algorithm="sha256").hexdigest()[:32]
