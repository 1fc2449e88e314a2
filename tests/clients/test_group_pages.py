"""The staff pages of the registry's groups: list, detail, create, edit, and on a group its
members, products with stars, and yearly figures."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from centres.models import Village
from clients.models import (
    ClientGroup,
    GroupKind,
    GroupMembership,
    GroupSnapshot,
    GroupStatus,
    MemberRole,
    Product,
    StarRating,
)
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
    StandardFactory,
    StarRatingFactory,
    valid_thai_id,
)

LOGIN_URL = reverse("login")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def group(centre_a, sriphum):
    return ClientGroupFactory(
        centre=centre_a,
        kind=GroupKind.OTOP,
        otop_producer_type="community_group",
        name="กลุ่มทอผ้าบ้านศรีภูมิ",
        village=VillageFactory(subdistrict=sriphum, number=3),
    )


@pytest.fixture
def membership(group):
    return GroupMembershipFactory(group=group, role=MemberRole.CHAIR)


@pytest.fixture
def product(group):
    return ProductFactory(group=group, name="ผ้าไหมมัดหมี่")


@pytest.fixture
def snapshot(group):
    return GroupSnapshotFactory(group=group, fiscal_year=2567, members=20)


@pytest.fixture
def group_urls(group, membership, product, snapshot):
    """Every page on a group of centre A, read and write."""
    on_group = {"pk": group.pk}
    return {
        "detail": reverse("clients:group-detail", kwargs=on_group),
        "edit": reverse("clients:group-edit", kwargs=on_group),
        "membership add": reverse("clients:membership-add", kwargs=on_group),
        "membership edit": reverse(
            "clients:membership-edit", kwargs={**on_group, "membership_pk": membership.pk}
        ),
        "membership end": reverse(
            "clients:membership-end", kwargs={**on_group, "membership_pk": membership.pk}
        ),
        "product add": reverse("clients:product-add", kwargs=on_group),
        "product edit": reverse(
            "clients:product-edit", kwargs={**on_group, "product_pk": product.pk}
        ),
        "snapshot add": reverse("clients:snapshot-add", kwargs=on_group),
        "snapshot edit": reverse(
            "clients:snapshot-edit", kwargs={**on_group, "snapshot_pk": snapshot.pk}
        ),
    }


WRITE_PAGES = [
    "edit",
    "membership add",
    "membership edit",
    "membership end",
    "product add",
    "product edit",
    "snapshot add",
    "snapshot edit",
]


def _logged_in(client, user):
    client.force_login(user)
    return client


def group_data(**overrides) -> dict:
    data = {
        "kind": GroupKind.SAVINGS,
        "otop_producer_type": "",
        "name": "กลุ่มออมทรัพย์เพื่อการผลิตบ้านศรีภูมิ",
        "registration_number": "",
        "subdistrict": "500101",
        "village_number": "4",
        "village_name": "บ้านใหม่",
        "founded_on": "01/10/2560",
        "status": "active",
        "contact_name": "นายสมชาย ใจดี",
        "contact_phone": "081-234-5678",
        "member_count": "40",
        "main_activity": "ออมทรัพย์และให้กู้ยืม",
        "notes": "",
    }
    return {**data, **overrides}


def _thai(msgid: str) -> str:
    """A message as the page shows it: in Thai, HTML-escaped."""
    with translation.override("th"):
        return escape(translation.gettext(msgid))


# Login and scope


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(reverse("clients:group-list"), id="list"),
        pytest.param(reverse("clients:group-create"), id="create"),
        pytest.param(reverse("clients:group-detail", kwargs={"pk": 1}), id="detail"),
        pytest.param(reverse("clients:group-edit", kwargs={"pk": 1}), id="edit"),
        pytest.param(reverse("clients:membership-add", kwargs={"pk": 1}), id="membership add"),
        pytest.param(reverse("clients:product-add", kwargs={"pk": 1}), id="product add"),
        pytest.param(reverse("clients:snapshot-add", kwargs={"pk": 1}), id="snapshot add"),
    ],
)
def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


@pytest.mark.parametrize("page", ["detail", *WRITE_PAGES])
def test_it_answers_404_to_an_outsider_on_every_page_of_a_group(client, outsider, group_urls, page):
    _logged_in(client, outsider)

    assert client.get(group_urls[page]).status_code == 404
    assert client.post(group_urls[page], {"name": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
@pytest.mark.parametrize("page", WRITE_PAGES)
def test_it_refuses_changes_to_read_only_users_with_403(
    client, request, persona, group_urls, group, page
):
    _logged_in(client, request.getfixturevalue(persona))

    assert client.get(group_urls[page]).status_code == 403
    assert client.post(group_urls[page], group_data(name="changed")).status_code == 403
    group.refresh_from_db()
    assert group.name == "กลุ่มทอผ้าบ้านศรีภูมิ"


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "nobody"])
def test_it_refuses_registering_a_group_to_users_without_a_writable_centre(
    client, request, persona, sriphum
):
    _logged_in(client, request.getfixturevalue(persona))

    assert client.get(reverse("clients:group-create")).status_code == 403
    assert client.post(reverse("clients:group-create"), group_data()).status_code == 403
    assert not ClientGroup.objects.exists()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_shows_read_only_users_the_list_and_detail_without_change_buttons_or_history(
    client, request, persona, group_urls, group
):
    _logged_in(client, request.getfixturevalue(persona))

    listing = client.get(reverse("clients:group-list"))
    detail = client.get(group_urls["detail"])

    assert listing.status_code == 200
    assert list(listing.context["page"]) == [group]
    assert reverse("clients:group-create") not in listing.content.decode()
    assert detail.status_code == 200
    assert detail.context["history"] is None
    assert group_urls["edit"] not in detail.content.decode()
    assert group_urls["membership add"] not in detail.content.decode()


def test_it_shows_a_user_without_a_centre_an_empty_list(client, nobody, group):
    response = _logged_in(client, nobody).get(reverse("clients:group-list"))

    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_it_lists_only_the_groups_of_the_users_centres(client, staff, group, centre_b):
    ClientGroupFactory(centre=centre_b, name="กลุ่มของศูนย์อื่น")

    response = _logged_in(client, staff).get(reverse("clients:group-list"))

    assert list(response.context["page"]) == [group]
    assert "กลุ่มของศูนย์อื่น" not in response.content.decode()


# The list: filters, search, pages


@pytest.fixture
def assorted_groups(centre_a, sriphum):
    other_place = SubdistrictFactory(code="500102", district=centre_a.district, name_th="พระสิงห์")
    savings = ClientGroupFactory(
        centre=centre_a,
        kind=GroupKind.SAVINGS,
        name="กลุ่มออมทรัพย์บ้านหนองหอย",
        registration_number="ออม-0042",
        village=VillageFactory(subdistrict=sriphum, number=4),
    )
    dormant = ClientGroupFactory(
        centre=centre_a,
        status="dormant",
        name="กลุ่มจักสานบ้านป่าแดด",
        village=VillageFactory(subdistrict=other_place, number=1),
    )
    otop = ClientGroupFactory(
        centre=centre_a,
        kind=GroupKind.OTOP,
        otop_producer_type="sme",
        name="วิสาหกิจน้ำพริกแม่ศรี",
        village=VillageFactory(subdistrict=other_place, number=2),
    )
    StarRatingFactory(product=ProductFactory(group=otop), year=2566, stars=5)
    StarRatingFactory(product=ProductFactory(group=savings), year=2567, stars=3)
    return {"savings": savings, "dormant": dormant, "otop": otop, "other_place": other_place}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"kind": "savings"}, ["savings"], id="kind"),
        pytest.param({"status": "dormant"}, ["dormant"], id="status"),
        pytest.param({"subdistrict": "500101"}, ["savings"], id="subdistrict"),
        pytest.param({"q": "น้ำพริก"}, ["otop"], id="name"),
        pytest.param({"q": "ออม-0042"}, ["savings"], id="registration number"),
        pytest.param({"stars": "4"}, ["otop"], id="at least 4 stars"),
        pytest.param({"stars": "3"}, ["otop", "savings"], id="at least 3 stars"),
        pytest.param({"kind": "other"}, [], id="nothing"),
    ],
)
def test_it_filters_the_group_list(client, staff, assorted_groups, query, expected):
    response = _logged_in(client, staff).get(reverse("clients:group-list"), query)

    shown = {group.pk for group in response.context["page"]}
    assert shown == {assorted_groups[key].pk for key in expected}
    assert response.context["page"].paginator.count == len(expected)


def test_it_filters_by_village_and_offers_the_villages_of_the_chosen_subdistrict(
    client, staff, assorted_groups, outsider
):
    village = assorted_groups["dormant"].village
    empty = VillageFactory(subdistrict=assorted_groups["other_place"], number=9)  # no group there
    elsewhere = VillageFactory()  # another district's

    response = _logged_in(client, staff).get(
        reverse("clients:group-list"), {"subdistrict": "500102", "village": village.pk}
    )

    assert [g.pk for g in response.context["page"]] == [assorted_groups["dormant"].pk]
    # From the district's geography, not from the groups: a scan of the rows at national scale.
    offered = response.context["filters"].form.fields["village"].queryset
    assert set(offered) == {village, assorted_groups["otop"].village, empty}
    assert elsewhere not in set(offered)


def test_it_asks_users_of_many_centres_to_type_a_subdistrict_before_listing_villages(
    client, province_officer, assorted_groups
):
    url = reverse("clients:group-list")
    response = _logged_in(client, province_officer).get(url)
    fields = response.context["filters"].form.fields
    assert "data-suggest-url" in str(fields["subdistrict"].widget.attrs)
    assert list(fields["village"].queryset) == []

    response = client.get(url, {"subdistrict": "500102 พระสิงห์ · เมืองเชียงใหม่ · เชียงใหม่"})

    assert {g.pk for g in response.context["page"]} == {
        assorted_groups[key].pk for key in ("dormant", "otop")
    }
    offered = set(response.context["filters"].form.fields["village"].queryset)
    assert offered == {assorted_groups["dormant"].village, assorted_groups["otop"].village}


def test_it_pages_the_list_by_25_and_keeps_the_filters_in_the_page_links(client, staff, centre_a):
    ClientGroupFactory.create_batch(30, centre=centre_a, kind=GroupKind.SAVINGS)

    response = _logged_in(client, staff).get(reverse("clients:group-list"), {"kind": "savings"})

    assert len(response.context["page"]) == 25
    assert response.context["page"].paginator.count == 30
    assert "kind=savings&amp;page=2" in response.content.decode()


# Registering and editing a group


def test_it_refuses_an_otop_group_without_a_producer_type_and_saves_nothing(client, staff, sriphum):
    response = _logged_in(client, staff).post(
        reverse("clients:group-create"), group_data(kind=GroupKind.OTOP)
    )

    assert response.status_code == 422
    assert "otop_producer_type" in response.context["form"].errors
    assert _thai("Choose the OTOP producer type.") in response.content.decode()
    assert not ClientGroup.objects.exists()
    assert not Village.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("otop_producer_type", "sme", id="producer type on a savings group"),
        pytest.param("contact_phone", "12345", id="phone"),
        pytest.param("founded_on", "31/02/2560", id="date"),
        pytest.param("subdistrict", "999999", id="unknown subdistrict"),
        pytest.param("village_number", "0", id="village number"),
        pytest.param("name", "", id="no name"),
        pytest.param("member_count", "-3", id="negative member count"),
    ],
)
def test_it_shows_each_error_next_to_its_field_and_saves_nothing(
    client, staff, sriphum, field, value
):
    response = _logged_in(client, staff).post(
        reverse("clients:group-create"), group_data(**{field: value})
    )

    assert response.status_code == 422
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert f'id="error_1_id_{field}"' in response.content.decode()  # crispy's inline error
    assert not ClientGroup.objects.exists()


def test_it_refuses_a_registration_number_taken_by_a_group_of_the_same_kind(client, staff, group):
    group.registration_number = "5-50-01-10/1-0007"
    group.save()

    response = _logged_in(client, staff).post(
        reverse("clients:group-create"),
        group_data(
            kind=GroupKind.OTOP, otop_producer_type="sme", registration_number="5-50-01-10/1-0007"
        ),
    )

    assert response.status_code == 422
    assert "registration_number" in response.context["form"].errors
    assert ClientGroup.objects.count() == 1


def test_it_registers_a_group_at_the_staff_members_centre(client, staff, centre_a, sriphum):
    response = _logged_in(client, staff).post(reverse("clients:group-create"), group_data())

    group = ClientGroup.objects.get()
    assert response.status_code == 302
    assert response.url == group.get_absolute_url()
    assert group.centre == centre_a
    assert group.kind == GroupKind.SAVINGS
    assert group.contact_phone == "0812345678"
    assert group.founded_on == date(2017, 10, 1)
    assert (group.village.subdistrict_id, group.village.number) == ("500101", 4)
    assert group.village.name == "บ้านใหม่"
    record = group.history.get()
    assert record.history_type == "+"
    assert record.history_user == staff


def test_it_registers_at_the_centre_the_user_works_in_now(client, centre_a, centre_b):
    from tests.centres.factories import MembershipFactory

    user = MembershipFactory(centre=centre_a, role="staff").user
    MembershipFactory(user=user, centre=centre_b, role="head")
    SubdistrictFactory(code="400101", district=centre_b.district)
    _logged_in(client, user)
    client.get(centre_b.get_absolute_url())  # the centre pages remember the current centre

    client.post(reverse("clients:group-create"), group_data(subdistrict="400101"))

    assert ClientGroup.objects.get().centre == centre_b


def test_it_keeps_the_group_unchanged_when_an_edit_is_invalid(client, staff, group):
    response = _logged_in(client, staff).post(
        reverse("clients:group-edit", kwargs={"pk": group.pk}),
        group_data(name="ชื่อใหม่", kind=GroupKind.OTOP, contact_phone="0000"),
    )

    assert response.status_code == 422
    assert "contact_phone" in response.context["form"].errors
    group.refresh_from_db()
    assert group.name == "กลุ่มทอผ้าบ้านศรีภูมิ"
    assert group.history.count() == 1


CHANGED = ["name", "status", "contact_phone"]


def test_it_saves_an_edit_and_shows_who_changed_what_in_the_history(client, staff, group):
    _logged_in(client, staff)
    edit_url = reverse("clients:group-edit", kwargs={"pk": group.pk})
    form = client.get(edit_url).context["form"]
    assert form["subdistrict"].value() == group.village.subdistrict  # the picker is filled in

    response = client.post(
        edit_url,
        group_data(
            kind=GroupKind.OTOP,
            otop_producer_type="community_group",
            name="กลุ่มทอผ้าไหมบ้านศรีภูมิ",
            village_number="3",
            status="dormant",
        ),
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "กลุ่มทอผ้าไหมบ้านศรีภูมิ"
    assert group.status == "dormant"
    assert group.history.first().history_user == staff
    detail = client.get(group.get_absolute_url())
    latest = detail.context["history"][0]
    assert latest.who == staff.get_full_name()
    with translation.override("th"):  # the page's language
        labels = {n: str(ClientGroup._meta.get_field(n).verbose_name) for n in CHANGED}
        dormant = str(GroupStatus.DORMANT.label)
    changes = {change.label: change for change in latest.changes}
    assert set(labels.values()) <= set(changes)
    assert changes[labels["status"]].new == dormant
    assert "กลุ่มทอผ้าไหมบ้านศรีภูมิ" in detail.content.decode()


def test_it_lets_a_head_and_a_colleague_edit_too(client, head, colleague, group):
    for user in (head, colleague):
        response = _logged_in(client, user).get(
            reverse("clients:group-edit", kwargs={"pk": group.pk})
        )
        assert response.status_code == 200


# The detail page


def test_it_shows_the_profile_members_products_figures_and_chart(client, staff, group):
    current = GroupMembershipFactory(group=group, role=MemberRole.CHAIR)
    past = GroupMembershipFactory(group=group, joined_on=date(2020, 1, 1), left_on=date(2023, 5, 1))
    product = ProductFactory(group=group, name="ผ้าไหมลายน้ำไหล", price=Decimal("450.00"))
    StarRatingFactory(product=product, year=2565, stars=3)
    StarRatingFactory(product=product, year=2567, stars=4)
    GroupSnapshotFactory(group=group, fiscal_year=2567, annual_revenue=Decimal("1240000.00"))
    GroupSnapshotFactory(group=group, fiscal_year=2568, annual_revenue=Decimal("1326800.50"))

    response = _logged_in(client, staff).get(group.get_absolute_url())

    page = response.content.decode()
    assert response.context["current_members"] == [current]
    assert response.context["past_members"] == [past]
    assert current.person.full_name in page
    assert "ผ้าไหมลายน้ำไหล" in page
    assert '2567 <span class="text-warning" aria-hidden="true">★★★★</span>' in page
    assert "1,326,800.50" in page
    chart = json.loads(re.search(r'id="figures-chart-data"[^>]*>(.*?)</script>', page)[1])
    assert chart["labels"] == [2567, 2568]
    assert ["1240000.00", "1326800.50"] in [dataset["data"] for dataset in chart["datasets"]]
    assert "vendor/chartjs/chart.umd.min.js" in page
    assert response.context["history"] is not None


def test_it_loads_the_chart_script_only_where_there_are_figures(client, staff, group):
    response = _logged_in(client, staff).get(group.get_absolute_url())

    assert "chart.umd.min.js" not in response.content.decode()
    assert (
        "chart.umd.min.js"
        not in _logged_in(client, staff).get(reverse("clients:group-list")).content.decode()
    )


# Memberships


def _person_label(person) -> str:
    return f"{person.pk} · {person.full_name} · หมู่ 1 ที่ไหนก็ได้"


def test_it_refuses_a_person_the_staff_member_cannot_see(client, staff, group, centre_b):
    stranger = PersonFactory(centre=centre_b)

    response = _logged_in(client, staff).post(
        reverse("clients:membership-add", kwargs={"pk": group.pk}),
        {"person": _person_label(stranger), "role": "member"},
    )

    assert response.status_code == 422
    assert response.context["form"].has_error("person", code="unknown")
    assert not GroupMembership.objects.exists()


def test_it_refuses_a_person_who_is_already_a_current_member(client, staff, membership):
    response = _logged_in(client, staff).post(
        reverse("clients:membership-add", kwargs={"pk": membership.group.pk}),
        {"person": _person_label(membership.person), "role": "member"},
    )

    assert response.status_code == 422
    assert "person" in response.context["form"].errors
    assert GroupMembership.objects.count() == 1


def test_it_refuses_leaving_before_joining(client, staff, group, centre_a):
    person = PersonFactory(centre=centre_a)

    response = _logged_in(client, staff).post(
        reverse("clients:membership-add", kwargs={"pk": group.pk}),
        {
            "person": _person_label(person),
            "role": "member",
            "joined_on": "01/06/2566",
            "left_on": "01/01/2566",
        },
    )

    assert response.status_code == 422
    assert "left_on" in response.context["form"].errors
    assert not GroupMembership.objects.exists()


def test_it_adds_a_member_picked_from_the_suggestions(client, staff, group, centre_a):
    person = PersonFactory(centre=centre_a)

    response = _logged_in(client, staff).post(
        reverse("clients:membership-add", kwargs={"pk": group.pk}),
        {"person": _person_label(person), "role": "treasurer", "joined_on": "15/01/2566"},
    )

    assert response.status_code == 302
    membership = GroupMembership.objects.get()
    assert (membership.person, membership.group, membership.role) == (person, group, "treasurer")
    assert membership.joined_on == date(2023, 1, 15)
    assert membership.history.get().history_user == staff


def test_it_adds_a_member_by_whole_national_id_and_can_go_on_to_the_next(
    client, staff, group, centre_a
):
    person = PersonFactory(centre=centre_a, national_id=valid_thai_id(77))
    typed = f"{person.national_id[0]}-{person.national_id[1:5]} {person.national_id[5:]}"

    response = _logged_in(client, staff).post(
        reverse("clients:membership-add", kwargs={"pk": group.pk}),
        {"person": typed, "role": "member", "another": "1"},
    )

    assert response.url == reverse("clients:membership-add", kwargs={"pk": group.pk})
    assert GroupMembership.objects.get().person == person


def test_it_changes_a_members_role(client, staff, membership):
    response = _logged_in(client, staff).post(
        reverse(
            "clients:membership-edit",
            kwargs={"pk": membership.group.pk, "membership_pk": membership.pk},
        ),
        {"role": "secretary", "joined_on": "", "left_on": ""},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "secretary"


def test_it_ends_a_membership_on_the_given_day(client, staff, membership):
    url = reverse(
        "clients:membership-end",
        kwargs={"pk": membership.group.pk, "membership_pk": membership.pk},
    )
    _logged_in(client, staff)

    assert client.get(url).context["form"]["left_on"].value()  # today, ready to confirm
    response = client.post(url, {"left_on": "30/09/2568"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.left_on == date(2025, 9, 30)
    assert not GroupMembership.objects.current().exists()


def test_it_answers_404_for_a_membership_of_another_group(client, staff, membership, centre_a):
    other = ClientGroupFactory(centre=centre_a)

    response = _logged_in(client, staff).get(
        reverse("clients:membership-edit", kwargs={"pk": other.pk, "membership_pk": membership.pk})
    )

    assert response.status_code == 404


# Products and stars


def product_data(**overrides) -> dict:
    data = {
        "name": "น้ำพริกหนุ่ม",
        "category": "food",
        "other_standards": "",
        "price": "120.50",
        "unit": "กระปุก",
        "ratings-TOTAL_FORMS": "2",
        "ratings-INITIAL_FORMS": "0",
        "ratings-MIN_NUM_FORMS": "0",
        "ratings-MAX_NUM_FORMS": "50",
        "ratings-0-year": "2566",
        "ratings-0-stars": "3",
        "ratings-1-year": "2568",
        "ratings-1-stars": "4",
    }
    return {**data, **overrides}


def test_it_refuses_a_negative_price_and_saves_nothing(client, staff, group):
    response = _logged_in(client, staff).post(
        reverse("clients:product-add", kwargs={"pk": group.pk}), product_data(price="-1")
    )

    assert response.status_code == 422
    assert "price" in response.context["form"].errors
    assert not Product.objects.exists()
    assert not StarRating.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        pytest.param({"ratings-1-year": "2566"}, "non_form", id="two ratings for one year"),
        pytest.param({"ratings-1-stars": "6"}, "stars", id="six stars"),
        pytest.param({"ratings-1-year": "2025"}, "year", id="a CE year"),
    ],
)
def test_it_refuses_bad_star_ratings_and_saves_nothing(client, staff, group, overrides, error):
    response = _logged_in(client, staff).post(
        reverse("clients:product-add", kwargs={"pk": group.pk}), product_data(**overrides)
    )

    assert response.status_code == 422
    ratings = response.context["ratings"]
    if error == "non_form":
        assert ratings.non_form_errors()
    else:
        assert error in ratings.forms[1].errors
    assert not Product.objects.exists()


def test_it_adds_a_product_with_standards_and_stars(client, staff, group):
    standard = StandardFactory(code="tcps")

    response = _logged_in(client, staff).post(
        reverse("clients:product-add", kwargs={"pk": group.pk}),
        product_data(standards=[standard.pk]),
    )

    assert response.status_code == 302
    product = Product.objects.get()
    assert product.group == group
    assert product.price == Decimal("120.50")
    assert list(product.standards.all()) == [standard]
    assert dict(product.ratings.values_list("year", "stars")) == {2566: 3, 2568: 4}
    assert product.history.first().history_user == staff


def test_it_edits_a_product_and_removes_a_rating(client, staff, product):
    old = StarRatingFactory(product=product, year=2565, stars=2)
    kept = StarRatingFactory(product=product, year=2567, stars=4)

    response = _logged_in(client, staff).post(
        reverse("clients:product-edit", kwargs={"pk": product.group.pk, "product_pk": product.pk}),
        product_data(
            name="ผ้าไหมมัดหมี่ลายโบราณ",
            **{
                "ratings-TOTAL_FORMS": "3",
                "ratings-INITIAL_FORMS": "2",
                "ratings-0-id": str(kept.pk),
                "ratings-0-year": "2567",
                "ratings-0-stars": "5",
                "ratings-1-id": str(old.pk),
                "ratings-1-year": "2565",
                "ratings-1-stars": "2",
                "ratings-1-DELETE": "on",
                "ratings-2-year": "",
                "ratings-2-stars": "",
            },
        ),
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "ผ้าไหมมัดหมี่ลายโบราณ"
    assert dict(product.ratings.values_list("year", "stars")) == {2567: 5}


# Yearly figures


def test_it_shows_only_the_figures_of_the_groups_kind(client, staff, centre_a):
    savings = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS)
    occupational = ClientGroupFactory(centre=centre_a, kind=GroupKind.OCCUPATIONAL)
    _logged_in(client, staff)

    savings_form = client.get(reverse("clients:snapshot-add", kwargs={"pk": savings.pk}))
    occupational_form = client.get(reverse("clients:snapshot-add", kwargs={"pk": occupational.pk}))

    assert "monthly_savings" in savings_form.context["form"].fields
    assert "annual_revenue" not in savings_form.context["form"].fields
    assert "monthly_savings" not in occupational_form.context["form"].fields
    assert "annual_revenue" in occupational_form.context["form"].fields


def test_it_refuses_a_second_snapshot_for_the_same_year_next_to_the_year(client, staff, snapshot):
    response = _logged_in(client, staff).post(
        reverse("clients:snapshot-add", kwargs={"pk": snapshot.group.pk}),
        {"fiscal_year": "2567", "members": "25"},
    )

    assert response.status_code == 422
    assert response.context["form"].has_error("fiscal_year", code="duplicate_year")
    assert GroupSnapshot.objects.count() == 1
    snapshot.refresh_from_db()
    assert snapshot.members == 20


def test_it_refuses_negative_money_and_saves_nothing(client, staff, group):
    response = _logged_in(client, staff).post(
        reverse("clients:snapshot-add", kwargs={"pk": group.pk}),
        {"fiscal_year": "2568", "annual_revenue": "-500.00"},
    )

    assert response.status_code == 422
    assert "annual_revenue" in response.context["form"].errors
    assert not GroupSnapshot.objects.filter(fiscal_year=2568).exists()


def test_it_records_a_savings_groups_yearly_figures(client, staff, centre_a):
    savings = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS)

    response = _logged_in(client, staff).post(
        reverse("clients:snapshot-add", kwargs={"pk": savings.pk}),
        {
            "fiscal_year": "2568",
            "members": "45",
            "households": "40",
            "capital": "1250000.50",
            "monthly_savings": "100",
            "loans_outstanding": "830000",
            "borrowers": "21",
            "debts_overdue": "0",
            "annual_revenue": "999",  # not a savings group's figure: ignored
        },
    )

    assert response.status_code == 302
    snapshot = GroupSnapshot.objects.get()
    assert snapshot.fiscal_year == 2568
    assert snapshot.capital == Decimal("1250000.50")
    assert snapshot.monthly_savings == Decimal("100")
    assert snapshot.annual_revenue is None
    assert snapshot.history.get().history_user == staff


def test_it_edits_a_years_figures(client, staff, snapshot):
    response = _logged_in(client, staff).post(
        reverse(
            "clients:snapshot-edit",
            kwargs={"pk": snapshot.group.pk, "snapshot_pk": snapshot.pk},
        ),
        {"fiscal_year": "2567", "members": "22", "annual_revenue": "50000"},
    )

    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert (snapshot.members, snapshot.annual_revenue) == (22, Decimal("50000"))
