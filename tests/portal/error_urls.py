"""The portal's URLs plus views that fail, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def _bad(request):
    raise SuspiciousOperation("bad input")


def _forbidden(request):
    raise PermissionDenied


def _boom(request):
    raise RuntimeError("the database is down")


def _slow_query(request):
    """A query that outlives a statement timeout, lowered for this transaction only (the
    configured one, 20 s, would make a slow test)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 100")
        cursor.execute("SELECT pg_sleep(5)")
    return HttpResponse("finished")


class _QueryCanceled(Exception):
    pgcode = "57014"  # as psycopg2 raises it


def _cancelled(request):
    """What Django raises when PostgreSQL cancels a statement, on any database."""
    raise OperationalError("canceling statement due to statement timeout") from _QueryCanceled()


def _connection_lost(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("test-errors/slow-query/", _slow_query),
    path("test-errors/cancelled/", _cancelled),
    path("test-errors/connection-lost/", _connection_lost),
    path("test-errors/400/", _bad),
    path("test-errors/403/", _forbidden),
    path("test-errors/500/", _boom),
    *portal_urlpatterns,
]
