"""The registry's invariants, as the models and the database hold them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clients.models import GroupKind, GroupSnapshot
from tests.clients.factories import (
    ClientGroupFactory,
    GroupMembershipFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
    StarRatingFactory,
    valid_thai_id,
)

pytestmark = pytest.mark.django_db


def _refused_by_the_database(factory, **fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


# Groups


def test_it_refuses_a_producer_type_on_a_group_that_is_not_otop():
    group = ClientGroupFactory.build(kind=GroupKind.SAVINGS, otop_producer_type="sme")

    with pytest.raises(ValidationError) as error:
        group.clean()
    assert "otop_producer_type" in error.value.message_dict


def test_it_requires_a_producer_type_of_an_otop_group():
    group = ClientGroupFactory.build(kind=GroupKind.OTOP, otop_producer_type="")

    with pytest.raises(ValidationError) as error:
        group.clean()
    assert "otop_producer_type" in error.value.message_dict


def test_it_keeps_a_producer_type_off_other_kinds_in_the_database():
    _refused_by_the_database(ClientGroupFactory, kind=GroupKind.OTHER, otop_producer_type="sme")


def test_it_keeps_registration_numbers_unique_per_centre_and_kind():
    group = ClientGroupFactory(registration_number="ก-1")
    ClientGroupFactory(centre=group.centre, kind=GroupKind.SAVINGS, registration_number="ก-1")

    _refused_by_the_database(ClientGroupFactory, centre=group.centre, registration_number="ก-1")


def test_it_allows_many_groups_without_a_registration_number():
    group = ClientGroupFactory()
    ClientGroupFactory(centre=group.centre)

    assert group.centre.client_groups.count() == 2


def test_it_links_a_group_to_its_page():
    group = ClientGroupFactory()

    assert group.get_absolute_url() == f"/clients/groups/{group.pk}/"


# Persons


def test_it_keeps_national_ids_unique():
    PersonFactory(national_id=valid_thai_id(1))

    _refused_by_the_database(PersonFactory, national_id=valid_thai_id(1))


def test_it_allows_many_persons_without_a_national_id():
    PersonFactory(national_id=None)
    PersonFactory(national_id=None)


def test_it_refuses_an_id_with_a_wrong_check_digit():
    good = valid_thai_id(3)
    person = PersonFactory.build(national_id=good[:12] + str((int(good[12]) + 1) % 10))

    with pytest.raises(ValidationError) as error:
        person.full_clean(exclude=["centre", "village"])
    assert "national_id" in error.value.message_dict


def test_it_keeps_birth_years_in_the_buddhist_era_in_the_database():
    _refused_by_the_database(PersonFactory, birth_year=1967)


def test_it_masks_the_id_but_for_its_last_digit():
    person = PersonFactory.build(national_id=valid_thai_id(7))

    assert person.masked_national_id == f"x-xxxx-xxxxx-xx-{valid_thai_id(7)[-1]}"
    assert PersonFactory.build(national_id=None).masked_national_id == ""


def test_it_keeps_no_copy_of_the_id_in_the_history():
    person = PersonFactory(national_id=valid_thai_id(9))

    assert not hasattr(person.history.get(), "national_id")


# Memberships


def test_it_allows_one_current_membership_per_person_and_group():
    membership = GroupMembershipFactory()

    _refused_by_the_database(
        GroupMembershipFactory, group=membership.group, person=membership.person
    )


def test_it_allows_rejoining_after_leaving():
    membership = GroupMembershipFactory(joined_on=date(2020, 1, 1), left_on=date(2021, 1, 1))

    GroupMembershipFactory(group=membership.group, person=membership.person)


def test_it_refuses_leaving_before_joining_in_the_database():
    _refused_by_the_database(
        GroupMembershipFactory, joined_on=date(2022, 1, 1), left_on=date(2021, 1, 1)
    )


# Products and stars


def test_it_refuses_a_negative_price_in_the_database():
    _refused_by_the_database(ProductFactory, price=Decimal("-0.01"))


@pytest.mark.parametrize("stars", [0, 6])
def test_it_keeps_stars_between_one_and_five(stars):
    _refused_by_the_database(StarRatingFactory, stars=stars)


def test_it_allows_one_rating_per_product_and_year():
    rating = StarRatingFactory(year=2566)

    _refused_by_the_database(StarRatingFactory, product=rating.product, year=2566)


# Yearly figures


def test_it_allows_one_snapshot_per_group_and_year():
    snapshot = GroupSnapshotFactory(fiscal_year=2568)

    _refused_by_the_database(GroupSnapshotFactory, group=snapshot.group, fiscal_year=2568)


@pytest.mark.parametrize(
    "figure", ["capital", "monthly_savings", "loans_outstanding", "annual_revenue", "debts_overdue"]
)
def test_it_refuses_negative_money_in_the_database(figure):
    _refused_by_the_database(GroupSnapshotFactory, **{figure: Decimal("-1.00")})


def test_it_refuses_a_figure_the_groups_kind_does_not_report():
    group = ClientGroupFactory(kind=GroupKind.SAVINGS)
    snapshot = GroupSnapshot(group=group, fiscal_year=2568, annual_revenue=Decimal("5"))

    with pytest.raises(ValidationError) as error:
        snapshot.clean()
    assert list(error.value.message_dict) == ["annual_revenue"]


def test_it_accepts_the_figures_of_the_groups_kind():
    group = ClientGroupFactory(kind=GroupKind.SAVINGS)
    snapshot = GroupSnapshot(
        group=group, fiscal_year=2568, capital=Decimal("1000.50"), monthly_savings=Decimal("100")
    )

    snapshot.full_clean()
    assert snapshot.figures[:3] == ["members", "households", "capital"]
