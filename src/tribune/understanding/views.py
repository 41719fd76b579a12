"""Topic pages (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def topics(request: HttpRequest) -> HttpResponse:
    raise Http404


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
