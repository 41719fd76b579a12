"""URL helpers: the canonical key that makes http/https and tracking-parameter twins one article."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that only track the reader; they never change which article a URL names.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "ref_src",
        "_hsenc",
        "_hsmi",
        "cmpid",
        "ocid",
        "ito",
        "at_medium",
        "at_campaign",
        "wt_mc",
        "s_cid",
    }
)


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonical_key(url: str) -> str | None:
    """A scheme-less, tracking-free form of an http(s) URL, or None for anything else.

    https://Example.com:443/a/?utm_source=x&b=2#top -> example.com/a?b=2
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    key = host + path
    if query:
        key += "?" + urlencode(sorted(query))
    return key[:2000]
