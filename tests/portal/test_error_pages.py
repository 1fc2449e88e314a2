"""With DEBUG off, errors are Thai pages in the portal's layout with a way home, never
Django's bare English pages; the 500 page needs neither the database nor context processors."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape


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


def _assert_thai_page(response, status: int, title: str) -> str:
    assert response.status_code == status
    page = response.content.decode()
    assert '<html lang="th">' in page
    assert _th(title) in page
    assert _th("Go to the home page") in page
    assert f'href="{reverse("home")}"' in page
    assert "Forbidden" not in page and "Not Found" not in page
    return page


def test_it_shows_a_thai_404_with_the_navigation(web, staff):
    web.force_login(staff)
    page = _assert_thai_page(web.get("/no-such-page/"), 404, "Page not found")
    assert reverse("services:my-work") in page  # the menu of a logged-in officer
    assert reverse("clients:group-list") in page


def test_it_shows_a_thai_404_for_an_object_of_another_centre(web, centre_a, outsider, staff):
    from tests.services.factories import ServiceRequestFactory

    request = ServiceRequestFactory(received_by=staff, centre=centre_a)
    web.force_login(outsider)
    response = web.get(reverse("services:request-detail", args=[request.pk]))
    _assert_thai_page(response, 404, "Page not found")


def test_it_shows_a_thai_403(web, staff):
    web.force_login(staff)
    _assert_thai_page(web.get("/test-errors/403/"), 403, "You do not have permission")


def test_it_shows_a_thai_400(web, db):
    _assert_thai_page(web.get("/test-errors/400/"), 400, "The request could not be read")


def test_it_shows_the_400_page_for_a_host_not_allowed(web, db):
    response = web.get("/", HTTP_HOST="evil.example")
    _assert_thai_page(response, 400, "The request could not be read")


def test_it_shows_a_thai_page_when_the_csrf_check_fails(db, staff):
    web = Client(enforce_csrf_checks=True, raise_request_exception=False)
    web.force_login(staff)
    response = web.post(reverse("services:request-note", args=[1]), {"text": "x"})
    _assert_thai_page(response, 403, "The form has expired")


def test_it_shows_a_self_contained_thai_500_without_the_database(web):
    # No db fixture: any query would fail the test; the page must not need one.
    page = _assert_thai_page(web.get("/test-errors/500/"), 500, "Something went wrong")
    assert "bootstrap.min.css" in page and "portal.css" in page
    assert "the database is down" not in page


def test_it_shows_the_500_page_in_english_after_the_switch(web):
    web.cookies["django_language"] = "en"
    response = web.get("/test-errors/500/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_it_still_answers_a_plain_500_when_the_page_cannot_be_rendered(web, monkeypatch):
    def broken(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr("portal.views.loader.get_template", broken)
    response = web.get("/test-errors/500/")
    assert response.status_code == 500
    assert _th("Something went wrong") in response.content.decode()
