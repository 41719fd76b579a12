"""Template filters shared by every app."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from tribune.core.images import proxied, proxy_html_images

register = template.Library()


@register.filter
def image_proxy(url: str) -> str:
    return proxied(url or "")


@register.filter
def body_html(html: str) -> SafeString:
    """Stored, sanitized article HTML, with its images served through our proxy."""
    return mark_safe(proxy_html_images(html or ""))  # noqa: S308 - sanitized by nh3 at ingest
