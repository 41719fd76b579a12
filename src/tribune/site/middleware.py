"""New Terms of Service: signed-in readers who accepted an earlier version are sent to the
"Updated Terms" page before anything else, except pages they need to read the Terms, to leave
(log out) or to take their data and go.

Accounts with no accepted version at all never went through sign-up (made by an operator:
createsuperuser, the admin, the demo loader); the operator vouches for those, so they are
not asked. Goes after AuthenticationMiddleware.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from tribune.accounts.terms import current_terms_version

# Views a reader who has not accepted the new Terms may still use.
EXEMPT_VIEWS = frozenset(
    {
        "site:terms",
        "site:terms_accept",
        "site:privacy",
        "site:faq",
        "site:cookies",
        "site:feedback",
        "site:feedback_sent",
        "site:privacy_settings",
        "site:export",
        "site:delete_account",
        "site:account_deleted",
        "accounts:logout",
        "core:image",
        "pwa:manifest",
        "pwa:service_worker",
        "pwa:offline",
        "pwa:push_unsubscribe",
    }
)
EXEMPT_NAMESPACES = frozenset({"admin"})


class TermsAcceptanceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.terms_version:
            return None
        match = request.resolver_match
        if match is None or match.view_name in EXEMPT_VIEWS:
            return None
        if EXEMPT_NAMESPACES.intersection(match.namespaces):
            return None
        if user.terms_version == current_terms_version():
            return None
        target = reverse("site:terms_accept")
        if request.method in ("GET", "HEAD"):
            target += "?next=" + quote(request.get_full_path(), safe="/")
        if request.headers.get("HX-Request"):
            # htmx would swap the page into a fragment; it follows HX-Redirect instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
