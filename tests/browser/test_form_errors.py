"""In real Chromium: a mistake in a request page's action form comes back from the server in
Thai next to its field, with what was typed kept; the browser never blocks the form with its
own (English) validation bubble."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from services.models import RequestNote, ServiceRequest, Status
from tests.browser.helpers import log_in, shoot
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.browser


def th(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


@pytest.fixture
def service_request(centre_a, staff):
    return ServiceRequestFactory(centre=centre_a, received_by=staff)


def test_a_date_that_does_not_exist_is_shown_by_its_field_and_kept(
    page: Page, head, service_request
):
    log_in(page, head.username)
    page.goto(service_request.get_absolute_url())
    form = page.locator("main form[action$='/due-date/']")
    form.locator("input[name=due_date]").fill("31/02/2570")
    form.locator("textarea[name=reason]").fill("รอเอกสารจากกลุ่ม")
    form.locator("button[type=submit]").click()

    form = page.locator("main form[action$='/due-date/']")
    date_box = form.locator("input[name=due_date]")
    expect(date_box).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(date_box).to_have_value("31/02/2570")
    expect(date_box).to_be_focused()  # brought into view, low on the page as it is
    expect(form.locator("textarea[name=reason]")).to_have_value("รอเอกสารจากกลุ่ม")
    expect(form.locator(".invalid-feedback")).to_be_visible()
    expect(page.locator("main .alert-danger")).to_have_count(0)  # no banner
    shoot(page, "form-errors-due-date")
    assert ServiceRequest.objects.get().due_date == service_request.due_date
    assert not RequestNote.objects.exists()


def test_cancelling_without_a_reason_is_refused_in_thai_by_the_server(
    page: Page, staff, service_request
):
    log_in(page, staff.username)
    page.goto(service_request.get_absolute_url())
    cancel = page.locator("main details:has(input[name=to][value=cancelled])")
    cancel.locator("summary").click()
    cancel.locator("button[type=submit]").click()  # an empty reason: no bubble stops it

    cancel = page.locator("main details:has(input[name=to][value=cancelled])")
    expect(cancel).to_have_attribute("open", "")
    expect(cancel.locator(".invalid-feedback")).to_have_text(th("Give a reason."))
    assert ServiceRequest.objects.get().status == Status.RECEIVED
