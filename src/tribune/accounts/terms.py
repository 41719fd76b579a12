"""Which version of the Terms of Service a reader accepts today.

The Terms are a page of the site (site.models.Page, slug "terms"); its `version` is what an
account records as `terms_version`. The value is read on every request of a signed-in reader
(site.middleware), so it is cached, and saving the page forgets it. Before the page exists
(a database just flushed) the default text's version counts.
"""

from __future__ import annotations

from django.core.cache import cache

CACHE_KEY = "site:terms-version"
# A bound on staleness if a process re-caches the old value while a save commits.
CACHE_SECONDS = 300


def current_terms_version() -> str:
    """The version a reader accepts today (recorded on the account as `terms_version`)."""
    version = cache.get(CACHE_KEY)
    if isinstance(version, str):
        return version
    from tribune.site.defaults import DEFAULTS
    from tribune.site.models import Page

    stored = Page.objects.filter(slug=Page.Slug.TERMS).values_list("version", flat=True).first()
    version = stored or DEFAULTS[Page.Slug.TERMS].version
    cache.set(CACHE_KEY, version, CACHE_SECONDS)
    return version


def forget_terms_version() -> None:
    """Called when the Terms page is saved: the next read takes the new version."""
    cache.delete(CACHE_KEY)
