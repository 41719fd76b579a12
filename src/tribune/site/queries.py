"""Named reads of the site's pages: the current text, its HTML, the Terms' changes a reader
has not accepted yet; and which "page it was sent from" a feedback may name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme

from tribune.core.markdown import render_markdown
from tribune.site.models import Page, PageRevision

# How far back the "Updated Terms" page looks for versions the reader has not seen.
CHANGES_LOOKBACK = 100
CHANGES_SHOWN = 5
PATH_MAX = 500
_PLACEHOLDER = re.compile(r"\{\{\s*(site_name|site_url)\s*\}\}")
_OWN_LINK_REL = re.compile(r'(<a href="/(?!/)[^"]*") rel="[^"]*"')
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


def current_page(slug: str) -> Page | None:
    return Page.objects.filter(slug=slug).first()


def page_html(page: Page) -> str:
    """The page's Markdown as sanitized HTML, with {{ site_name }} and {{ site_url }} filled
    in; links to this site's own paths stay relative."""
    return _render(page.body_markdown, settings.SITE_NAME, settings.SITE_URL)


@lru_cache(maxsize=16)
def _render(text: str, site_name: str, site_url: str) -> str:
    # Rendered once per process and text: the pages change rarely and are read often.
    values = {
        "site_name": _MARKDOWN_PUNCTUATION.sub(r"\\\1", site_name),
        "site_url": _MARKDOWN_PUNCTUATION.sub(r"\\\1", site_url),
    }
    text = _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)
    # The sanitizer keeps only absolute links: our own paths are resolved against the site's
    # address, then made relative again, so they work whatever host serves the page.
    base = site_url.rstrip("/") or "https://site.invalid"
    html = render_markdown(text, base + "/").replace(f'href="{base}/', 'href="/')
    return _OWN_LINK_REL.sub(r"\1", html)  # our own pages need no "nofollow"


@dataclass
class TermsChange:
    version: str
    summary: str
    introduced_at: datetime


def terms_changes_since(accepted: str) -> list[TermsChange]:
    """The versions of the Terms after `accepted`, newest first, each with its summary (the
    latest one written for it) and when it first appeared; at most CHANGES_SHOWN."""
    revisions = (
        PageRevision.objects.filter(page__slug=Page.Slug.TERMS)
        .order_by("-saved_at", "-pk")
        .values_list("version", "summary", "saved_at")[:CHANGES_LOOKBACK]
    )
    changes: list[TermsChange] = []
    for version, summary, saved_at in revisions:
        if accepted and version == accepted:
            break
        if changes and changes[-1].version == version:
            changes[-1].introduced_at = saved_at  # an earlier save of the same version
            continue
        changes.append(TermsChange(version, summary, saved_at))
    return changes[:CHANGES_SHOWN]


def same_site_path(candidate: str, host: str, *, secure: bool = False) -> str:
    """`candidate` (a path, or a full URL as in a Referer) as a path on this site with its
    query, or "" when it points anywhere else, is malformed, too long, or is the feedback
    form itself. Never used as a redirect target: it is stored and shown as a link."""
    candidate = candidate.strip()
    if not candidate or len(candidate) > 2 * PATH_MAX or any(ord(c) < 32 for c in candidate):
        return ""
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={host}, require_https=secure):
        return ""
    parts = urlsplit(candidate)
    path = parts.path
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return ""
    try:
        if resolve(path).view_name in ("site:feedback", "site:feedback_sent"):
            return ""
    except Resolver404:
        pass  # a page that no longer exists is still worth reporting
    full = f"{path}?{parts.query}" if parts.query else path
    if len(full) > PATH_MAX:
        full = path if len(path) <= PATH_MAX else ""
    return full
