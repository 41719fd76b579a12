"""Template context every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from tribune.news.models import Section


def site(request: HttpRequest) -> dict[str, Any]:
    sections = cache.get("nav_sections")
    if sections is None:
        sections = list(Section.objects.all())
        cache.set("nav_sections", sections, 300)
    return {
        "site_name": settings.SITE_NAME,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "nav_sections": sections,
    }
