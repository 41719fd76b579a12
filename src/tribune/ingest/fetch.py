"""Fetching feeds and article pages: conditional GET, validators and caching hints, on top of
core.http's guarded client; plus the trusted demo mirror that serves `.example` hosts from disk.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tribune
from tribune.core import http
from tribune.core.http import FetchError, Guard

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8"


@dataclass
class FetchResult:
    requested_url: str
    final_url: str
    # The final URL when every redirect from requested_url was permanent (301/308): the caller
    # moves the source there.
    permanent_url: str | None
    status: int
    not_modified: bool  # 304: body is empty, the validators are the ones to send next time
    body: bytes
    content_type: str  # "application/rss+xml" (lowercase, no parameters); "" when absent
    charset: str | None
    etag: str | None
    last_modified: str | None
    max_age: float | None  # seconds, from Cache-Control max-age (None if absent or no-store)
    retry_after: float | None  # seconds, when the server asked to be left alone for a while


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    guard: Guard | None = None,
) -> FetchResult:
    """Fetch a feed, conditionally when validators from the previous fetch are given."""
    if is_demo_url(url):
        return _fetch_demo(url, etag, last_modified, guard)
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = http.request(url, headers=headers, guard=guard)
    return _result(url, response, etag, last_modified)


def fetch_page(url: str, *, guard: Guard | None = None) -> FetchResult:
    """Fetch an HTML page (an article, or a site to look for feeds in)."""
    if is_demo_url(url):
        return _fetch_demo(url, None, None, guard)
    response = http.request(url, headers={"Accept": PAGE_ACCEPT}, guard=guard)
    return _result(url, response, None, None)


IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1"


def fetch_image(url: str, *, guard: Guard | None = None) -> FetchResult:
    """Fetch an image for the image proxy (its caller checks that it really is one)."""
    if is_demo_url(url):
        return _fetch_demo(url, None, None, guard)
    response = http.request(url, headers={"Accept": IMAGE_ACCEPT}, guard=guard)
    return _result(url, response, None, None)


def _result(
    url: str, response: http.HttpResponse, etag: str | None, last_modified: str | None
) -> FetchResult:
    headers = response.headers
    not_modified = response.status == 304
    content_type, charset = parse_content_type(headers.get("content-type"))
    permanent = bool(response.hops) and all(
        hop.status in http.PERMANENT_REDIRECT_STATUSES for hop in response.hops
    )
    # A 304 may omit the validators; the ones we sent still describe what we hold.
    return FetchResult(
        requested_url=url,
        final_url=response.url,
        permanent_url=response.url if permanent else None,
        status=response.status,
        not_modified=not_modified,
        body=b"" if not_modified else response.body,
        content_type=content_type,
        charset=charset,
        etag=headers.get("etag") or (etag if not_modified else None),
        last_modified=headers.get("last-modified") or (last_modified if not_modified else None),
        max_age=parse_max_age(headers.get("cache-control")),
        retry_after=http.parse_retry_after(headers.get("retry-after")),
    )


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """("application/rss+xml", "utf-8") from "application/rss+xml; charset=UTF-8"."""
    if not value:
        return "", None
    media_type, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, arg = param.partition("=")
        if name.strip().lower() == "charset":
            charset = arg.strip().strip("\"'").lower() or None
    return media_type.strip().lower(), charset


def parse_max_age(cache_control: str | None) -> float | None:
    """max-age in seconds, or None when absent, malformed, or the response must not be reused."""
    if not cache_control:
        return None
    directives: dict[str, str] = {}
    for part in cache_control.split(","):
        name, _, arg = part.partition("=")
        directives[name.strip().lower()] = arg.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return None
    raw = directives.get("max-age")
    if raw is None or not (raw.isascii() and raw.isdigit()):
        return None
    return float(int(raw))


# --- The demo mirror ------------------------------------------------------------------------
# The bundled demo sites live under the reserved .example TLD (RFC 2606), which never resolves
# on the internet, so serving them from the package directory shadows nothing real.

DEMO_TLD = ".example"
_HOST_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_DEMO_TYPES = {
    ".xml": ("application/xml", None),
    ".rss": ("application/rss+xml", None),
    ".atom": ("application/atom+xml", None),
    ".json": ("application/feed+json", None),
    ".html": ("text/html", "utf-8"),
}


def demo_root() -> Path:
    """The directory holding one folder per demo host (tests point it elsewhere)."""
    return Path(tribune.__file__).resolve().parent / "demo" / "sites"


def _demo_host(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host.endswith(DEMO_TLD):
        return None
    return host


def is_demo_url(url: str) -> bool:
    """Whether `url` is on a demo host and so is served from the mirror, never the network."""
    return _demo_host(url) is not None


def _demo_file(url: str) -> Path:
    host = _demo_host(url)
    if host is None or not _HOST_RE.match(host):
        raise FetchError("bad_url", f"Not a valid demo address: {url}")
    root = demo_root().resolve()
    site = (root / host).resolve()
    path = unquote(urlsplit(url).path)
    segments = path.split("/")
    refused = FetchError("bad_url", f"Refused {url}: it points outside the demo site")
    if ".." in segments or "\\" in path or "\x00" in path or not site.is_relative_to(root):
        raise refused
    relative = path.lstrip("/")
    last = relative.rsplit("/", 1)[-1]
    if relative == "" or relative.endswith("/"):
        candidates = [relative + "index.html"]
    elif "." not in last:
        candidates = [relative + ".html", relative + "/index.html"]
    else:
        candidates = [relative]
    for candidate in candidates:
        # resolve() follows symlinks, so a link out of the site is caught here too.
        found = (site / candidate).resolve()
        if not found.is_relative_to(site):
            raise refused
        if found.is_file():
            return found
    raise FetchError("http_status", f"{url} answered 404 Not Found (demo mirror)", status=404)


def demo_etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


def _etag_matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def _fetch_demo(
    url: str, etag: str | None, last_modified: str | None, guard: Guard | None
) -> FetchResult:
    path = _demo_file(url)
    limit = (guard or Guard.from_settings()).max_bytes
    if path.stat().st_size > limit:
        raise FetchError("too_large", f"{url} is over the {limit:,} byte limit")
    data = path.read_bytes()
    content_type, charset = _DEMO_TYPES.get(path.suffix.lower(), (None, None))
    if content_type is None:
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    tag = demo_etag(data)
    not_modified = etag is not None and _etag_matches(etag, tag)
    return FetchResult(
        requested_url=url,
        final_url=url,
        permanent_url=None,
        status=304 if not_modified else 200,
        not_modified=not_modified,
        body=b"" if not_modified else data,
        content_type=content_type,
        charset=charset,
        etag=tag,
        last_modified=last_modified if not_modified else None,
        max_age=None,
        retry_after=None,
    )
