"""The registry's forms on their own: the person picker, the figures a kind reports, names and
numbers as people type them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clients.forms import (
    GroupForm,
    GroupSnapshotForm,
    PersonField,
    PersonForm,
    StarRatingFormSet,
    person_label,
    squeeze,
)
from clients.models import (
    ALL_FIGURES,
    SNAPSHOT_FIGURES,
    ClientGroup,
    GroupKind,
    GroupSnapshot,
    Person,
    Product,
)
from portal.forms import Typed
from tests.centres.factories import SubdistrictFactory
from tests.clients.factories import (
    ClientGroupFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
    valid_thai_id,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(code="500101", district=centre_a.district, name_th="ศรีภูมิ")


def test_it_squeezes_the_spaces_out_of_names():
    assert squeeze("  กลุ่ม   ทอผ้า \t บ้านศรีภูมิ ") == "กลุ่ม ทอผ้า บ้านศรีภูมิ"


# The person picker


def _field(user) -> PersonField:
    return PersonField(queryset=Person.objects.visible_to(user), user=user)


def test_it_refuses_a_person_outside_the_users_scope(staff, centre_b):
    stranger = PersonFactory(centre=centre_b)

    with pytest.raises(ValidationError) as error:
        _field(staff).clean(person_label(stranger))
    assert error.value.code == "unknown"


@pytest.mark.parametrize("typed", ["อะไรก็ได้", "12a", ""])
def test_it_refuses_text_that_names_no_person(staff, typed):
    field = _field(staff)
    field.required = True

    with pytest.raises(ValidationError):
        field.clean(typed)


def test_it_reads_the_person_from_a_suggestion_a_name_a_phone_or_a_whole_id(staff, centre_a):
    person = PersonFactory(centre=centre_a, national_id=valid_thai_id(5), phone="0812345678")
    field = _field(staff)

    assert field.clean(Typed(person_label(person), str(person.pk))) == person
    assert field.clean(person_label(person)) == person
    assert field.clean(f" {person.first_name}  {person.last_name} ") == person
    assert field.clean("081-234-5678") == person
    assert field.clean(person.national_id) == person
    assert not person_label(person).startswith(f"{person.pk} ")
    assert person.national_id not in person_label(person)


def test_it_offers_namesakes_to_choose_from(staff, centre_a):
    person = PersonFactory(centre=centre_a, first_name="สมชาย", last_name="ดีมาก")
    twin = PersonFactory(centre=centre_a, first_name="สมชาย", last_name="ดีมาก")
    field = _field(staff)

    with pytest.raises(ValidationError) as error:
        field.clean("สมชาย ดีมาก")
    assert error.value.code == "several"
    assert [key for key, _label in field.widget.choices] == [str(person.pk), str(twin.pk)]
    assert field.clean(Typed("สมชาย ดีมาก", str(twin.pk))) == twin


# Groups


def _group_form(user, centre, **data) -> GroupForm:
    fields = {
        "kind": GroupKind.OCCUPATIONAL,
        "name": "กลุ่มจักสาน",
        "subdistrict": "500101",
        "village_number": "2",
        "status": "active",
        **data,
    }
    return GroupForm(fields, instance=ClientGroup(centre=centre), user=user)


def test_it_refuses_a_producer_type_for_a_group_that_is_not_otop(staff, centre_a, sriphum):
    form = _group_form(staff, centre_a, otop_producer_type="sme")

    assert not form.is_valid()
    assert list(form.errors) == ["otop_producer_type"]


def test_it_accepts_an_otop_group_with_its_producer_type(staff, centre_a, sriphum):
    form = _group_form(staff, centre_a, kind=GroupKind.OTOP, otop_producer_type="single_owner")

    assert form.is_valid(), form.errors
    group = form.save()
    assert group.village.subdistrict == sriphum


def test_it_hides_the_save_anyway_box_until_a_look_alike_is_found(staff, centre_a, sriphum):
    form = _group_form(staff, centre_a)

    assert form.fields["confirm_duplicate"].widget.is_hidden


# Persons


def test_it_normalizes_what_people_type_into_a_person(staff, centre_a, sriphum):
    form = PersonForm(
        {
            "first_name": " สม  ใจ ",
            "last_name": "ดี",
            "national_id": f" {valid_thai_id(8)[:4]}-{valid_thai_id(8)[4:]} ",
            "phone": "02 123 4567",
            "gender": "male",
            "subdistrict": "ศรีภูมิ",
            "village_number": "1",
        },
        instance=Person(centre=centre_a),
        user=staff,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["first_name"] == "สม ใจ"
    assert form.cleaned_data["national_id"] == valid_thai_id(8)
    assert form.cleaned_data["phone"] == "021234567"


def test_it_stores_no_id_rather_than_an_empty_one(staff, centre_a, sriphum):
    """National IDs are unique when given: two persons without one must both save."""
    data = {"first_name": "ก", "last_name": "ข", "gender": "male", "subdistrict": "500101"}
    for number in ("1", "2"):
        form = PersonForm(
            {**data, "village_number": number}, instance=Person(centre=centre_a), user=staff
        )
        assert form.is_valid(), form.errors
        assert form.save().national_id is None


# Yearly figures


@pytest.mark.parametrize("kind", list(GroupKind))
def test_it_offers_exactly_the_figures_of_each_kind(centre_a, kind):
    group = ClientGroupFactory(centre=centre_a, kind=kind)

    form = GroupSnapshotForm(instance=GroupSnapshot(group=group))

    assert list(form.fields) == ["fiscal_year", *SNAPSHOT_FIGURES[kind]]


def test_it_shows_a_figure_of_another_kind_that_is_filled_in_so_it_can_be_emptied(centre_a):
    group = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS)
    snapshot = GroupSnapshotFactory(group=group, annual_revenue=Decimal("10"))

    form = GroupSnapshotForm({"fiscal_year": "2569"}, instance=snapshot)

    assert "annual_revenue" in form.fields
    assert set(form.fields) <= {"fiscal_year", *ALL_FIGURES}
    assert form.is_valid(), form.errors  # left empty, so emptied


def test_it_refuses_money_with_more_than_two_decimals(centre_a):
    group = ClientGroupFactory(centre=centre_a, kind=GroupKind.OTHER)

    form = GroupSnapshotForm(
        {"fiscal_year": "2569", "annual_revenue": "10.005"}, instance=GroupSnapshot(group=group)
    )

    assert not form.is_valid()
    assert "annual_revenue" in form.errors


# Stars


def test_it_ignores_the_empty_lines_of_the_star_formset(centre_a):
    product = ProductFactory(group__centre=centre_a)
    data = {
        "ratings-TOTAL_FORMS": "2",
        "ratings-INITIAL_FORMS": "0",
        "ratings-0-year": "2567",
        "ratings-0-stars": "5",
        "ratings-1-year": "",
        "ratings-1-stars": "",
    }

    ratings = StarRatingFormSet(data, instance=product, prefix="ratings")

    assert ratings.is_valid(), ratings.errors
    ratings.save()
    assert list(product.ratings.values_list("year", "stars")) == [(2567, 5)]


def test_it_accepts_no_stars_for_a_new_product(centre_a):
    data = {"ratings-TOTAL_FORMS": "2", "ratings-INITIAL_FORMS": "0"}

    ratings = StarRatingFormSet(data, instance=Product(), prefix="ratings")

    assert ratings.is_valid()
