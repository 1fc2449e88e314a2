"""Issue 3's journey on a phone, in real Chromium: staff register a savings group, register two
villagers and add them as chair and treasurer, record a fiscal year's figures, and find the
group again by typing part of its name in the list's search."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from clients.models import ClientGroup, GroupKind, GroupMembership, MemberRole, Person
from tests.browser.helpers import (
    assert_no_sideways_scroll,
    log_in,
    phone_page,
    pick_suggestion,
    shoot,
)
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, valid_thai_id

pytestmark = pytest.mark.browser

GROUP_NAME = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านดอนแก้ว"
NATIONAL_ID = valid_thai_id(4201)
CHAIR = {"title": "mrs", "first_name": "สมศรี", "last_name": "ทองดี", "national_id": NATIONAL_ID}
TREASURER = {"title": "mr", "first_name": "บุญมา", "last_name": "แก้วมณี", "phone": "081-234-5678"}
GROUP_PAGE = re.compile(r"/clients/groups/(\d+)/$")
ADD_MEMBER_PAGE = re.compile(r"/clients/groups/\d+/members/add/$")


@pytest.fixture
def si_phum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def another_group(centre_a, si_phum):
    """A group the search must leave out."""
    village = VillageFactory(subdistrict=si_phum, number=7)
    return ClientGroupFactory(centre=centre_a, village=village, name="กลุ่มทอผ้าบ้านหนองป่าครั่ง")


def thai(label) -> str:
    """A choice's label as the portal shows it in Thai (whatever the translation says now)."""
    with translation.override("th"):
        return str(label)


def visit(page: Page, name: str) -> None:
    """Every page of the journey: nothing scrolls sideways on the phone; a screenshot."""
    assert_no_sideways_scroll(page)
    shoot(page, f"registry-{name}")


def main_form(page: Page):
    return page.locator("main form[method=post]")


def save(page: Page) -> None:
    main_form(page).locator("button[type=submit]:not([name])").click()


def register_person(page: Page, person: dict, name: str) -> None:
    """From the member form, register someone first; the person form brings us back."""
    page.locator("main a[href^='/clients/persons/new/?next=']").click()
    expect(page).to_have_url(re.compile(r"/clients/persons/new/\?next="))
    visit(page, f"{name}-form")
    form = main_form(page)
    form.locator("select[name=title]").select_option(person["title"])
    form.locator("input[name=first_name]").fill(person["first_name"])
    form.locator("input[name=last_name]").fill(person["last_name"])
    if "national_id" in person:
        form.locator("input[name=national_id]").fill(person["national_id"])
    if "phone" in person:
        form.locator("input[name=phone]").fill(person["phone"])
    form.locator("input[name=subdistrict]").fill("500101")
    form.locator("input[name=village_number]").fill("3")
    save(page)
    expect(page).to_have_url(ADD_MEMBER_PAGE)
    expect(page.locator("main .alert-success")).to_contain_text(person["first_name"])


def add_member(page: Page, typed: str, person: dict, role: str, *, another: bool) -> None:
    form = main_form(page)
    label = pick_suggestion(form.locator("input[name=person]"), typed, person["first_name"])
    assert person["last_name"] in label
    form.locator("select[name=role]").select_option(role)
    if another:
        form.locator("button[name=another]").click()
        # The same address again: wait for the fresh, empty form.
        expect(page).to_have_url(ADD_MEMBER_PAGE)
        expect(main_form(page).locator("input[name=person]")).to_have_value("")
    else:
        save(page)
        expect(page).to_have_url(GROUP_PAGE)
    expect(page.locator("main .alert-success")).to_contain_text(person["first_name"])


def test_register_a_savings_group_with_members_and_figures_then_find_it(
    new_context, staff, si_phum, another_group
):
    page = phone_page(new_context)
    log_in(page, staff.username)

    # The group list, then the registration form.
    page.goto("/clients/groups/")
    visit(page, "group-list")
    page.locator("main a[href='/clients/groups/new/']").click()
    expect(page).to_have_url(re.compile(r"/clients/groups/new/$"))
    visit(page, "group-form")
    form = main_form(page)
    form.locator("select[name=kind]").select_option(GroupKind.SAVINGS)
    form.locator("input[name=name]").fill(GROUP_NAME)
    form.locator("input[name=subdistrict]").fill("500101")
    form.locator("input[name=village_number]").fill("3")
    form.locator("input[name=village_name]").fill("บ้านดอนแก้ว")
    form.locator("input[name=contact_name]").fill("นางสมศรี ทองดี")
    form.locator("input[name=member_count]").fill("2")
    save(page)

    expect(page).to_have_url(GROUP_PAGE)
    group_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP_NAME)
    expect(page.locator("main")).to_contain_text("ศรีภูมิ")
    visit(page, "group-new")

    # Two villagers, registered from the member form and added as chair and treasurer.
    page.locator("main a[href$='/members/add/']").click()
    expect(page).to_have_url(ADD_MEMBER_PAGE)
    visit(page, "member-form")
    register_person(page, CHAIR, "chair")
    # The chair is found by the whole ID number typed into the picker.
    add_member(page, NATIONAL_ID, CHAIR, MemberRole.CHAIR, another=True)
    register_person(page, TREASURER, "treasurer")
    # The treasurer by part of the name.
    add_member(page, "บุญ", TREASURER, MemberRole.TREASURER, another=False)
    expect(page).to_have_url(group_url)

    members = page.locator("section[aria-labelledby=members-heading]")
    expect(members.locator("#members-heading .badge")).to_have_text("2")
    rows = members.locator("li.list-group-item")
    expect(rows).to_have_count(2)
    # Chair first, then treasurer, each with the role shown.
    expect(rows.nth(0)).to_contain_text(f"{CHAIR['first_name']} {CHAIR['last_name']}")
    expect(rows.nth(0).locator(".badge")).to_have_text(thai(MemberRole.CHAIR.label))
    expect(rows.nth(1)).to_contain_text(f"{TREASURER['first_name']} {TREASURER['last_name']}")
    expect(rows.nth(1).locator(".badge")).to_have_text(thai(MemberRole.TREASURER.label))
    visit(page, "group-members")

    # The fiscal year's figures.
    page.locator("main a[href$='/figures/add/']").click()
    expect(page).to_have_url(re.compile(r"/clients/groups/\d+/figures/add/$"))
    visit(page, "snapshot-form")
    form = main_form(page)
    # A savings group reports savings figures, and no producer's revenue.
    expect(form.locator("input[name=monthly_savings]")).to_be_visible()
    expect(form.locator("input[name=annual_revenue]")).to_have_count(0)
    form.locator("input[name=fiscal_year]").fill("2569")
    form.locator("input[name=members]").fill("2")
    form.locator("input[name=households]").fill("2")
    form.locator("input[name=capital]").fill("150000")
    form.locator("input[name=monthly_savings]").fill("200")
    save(page)

    expect(page).to_have_url(group_url)
    figures = page.locator("section[aria-labelledby=figures-heading]")
    year_rows = figures.locator("table tbody tr")
    expect(year_rows).to_have_count(1)
    expect(year_rows.first.locator("th")).to_have_text("2569")
    expect(year_rows.first).to_contain_text("150,000.00")
    expect(year_rows.first).to_contain_text("200.00")
    expect(figures.locator("canvas#figures-chart")).to_be_visible()
    visit(page, "group-figures")

    # Back to the list, and the group found by part of its name.
    page.locator("main .breadcrumb a[href='/clients/groups/']").click()
    expect(page).to_have_url(re.compile(r"/clients/groups/$"))
    listed = page.locator("main table tbody a[href^='/clients/groups/']")
    expect(listed).to_have_count(2)
    search = page.locator("main form[role=search] input[name=q]")
    search.fill("ดอนแก้ว")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/clients/groups/\?q="))
    expect(listed).to_have_count(1)
    expect(listed).to_have_text(GROUP_NAME)
    expect(listed).to_have_attribute("href", re.compile(r"/clients/groups/\d+/$"))
    visit(page, "group-search")
    listed.click()
    expect(page).to_have_url(group_url)

    # What was written.
    group = ClientGroup.objects.get(name=GROUP_NAME)
    assert group.centre == staff.memberships.get().centre
    assert group.kind == GroupKind.SAVINGS
    assert (group.village.subdistrict.code, group.village.number) == ("500101", 3)
    current = GroupMembership.objects.current().filter(group=group).select_related("person")
    assert sorted((m.role, m.person.first_name) for m in current) == [
        (MemberRole.CHAIR, CHAIR["first_name"]),
        (MemberRole.TREASURER, TREASURER["first_name"]),
    ]
    assert Person.objects.get(first_name=CHAIR["first_name"]).national_id == NATIONAL_ID
    assert Person.objects.get(first_name=TREASURER["first_name"]).phone == "0812345678"
    snapshot = group.snapshots.get()
    assert (snapshot.fiscal_year, snapshot.members, snapshot.households) == (2569, 2, 2)
    assert (snapshot.capital, snapshot.monthly_savings) == (150000, 200)
    assert snapshot.annual_revenue is None
    assert {record.history_user for record in group.history.all()} == {staff}
    for membership in current:
        assert {r.history_user for r in membership.history.all()} == {staff}
