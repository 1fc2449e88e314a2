"""Issue 7's intake on a phone (390×844), in real Chromium: a staff member types a group's
exact name without choosing a suggestion, and the request is logged for that group; typed
namesakes are offered as choices, with everything else typed kept."""

import re

import pytest
from playwright.sync_api import Page, expect

from services.models import ServiceRequest
from tests.browser.helpers import assert_no_sideways_scroll, log_in, phone_page, shoot
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceTypeFactory

pytestmark = pytest.mark.browser

GROUP_NAME = "กลุ่มจักสานไม้ไผ่บ้านดอนแก้ว"
SUBJECT = "ขอข้อมูลช่องทางขายสินค้าออนไลน์"
REQUEST_PAGE = re.compile(r"/services/requests/(\d+)/$")


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(name_th="การเชื่อมโยงแหล่งตลาด")


@pytest.fixture
def si_phum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def group(centre_a, si_phum):
    village = VillageFactory(subdistrict=si_phum, number=3, name="บ้านดอนแก้ว")
    return ClientGroupFactory(centre=centre_a, name=GROUP_NAME, village=village)


def _fill_the_rest(page: Page, service_type) -> None:
    form = page.locator("main form[method=post]")
    form.locator("select[name=service_type]").select_option(str(service_type.pk))
    form.locator("input[name=subject]").fill(SUBJECT)


def test_a_group_name_typed_without_choosing_a_suggestion_is_taken(
    new_context, staff, group, service_type
):
    page = phone_page(new_context)
    log_in(page, staff.username)
    page.goto("/services/requests/new/")
    box = page.locator("main input[name=client]")
    box.press_sequentially(GROUP_NAME)  # typed, like a thumb on the keyboard: no suggestion tapped
    box.blur()
    assert page.locator("main input[name=client_key]").input_value() == ""
    _fill_the_rest(page, service_type)
    assert_no_sideways_scroll(page)
    shoot(page, "intake-typed-name")
    page.locator("main form[method=post] button[type=submit]").click()

    expect(page).to_have_url(REQUEST_PAGE)
    created = ServiceRequest.objects.get()
    assert (created.client_group, created.subject) == (group, SUBJECT)
    expect(page.locator("main")).to_contain_text(GROUP_NAME)


def test_namesakes_are_offered_as_choices_and_the_chosen_one_is_logged(
    new_context, staff, group, si_phum, service_type
):
    namesake = ClientGroupFactory(
        centre=group.centre,
        name=GROUP_NAME,
        village=VillageFactory(subdistrict=si_phum, number=8, name="บ้านหนองบัว"),
    )
    page = phone_page(new_context)
    log_in(page, staff.username)
    page.goto("/services/requests/new/")
    page.locator("main input[name=client]").fill(GROUP_NAME)
    _fill_the_rest(page, service_type)
    page.locator("main form[method=post] button[type=submit]").click()

    choices = page.locator("main input[type=radio][name=client_key]")
    expect(choices).to_have_count(2)
    expect(page.locator("main input[name=subject]")).to_have_value(SUBJECT)
    expect(page.locator("main input[name=client]")).to_have_value(GROUP_NAME)
    expect(page.locator("main .invalid-feedback").first).to_be_visible()
    assert_no_sideways_scroll(page)
    shoot(page, "intake-namesakes")
    page.locator(f"main input[type=radio][name=client_key][value='g{namesake.pk}']").check()
    page.locator("main form[method=post] button[type=submit]").click()

    expect(page).to_have_url(REQUEST_PAGE)
    assert ServiceRequest.objects.get().client_group == namesake
