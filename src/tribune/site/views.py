"""The site's own pages (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def faq(request: HttpRequest) -> HttpResponse:
    raise Http404


privacy = terms = feedback = faq
