"""Views of the shared pieces: the image proxy."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from tribune.core.images import ImageError, fetch_image, unsign


@require_safe
def image(request: HttpRequest, token: str) -> HttpResponseBase:
    url = unsign(token)
    if url is None:
        raise Http404("Unknown image")
    try:
        path, mime = fetch_image(url)
    except ImageError as exc:
        raise Http404("Image unavailable") from exc
    response = FileResponse(path.open("rb"), content_type=mime)
    response["Cache-Control"] = "public, max-age=2592000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
