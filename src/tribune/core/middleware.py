"""Content Security Policy: only our own origin, inline scripts only with the request's nonce."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = "; ".join(
                [
                    "default-src 'self'",
                    f"script-src 'self' 'nonce-{nonce}'",
                    "style-src 'self'",
                    # Article images come through our own proxy (core.images): no page makes
                    # a request to another site.
                    "img-src 'self' data:",
                    "font-src 'self'",
                    "connect-src 'self'",
                    "media-src 'self'",
                    "frame-ancestors 'none'",
                    "form-action 'self'",
                    "base-uri 'self'",
                    "object-src 'none'",
                    "manifest-src 'self'",
                    # The service worker (/sw.js, tribune.pwa): our own script, no other.
                    "worker-src 'self'",
                ]
            )
        return response
