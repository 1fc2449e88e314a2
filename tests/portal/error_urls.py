"""The portal's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def _bad(request):
    raise SuspiciousOperation("bad input")


def _forbidden(request):
    raise PermissionDenied


def _boom(request):
    raise RuntimeError("the database is down")


urlpatterns = [
    path("test-errors/400/", _bad),
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _boom),
    *portal_urlpatterns,
]
