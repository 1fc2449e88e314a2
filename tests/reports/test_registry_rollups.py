"""The registry's roll-ups: groups, persons and products as they stand now (fiscal year 0),
groups and persons new by the month they were registered, and the groups' yearly figures by
the fiscal year they are for; equal to a recount after every kind of change."""

from decimal import Decimal

import pytest
from django.utils import timezone

from clients.models import ClientGroup, GroupKind, GroupStatus, Person, ProductCategory
from reports.consistency import differences
from reports.models import NOW, Tally
from reports.rules import fiscal_month
from tests.clients.factories import (
    ClientGroupFactory,
    GroupSnapshotFactory,
    PersonFactory,
    ProductFactory,
    StarRatingFactory,
)
from tests.reports.helpers import edge, figures, this_year
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive


def _created_at(row, when) -> None:
    """Backdate a registry row, then save it as the portal would: the roll-ups follow."""
    type(row).objects.filter(pk=row.pk).update(created_at=when)
    row.refresh_from_db()
    row.save()


def _otop(centre, **fields):
    return ClientGroupFactory(
        centre=centre, kind=GroupKind.OTOP, otop_producer_type="sme", **fields
    )


def test_it_counts_the_groups_persons_and_products_as_they_stand_now(centre_a, centre_b):
    ClientGroupFactory.create_batch(2, centre=centre_a)
    otop = _otop(centre_a, status=GroupStatus.DORMANT)
    ClientGroupFactory(centre=centre_b, kind=GroupKind.SAVINGS)
    PersonFactory.create_batch(2, centre=centre_a)
    PersonFactory(centre=centre_a, is_anonymised=True)
    PersonFactory(centre=centre_b)
    silk, rice, _ = (
        ProductFactory(group=otop),
        ProductFactory(group=otop, category=ProductCategory.FOOD),
        ProductFactory(group=otop, category=ProductCategory.FOOD),
    )
    StarRatingFactory(product=silk, year=2567, stars=3)
    StarRatingFactory(product=silk, year=2568, stars=5)  # the latest selection counts
    StarRatingFactory(product=rice, year=2568, stars=4)

    assert figures(centre_a, NOW) == {
        "groups.kind.occupational": 2,
        "groups.kind.otop": 1,
        "groups.status.active": 2,
        "groups.status.dormant": 1,
        "persons.total": 2,  # not the anonymised one
        "products.category.textiles": 1,
        "products.category.food": 2,
        "products.stars.5": 1,
        "products.stars.4": 1,
    }
    assert figures(centre_b, NOW) == {
        "groups.kind.savings": 1,
        "groups.status.active": 1,
        "persons.total": 1,
    }
    assert differences() == []


def test_it_counts_groups_and_persons_new_in_the_month_they_were_registered(centre_a):
    ClientGroupFactory.create_batch(2, centre=centre_a)
    _otop(centre_a)
    PersonFactory.create_batch(3, centre=centre_a)
    PersonFactory(centre=centre_a, is_anonymised=True)  # registered, whatever became of it
    month = fiscal_month(timezone.localdate())

    expected = {
        "groups.new": 3,
        "groups.new.occupational": 2,
        "groups.new.otop": 1,
        "persons.new": 4,
    }
    assert (
        figures(centre_a, this_year(), prefix="groups.")
        | figures(centre_a, this_year(), prefix="persons.")
        == expected
    )
    assert (
        figures(centre_a, this_year(), month, prefix="groups.")
        | figures(centre_a, this_year(), month, prefix="persons.")
        == expected
    )


def test_it_counts_a_registration_of_30_september_in_the_year_ending_and_of_1_october_in_the_next(
    centre_a,
):
    year = this_year()
    before, after = edge(year)
    late, early = ClientGroupFactory(centre=centre_a), ClientGroupFactory(centre=centre_a)
    person = PersonFactory(centre=centre_a)
    _created_at(late, before)
    _created_at(person, before)
    _created_at(early, after)

    assert figures(centre_a, year - 1, 12) == {
        "groups.new": 1,
        "groups.new.occupational": 1,
        "persons.new": 1,
    }
    assert figures(centre_a, year, 1) == {"groups.new": 1, "groups.new.occupational": 1}
    assert figures(centre_a, year - 1)["groups.new"] == figures(centre_a, year)["groups.new"] == 1
    assert differences() == []


def test_it_sums_the_groups_yearly_figures_in_the_fiscal_year_they_are_for(centre_a):
    savings = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS)
    fund = ClientGroupFactory(centre=centre_a, kind=GroupKind.VILLAGE_FUND)
    otop = _otop(centre_a)
    GroupSnapshotFactory(group=savings, fiscal_year=2569, members=20, capital=Decimal("1000.50"))
    GroupSnapshotFactory(group=fund, fiscal_year=2569, members=150, capital=Decimal("5000000"))
    GroupSnapshotFactory(group=otop, fiscal_year=2569, annual_revenue=Decimal("12000.25"))
    GroupSnapshotFactory(group=savings, fiscal_year=2570, members=22, capital=Decimal("1200"))
    GroupSnapshotFactory(group=otop, fiscal_year=2570)  # reported, with no figures

    assert figures(centre_a, 2569, prefix="snapshots.") == {
        "snapshots.reported": 3,
        "snapshots.members": 170,
        "snapshots.savings": Decimal("1000.50"),
        "snapshots.fund_capital": Decimal("5000000.00"),
        "snapshots.revenue": Decimal("12000.25"),
    }
    assert figures(centre_a, 2570, prefix="snapshots.") == {
        "snapshots.reported": 2,
        "snapshots.members": 22,
        "snapshots.savings": Decimal("1200.00"),
    }
    # A yearly report has no month: only the whole year holds it.
    assert not Tally.objects.filter(measure__startswith="snapshots.", month__gt=0).exists()
    assert differences() == []


def test_it_keeps_the_groups_figures_equal_to_a_recount_through_every_change(centre_a, centre_b):
    group = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS)
    GroupSnapshotFactory(group=group, fiscal_year=2569, capital=Decimal("900"))
    product = ProductFactory(group=group)
    rating = StarRatingFactory(product=product)
    ServiceRequestFactory(centre=centre_a, client_group=group, fiscal_year=this_year())
    assert differences() == []

    group.status = GroupStatus.DISSOLVED
    group.save()
    assert figures(centre_a, NOW, prefix="groups.status.") == {"groups.status.dissolved": 1}
    assert differences() == []

    group.kind = GroupKind.POVERTY_FUND  # its capital is now a fund's; its requests' client kind
    group.save()
    assert figures(centre_a, 2569, prefix="snapshots.") == {
        "snapshots.reported": 1,
        "snapshots.fund_capital": Decimal("900.00"),
    }
    assert figures(centre_a, this_year(), prefix="requests.client.") == {
        "requests.client.poverty_fund": 1
    }
    assert differences() == []

    group.centre = centre_b  # the group, its products and its yearly figures move
    group.save()
    assert figures(centre_a, NOW) == figures(centre_a, 2569) == {}
    assert figures(centre_b, NOW)["products.stars.4"] == 1
    assert differences() == []

    rating.stars = 5
    rating.save()
    product.category = ProductCategory.HERBAL
    product.save()
    assert figures(centre_b, NOW, prefix="products.") == {
        "products.category.herbal": 1,
        "products.stars.5": 1,
    }
    rating.delete()
    assert differences() == []

    product.group = _otop(centre_a)  # a product moved to a group of another centre
    product.save()
    assert figures(centre_a, NOW, prefix="products.") == {"products.category.herbal": 1}
    assert figures(centre_b, NOW, prefix="products.") == {}
    assert differences() == []

    group.service_requests.all().delete()
    group.delete()  # with its yearly figures
    assert figures(centre_b, NOW) == figures(centre_b, 2569) == {}
    assert differences() == []


def test_it_keeps_the_persons_figures_equal_to_a_recount_through_every_change(centre_a, centre_b):
    person = PersonFactory(centre=centre_a)
    person.centre = centre_b
    person.save()
    assert figures(centre_a, NOW) == {}
    assert figures(centre_b, NOW) == {"persons.total": 1}
    assert differences() == []

    person.is_anonymised = True
    person.save()
    assert figures(centre_b, NOW) == {}
    assert figures(centre_b, this_year()) == {"persons.new": 1}
    Person.objects.get(pk=person.pk).delete()
    assert figures(centre_b, this_year()) == {}
    assert differences() == []


def test_a_registry_write_recounts_one_small_bucket(centre_a, django_assert_max_num_queries):
    ClientGroupFactory.create_batch(5, centre=centre_a)
    group = ClientGroup.objects.filter(centre=centre_a).first()
    group.status = GroupStatus.DORMANT

    # The update, its history, and in a savepoint the centre's lock, the cleanup, the read and
    # the insert of its figures (now and of the year it was registered: one read).
    with django_assert_max_num_queries(8):
        group.save()

    assert figures(centre_a, NOW)["groups.status.dormant"] == 1
