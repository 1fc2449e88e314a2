"""The portal's URLs plus a bare "hello" view, behind the full middleware: the load
benchmark's yardstick (benchmarks/load.py). Only benchmarks/settings.py points at it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500
from portal.urls import urlpatterns as portal

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello, name="bench-hello"), *portal]
