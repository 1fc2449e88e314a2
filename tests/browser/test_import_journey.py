"""The spreadsheet import in real Chromium, on a phone and on a desktop: staff upload a workbook
of 60 villagers (one of them registered by a colleague while the preview is open), read the
preview's two pages, confirm, and see what was saved. The plan is made once, at the upload;
the colleague's registration makes the confirmation plan again, so that villager is updated,
not added twice."""

import re

import pytest
from playwright.sync_api import Page, expect

from clients.imports.columns import PERSONS
from clients.models import Person
from tests.browser.helpers import assert_no_sideways_scroll, log_in, phone_page, shoot
from tests.clients.factories import PersonFactory
from tests.clients.files import fixtures, rows_of, xlsx_bytes

pytestmark = pytest.mark.browser
media = fixtures.media
places = fixtures.places

VILLAGERS = 60  # more than a preview page (50 rows)
PREVIEW_PAGE = re.compile(r"/clients/import/[\w-]+/(\?page=\d+)?$")


def _workbook(path) -> str:
    persons = [
        {
            "title": "นาง",
            "first_name": f"สมศรี{n}",
            "last_name": "ใจดี",
            "birth_year": str(2500 + n),
            "phone": f"081{n:07d}",
            "subdistrict_code": "500101",
            "village_number": "3",
            "consent_on": "01/11/2568",
        }
        for n in range(VILLAGERS)
    ]
    file = path / "ทะเบียนบุคคล.xlsx"
    file.write_bytes(xlsx_bytes({"บุคคล": rows_of(PERSONS, persons)}))
    return str(file)


def _look(page: Page, name: str) -> None:
    assert_no_sideways_scroll(page)
    shoot(page, f"import-{name}")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_staff_import_a_workbook_preview_it_and_confirm_it(
    new_context, staff, centre_a, places, media, tmp_path, screen
):
    page = phone_page(new_context) if screen == "phone" else new_context().new_page()
    log_in(page, staff.username)
    page.goto("/clients/import/")
    _look(page, f"{screen}-upload")

    page.locator("main input[type=file][name=file]").set_input_files(_workbook(tmp_path))
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()

    expect(page).to_have_url(PREVIEW_PAGE)
    expect(page.locator("#planned-heading .badge")).to_have_text(str(VILLAGERS))
    expect(page.locator("main")).to_contain_text("สมศรี0 ใจดี")
    _look(page, f"{screen}-preview")
    page.locator("main .pagination a[href='?page=2']").first.click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator("main")).to_contain_text("สมศรี59 ใจดี")
    _look(page, f"{screen}-preview-2")

    colleagues = PersonFactory(
        centre=centre_a,
        title="mrs",
        first_name="สมศรี7",
        last_name="ใจดี",
        birth_year=2507,
        village=places.villages.get(number=3),
        phone="",
    )
    page.locator("main form[action$='/confirm/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/clients/import-done/$"))
    _look(page, f"{screen}-result")
    assert Person.objects.filter(centre=centre_a).count() == VILLAGERS
    colleagues.refresh_from_db()
    assert colleagues.phone == "0810000007"
    assert Person.objects.get(first_name="สมศรี0").consent_recorded_by == staff
