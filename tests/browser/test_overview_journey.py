"""Issue 12's journey, in real Chromium: the head opens the centre's overview, follows
"overdue now" to the request list (which shows exactly that many), and prints the monthly
report: in print the menu is hidden and the PDF is two A4 pages. On a phone the overview does
not scroll sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.lib.fiscal import fiscal_year
from services.models import Status
from tests.browser.helpers import SHOTS, assert_no_sideways_scroll, log_in, phone_page, shoot
from tests.services.factories import ServiceRequestFactory, VisitFactory

pytestmark = [pytest.mark.browser, pytest.mark.date_sensitive]

OVERVIEW = "/reports/centres/5001/"
A4 = (595, 842)  # points, as a PDF's MediaBox gives them (210 × 297 mm)


@pytest.fixture
def work(centre_a, head):
    """Three overdue requests, two open in time, one resolved; a visit carried out."""
    today = timezone.localdate()
    year = fiscal_year(today)
    for i in range(6):
        ServiceRequestFactory(
            centre=centre_a,
            received_by=head,
            fiscal_year=year,
            sequence=i + 1,
            due_date=today + timedelta(days=-1 - i if i < 3 else 5),
            status=Status.RESOLVED if i == 5 else Status.IN_PROGRESS,
        )
    VisitFactory(centre=centre_a, created_by=head, status="done", attendees=12)


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_the_head_follows_overdue_to_the_list_and_prints_the_monthly_report(
    page: Page, new_context, head, work
):
    log_in(page, head.username)
    page.goto(OVERVIEW)
    overdue = page.locator("[data-action='1']")
    expect(overdue).to_contain_text("3")
    shoot(page, "overview-desktop")
    overdue.click()
    expect(page).to_have_url(re.compile(r"/services/requests/\?.*overdue=yes"))
    expect(page.locator("main .list-group > a.list-group-item")).to_have_count(3)

    page.goto(OVERVIEW)
    page.locator("a[href*='/report/'][href*='month=']").click()
    expect(page).to_have_url(
        re.compile(r"/reports/centres/5001/report/\?fiscal_year=\d{4}&month=\d+")
    )
    expect(page.locator("[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("nav.portal-navbar")).to_be_hidden()
    expect(page.locator("[data-print]")).to_be_hidden()
    expect(page.locator(".report-signatures")).to_be_visible()
    page.set_viewport_size({"width": 654, "height": 987})
    shoot(page, "monthly-report-print")
    pdf = page.pdf(format="A4", print_background=True)
    (SHOTS / "monthly-report.pdf").write_bytes(pdf)
    pages = _pdf_pages(pdf)
    assert len(pages) == 2
    for width, height in pages:
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1


def test_the_overview_fits_a_phone(new_context, head, work):
    phone = phone_page(new_context)
    log_in(phone, head.username)
    phone.goto(OVERVIEW)
    assert_no_sideways_scroll(phone)
    shoot(phone, "overview-phone")
    phone.goto("/reports/centres/5001/report/")
    assert_no_sideways_scroll(phone)
