"""An administrator types a Buddhist-era date into the Django admin, in real Chromium."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import log_in, shoot
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.browser


def test_a_be_received_date_typed_in_the_admin_is_saved_and_shown_in_be(
    page: Page, admin_user, centre_a
):
    service_request = ServiceRequestFactory(centre=centre_a)
    log_in(page, admin_user.username)

    page.goto(reverse("admin:services_servicerequest_change", args=[service_request.pk]))
    date_box = page.locator("input[name=received_at_0]")
    expect(date_box).to_have_value(re.compile(r"^\d\d/\d\d/25\d\d$"))  # BE, as stored
    # The admin's calendar opens on the month in the box, titled with the BE year, and a day
    # picked in it is written with the BE year.
    date_box.fill("15/10/2569")
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0 caption")).to_have_text("ตุลาคม 2569")
    page.locator("#calendarin0 a", has_text=re.compile(r"^20$")).click()
    expect(date_box).to_have_value("20/10/2569")

    date_box.fill("30/11/2569")
    page.locator("input[name=received_at_1]").fill("09:30")
    shoot(page, "admin-request-received-be")
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("input[name=received_at_0]")).to_have_value("30/11/2569")
    service_request.refresh_from_db()
    received = timezone.localtime(service_request.received_at)
    assert received.date() == date(2026, 11, 30)

    page.goto(reverse("services:request-detail", args=[service_request.pk]))
    expect(page.locator("main")).to_contain_text("30 พ.ย. 2569 09:30")


def test_the_admin_calendars_today_link_writes_a_be_year(page: Page, admin_user, centre_a):
    service_request = ServiceRequestFactory(centre=centre_a)
    log_in(page, admin_user.username)
    page.goto(reverse("admin:services_servicerequest_change", args=[service_request.pk]))

    page.locator("input[name=due_date]").fill("")
    page.locator(".field-due_date .datetimeshortcuts a").first.click()  # "Today"

    expect(page.locator("input[name=due_date]")).to_have_value(re.compile(r"^\d\d/\d\d/25\d\d$"))
