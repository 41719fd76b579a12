"""`{% pwa_cache_id %}`: the page's cache id (see tribune.pwa.caching) for its <meta> tag;
empty on a page that is kept for whoever is signed in (the offline page), where app.js asks
the service worker instead."""

from __future__ import annotations

from django import template

from tribune.pwa.caching import cache_id

register = template.Library()


@register.simple_tag(takes_context=True)
def pwa_cache_id(context: template.Context) -> str:
    request = context.get("request")
    if request is None or context.get("cache_id_unknown"):
        return ""
    return cache_id(request)
