"""Issue 12's provincial journey, in real Chromium: the provincial officer signs in and lands
on the comparison of the province's centres, sorts them by on-time rate and exports the table
(the downloaded workbook has the same order and figures); on a phone the table scrolls inside
its own box and the page does not scroll sideways."""

import io
import re
from decimal import Decimal

import geothai
import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from centres.models import Province
from portal.lib.fiscal import fiscal_year
from reports.models import WHOLE_YEAR, Tally
from tests.browser.helpers import (
    SHOTS,
    assert_no_sideways_scroll,
    axe_violations,
    log_in,
    phone_page,
    shoot,
)
from tests.centres.factories import CentreFactory, DistrictFactory

pytestmark = pytest.mark.browser

SHOTS_PDF = SHOTS / "province-summary.pdf"
COMPARISON = re.compile(r"/reports/provinces/50/")
# district code → (received, resolved, resolved on time): on-time rates 50 %, 90 %, 25 %
FIGURES = {"5001": (12, 10, 5), "5002": (30, 20, 18), "5003": (8, 4, 1)}


@pytest.fixture
def province_figures(centre_a):
    year = fiscal_year(timezone.localdate())
    centres = {"5001": centre_a}
    names = {"5002": "สารภี", "5003": "แม่ริม"}
    for code, name in names.items():
        district = DistrictFactory(code=code, province=centre_a.district.province, name_th=name)
        centres[code] = CentreFactory(district=district)
    for code, values in FIGURES.items():
        for measure, value in zip(("received", "resolved", "on_time"), values, strict=True):
            Tally.objects.create(
                centre=centres[code],
                fiscal_year=year,
                month=WHOLE_YEAR,
                measure=f"requests.{measure}",
                value=value,
            )
    return centres


def test_the_provincial_officer_sorts_the_centres_by_on_time_rate_and_exports_them(
    new_context, province_officer, province_figures
):
    page = new_context(accept_downloads=True).new_page()
    log_in(page, province_officer.username)
    expect(page).to_have_url(COMPARISON)

    page.locator("th[data-key=on_time] a").click()
    expect(page).to_have_url(re.compile(r"sort=-on_time"))
    expect(page.locator("th[data-key=on_time]")).to_have_attribute("aria-sort", "descending")
    order = page.locator("#comparison tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.code)"
    )
    assert order == ["5002", "5001", "5003"]
    shoot(page, "province-comparison")

    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    on_time = rows[0].index("แล้วเสร็จตามกำหนด (ร้อยละ)")
    assert [row[0] for row in rows[1:4]] == ["สารภี", "เมืองเชียงใหม่", "แม่ริม"]
    assert [row[on_time] for row in rows[1:4]] == [90.0, 50.0, 25.0]
    assert rows[4][1] == 50  # the province's total received
    assert Decimal(str(rows[4][on_time])) == Decimal("70.6")  # 24 of 34 on time


def test_on_a_phone_the_table_scrolls_in_its_own_box(
    new_context, province_officer, province_figures
):
    page = phone_page(new_context)
    log_in(page, province_officer.username)
    expect(page).to_have_url(COMPARISON)

    assert_no_sideways_scroll(page)
    box = page.locator(".comparison-scroll").first
    widths = box.evaluate("box => [box.scrollWidth, box.clientWidth]")
    assert widths[0] > widths[1], "the table fits: nothing to scroll"
    shoot(page, "province-comparison-phone")


def test_the_province_summary_prints_on_a4_within_the_page(
    new_context, province_officer, province_figures, tmp_path
):
    page = new_context().new_page()
    log_in(page, province_officer.username)
    page.goto("/reports/provinces/50/print/")
    page.emulate_media(media="print")

    expect(page.locator("h1")).to_contain_text("เชียงใหม่")
    expect(page.locator(".signature")).to_contain_text("ลงชื่อ")
    expect(page.locator(".no-print").first).to_be_hidden()
    table, body = page.evaluate(
        "() => [document.querySelector('table').getBoundingClientRect().right,"
        " document.querySelector('.summary').getBoundingClientRect().right]"
    )
    assert table <= body + 1, "the table runs past the page"
    pdf = page.pdf(path=tmp_path / "summary.pdf", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    SHOTS_PDF.parent.mkdir(parents=True, exist_ok=True)
    SHOTS_PDF.write_bytes(pdf)


def test_the_administrator_sees_the_provinces_as_a_tile_map_and_a_table(
    new_context, admin_user, province_figures
):
    for province in geothai.provinces():
        Province.objects.get_or_create(
            code=province.code,
            defaults={"name_th": province.name_th, "name_en": province.name_en},
        )
    page = new_context().new_page()
    log_in(page, admin_user.username)
    page.goto("/reports/national/?map=on_time")

    expect(page.locator(".tile-map-svg a")).to_have_count(77)
    expect(page.locator("#comparison tbody tr")).to_have_count(77)
    tile = page.locator(".tile-map-svg a", has=page.locator("title", has_text="เชียงใหม่"))
    expect(tile.locator("text.tile-value")).to_have_text("70.6")
    shoot(page, "national")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("figure.tile-map").screenshot(path=SHOTS / "tile-map.png")
    page.locator("#comparison tbody tr[data-code='50'] th a").click()
    expect(page).to_have_url(COMPARISON)


def test_on_a_phone_the_national_page_does_not_scroll_sideways(
    new_context, admin_user, province_figures
):
    page = phone_page(new_context)
    log_in(page, admin_user.username)
    page.goto("/reports/national/")

    assert_no_sideways_scroll(page)
    expect(page.locator(".tile-map-svg")).to_be_visible()
    shoot(page, "national-phone")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_comparison_pages_pass_axe(new_context, admin_user, province_figures, phone):
    page = phone_page(new_context) if phone else new_context().new_page()
    log_in(page, admin_user.username)
    found = []
    for path in (
        "/reports/provinces/50/?sort=-on_time",
        "/reports/provinces/50/print/",
        "/reports/national/?map=on_time",
    ):
        page.goto(path)
        found += [f"{path}: {line}" for line in axe_violations(page)]

    assert not found, "axe-core found:\n" + "\n".join(found)
