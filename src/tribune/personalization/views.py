"""For You (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def for_you(request: HttpRequest) -> HttpResponse:
    raise Http404
