"""Responses for a signed-in reader are private to their browser, and every page says whose
offline copy it may become (caching.HEADER)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from tribune.pwa.caching import HEADER, cache_id


class PrivateCacheMiddleware:
    """Goes after AuthenticationMiddleware. Shared caches (proxies, CDNs) must never keep a
    page made for one reader and hand it to another: `Cache-Control: private` forbids it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        if response.get("Content-Type", "").startswith("text/html"):
            response[HEADER] = cache_id(request)
        return response
