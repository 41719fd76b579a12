"""The image proxy: readers' browsers load article images from us, never from publishers.

Image URLs in pages are signed (so the proxy fetches only what Tribune itself put in a page),
fetched once through the guarded client, checked to really be a raster image, and kept on disk.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tribune.core.http import FetchError, Guard

MAX_IMAGE_BYTES = 5 * 1024 * 1024
_SALT = "tribune.images"

# Magic numbers of the raster formats we pass on. SVG is refused: it can carry script.
_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypavif", 4, "image/avif"),
)


class ImageError(Exception):
    pass


def sniff(data: bytes) -> str | None:
    for magic, offset, mime in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return mime
    return None


def proxied(url: str) -> str:
    """The path on our site that serves the image at `url` ("" for non-web URLs)."""
    if not url.startswith(("http://", "https://")):
        return ""
    return reverse("core:image", args=[signing.Signer(salt=_SALT).sign_object(url)])


def unsign(token: str) -> str | None:
    try:
        url = signing.Signer(salt=_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return url if isinstance(url, str) else None


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')


def proxy_html_images(html: str) -> str:
    """Point every <img src> of sanitized HTML at the proxy (attributes are double-quoted
    there, which is what makes this small substitution safe)."""
    if "<img" not in html:
        return html

    def swap(match: re.Match[str]) -> str:
        url = match.group(2).replace("&amp;", "&")
        return match.group(1) + (proxied(url) or "data:,") + match.group(3)

    return _IMG_SRC.sub(swap, html)


def _cache_path(url: str) -> Path:
    digest = hashlib.sha256(url.encode()).hexdigest()
    return Path(settings.DATA_DIR) / "images" / digest[:2] / digest


def fetch_image(url: str, guard: Guard | None = None) -> tuple[Path, str]:
    """The cached file and content type for `url`, fetching it on first use."""
    path = _cache_path(url)
    for mime_path in path.parent.glob(path.name + ".*"):
        return mime_path, "image/" + mime_path.suffix[1:]
    from tribune.ingest.fetch import fetch_image as fetch  # the demo mirror lives there too

    guard = replace(guard or Guard.from_settings(), max_bytes=MAX_IMAGE_BYTES)
    try:
        response = fetch(url, guard=guard)
    except FetchError as exc:
        raise ImageError(exc.message) from exc
    mime = sniff(response.body)
    if mime is None:
        raise ImageError(f"{url} is not a JPEG, PNG, GIF, WebP or AVIF image")
    path.parent.mkdir(parents=True, exist_ok=True)
    final = path.with_name(path.name + "." + mime.split("/")[1])
    partial = final.with_suffix(final.suffix + ".part")
    partial.write_bytes(response.body)
    partial.replace(final)  # atomic: a reader never sees half a file
    return final, mime
