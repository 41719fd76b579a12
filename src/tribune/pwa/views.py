"""Views of the installable app: the manifest, the service worker, the offline and install
pages, and the push subscription endpoints (JSON, CSRF in the X-CSRFToken header)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST, require_safe

from tribune.pwa import actions, icons, queries, serviceworker, webpush
from tribune.pwa.caching import cache_id

# The site's colours (site.css --bg, light and dark): the splash screen and the window bar.
BACKGROUND = "#fbfaf7"
BACKGROUND_DARK = "#161513"
MAX_JSON = 4096  # bytes of a subscription; a real one is under 1 KB


def _short_name(name: str) -> str:
    """What fits under a home-screen icon (about 12 characters)."""
    return name if len(name) <= 12 else name.split()[0][:12]


def manifest_data() -> dict[str, Any]:
    record = icons.read_record()
    listed = [
        {
            "src": static(entry["src"]),
            "sizes": f"{entry['size']}x{entry['size']}",
            "type": "image/png",
            "purpose": entry["purpose"],
        }
        for entry in record["icons"]
        if entry["purpose"] in ("any", "maskable")
    ]
    name = settings.SITE_NAME
    return {
        "id": "/",
        "name": name,
        "short_name": _short_name(name),
        "description": f"{name}: the news, and a place to talk about it.",
        "lang": "en",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": BACKGROUND,
        "categories": ["news"],
        "icons": [
            *listed,
            {"src": static(icons.SOURCE), "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": [
            {"name": "Latest", "url": reverse("news:latest")},
            {"name": "Saved for offline", "url": reverse("pwa:offline")},
        ],
    }


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(manifest_data(), indent=1), content_type="application/manifest+json"
    )
    patch_cache_control(response, max_age=3600)
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    text, version = serviceworker.script()
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(text, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    # The worker may control the whole site although a view, not /static/, serves it.
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    # The worker keeps this page, fetched without cookies, for whoever is signed in later: it
    # names no reader, and app.js asks the worker whose copies to list.
    return render(
        request,
        "pwa/offline.html",
        {"recent_limit": serviceworker.RECENT_LIMIT, "cache_id_unknown": True},
    )


@require_safe
def install(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"push_enabled": queries.push_enabled()}
    if context["push_enabled"] and request.user.is_authenticated:
        state = actions.do_ensure_push_state()  # the first visit makes the site's VAPID keys
        context["application_server_key"] = webpush.public_key(state.vapid_private_key)
        context["devices"] = queries.device_count(request.user)
    return render(request, "pwa/install.html", context)


def _json_body(request: HttpRequest) -> object:
    if len(request.body) > MAX_JSON:
        raise actions.Refused("The subscription is too large.")
    try:
        return json.loads(request.body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise actions.Refused("Send the subscription as JSON.") from exc


def _refusal(exc: actions.Refused) -> JsonResponse:
    response = JsonResponse({"ok": False, "error": exc.message}, status=400)
    if exc.retry_after is not None:
        response.status_code = 429
        response["Retry-After"] = str(exc.retry_after)
    return response


def _push_request(request: HttpRequest) -> JsonResponse | None:
    """The answer for a push request that cannot go on, else None."""
    if not queries.push_enabled():
        raise Http404("Web push is off on this site.")
    if not request.user.is_authenticated:
        return JsonResponse({"ok": False, "error": "Log in to get notifications."}, status=403)
    return None


@require_POST
def push_subscribe(request: HttpRequest) -> HttpResponse:
    if (refused := _push_request(request)) is not None:
        return refused
    try:
        actions.check_subscribe(request.user, _json_body(request), cache_id(request))  # type: ignore[arg-type]
    except actions.Refused as exc:
        return _refusal(exc)
    return JsonResponse({"ok": True}, status=201)


@require_POST
def push_unsubscribe(request: HttpRequest) -> HttpResponse:
    if (refused := _push_request(request)) is not None:
        return refused
    try:
        data = _json_body(request)
    except actions.Refused as exc:
        return _refusal(exc)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    removed = actions.do_unsubscribe(request.user, endpoint)  # type: ignore[arg-type]
    return JsonResponse({"ok": True, "removed": removed})
