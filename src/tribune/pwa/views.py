"""The installable app (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def manifest(request: HttpRequest) -> HttpResponse:
    raise Http404


install = manifest
