"""Tribune's URLs plus /__bare/: a view that answers "ok" through the full middleware stack,
with no template and no query (the framework's ceiling for the discussions benchmark)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tribune.urls import urlpatterns as tribune_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bare/", bare, name="bench_bare"), *tribune_urlpatterns]
