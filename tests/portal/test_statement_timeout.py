"""A web request's query that outlives the statement timeout is cancelled by PostgreSQL and
answers a Thai 503 page (Retry-After), not a 500 or a worker that hangs until it is killed."""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.html import escape

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's"
)


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.portal.error_urls"


@pytest.fixture
def web() -> Client:
    return Client(raise_request_exception=False)


def _th(msgid: str) -> str:
    with translation.override("th"):
        return escape(translation.gettext(msgid))


@postgresql_only
def test_it_sets_the_configured_statement_timeout_on_the_connection(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
        (value,) = cursor.fetchone()

    assert settings.DB_STATEMENT_TIMEOUT_MS == 20_000
    assert int(value) == settings.DB_STATEMENT_TIMEOUT_MS


@postgresql_only
def test_a_web_connection_runs_without_the_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@postgresql_only
def test_it_answers_a_thai_503_when_a_query_outlives_the_statement_timeout(web, db, caplog):
    started = time.perf_counter()
    response = web.get("/test-errors/slow-query/")

    assert time.perf_counter() - started < 4  # cancelled, not slept for 5 s
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert '<html lang="th">' in page
    assert _th("The page took too long") in page
    assert _th("Go to the home page") in page
    assert "pg_sleep" not in page and "canceling statement" not in page
    assert "Statement timeout on GET /test-errors/slow-query/" in caplog.text
    with connection.cursor() as cursor:  # the connection goes on serving
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_it_answers_the_503_page_in_english_after_the_switch(web):
    web.cookies["django_language"] = "en"
    response = web.get("/test-errors/cancelled/")

    assert response.status_code == 503
    assert "The page took too long" in response.content.decode()


def test_it_answers_a_thai_503_for_a_cancelled_statement_on_any_database(web):
    response = web.get("/test-errors/cancelled/")

    assert response.status_code == 503
    assert _th("The page took too long") in response.content.decode()


def test_it_leaves_other_database_errors_to_the_500_page(web):
    response = web.get("/test-errors/connection-lost/")

    assert response.status_code == 500
    assert _th("Something went wrong") in response.content.decode()
