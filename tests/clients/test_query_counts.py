"""Query counts of the registry's pages, built with many rows, so that an N+1 cannot come back
silently. Each list runs the same number of queries for 30 rows as for 60."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import GroupKind
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

# The caps: the measured counts plus a little room, so that only an N+1 breaks them.
GROUP_LIST_QUERIES = 12  # measured: 10 for staff with filters
PERSON_LIST_QUERIES = 12  # measured: 10 for staff with filters
GROUP_DETAIL_QUERIES = 15  # measured: 13 for staff (with the history and the impact panel)
PERSON_DETAIL_QUERIES = 11  # measured: 9 for staff (with the impact panel)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def places(centre_a):
    subdistricts = [
        SubdistrictFactory(code=f"5001{n:02d}", district=centre_a.district) for n in (1, 2, 3)
    ]
    return [VillageFactory(subdistrict=s, number=n) for s in subdistricts for n in (1, 2, 3)]


def _add_groups(centre, places, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        group = ClientGroupFactory(
            centre=centre,
            kind=GroupKind.OTOP,
            otop_producer_type="sme",
            village=places[n % len(places)],
            registration_number=f"REG-{n}",
        )
        StarRatingFactory(product=ProductFactory(group=group), stars=1 + n % 5)


def _add_persons(centre, places, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        PersonFactory(
            centre=centre,
            village=places[n % len(places)],
            national_id=valid_thai_id(n),
            phone=f"08{n:08d}",
        )


def _count(client, url, params=None) -> int:
    cache.clear()  # the filters' choices read, not kept from the count before (portal.lib.choices)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


GROUP_FILTERS = {"kind": "otop", "subdistrict": "500101", "stars": "2", "q": "REG"}
PERSON_FILTERS = {"gender": "unspecified", "subdistrict": "500101", "has_consent": "no", "q": "สม"}


@pytest.mark.parametrize("params", [{}, GROUP_FILTERS], ids=["all", "filtered"])
@pytest.mark.parametrize("persona", ["staff", "province_officer"])
def test_it_lists_groups_in_a_fixed_number_of_queries(
    client, request, centre_a, places, persona, params
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("clients:group-list")
    _add_groups(centre_a, places, 30)
    with_30 = _count(client, url, params)
    _add_groups(centre_a, places, 30, start=30)

    assert _count(client, url, params) == with_30
    assert with_30 <= GROUP_LIST_QUERIES


@pytest.mark.parametrize("params", [{}, PERSON_FILTERS], ids=["all", "filtered"])
@pytest.mark.parametrize("persona", ["staff", "committee_member", "province_officer"])
def test_it_lists_persons_in_a_fixed_number_of_queries(
    client, request, centre_a, places, persona, params
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("clients:person-list")
    _add_persons(centre_a, places, 30)
    with_30 = _count(client, url, params)
    _add_persons(centre_a, places, 30, start=30)

    assert _count(client, url, params) == with_30
    assert with_30 <= PERSON_LIST_QUERIES


@pytest.fixture
def busy_group(centre_a, places, staff, colleague):
    """30 members (5 of them past), 10 products with stars and standards, 5 years of figures,
    and a few edits by two people."""
    group = ClientGroupFactory(
        centre=centre_a, kind=GroupKind.OTOP, otop_producer_type="sme", village=places[0]
    )
    for n in range(30):
        left = {"left_on": "2024-01-01", "joined_on": "2020-01-01"} if n < 5 else {}
        GroupMembershipFactory(group=group, person__village=places[n % len(places)], **left)
    standards = [StandardFactory(code=f"q{n}") for n in range(3)]
    for n in range(10):
        product = ProductFactory(group=group, price=Decimal("10.00"))
        product.standards.set(standards[: n % 3 + 1])
        for year in (2565, 2566, 2567):
            StarRatingFactory(product=product, year=year, stars=1 + n % 5)
    for year in range(2565, 2570):
        GroupSnapshotFactory(group=group, fiscal_year=year, annual_revenue=Decimal("1000.50"))
    for n in range(4):
        group._history_user = staff if n % 2 else colleague
        group.name = f"กลุ่มทดสอบ {n}"
        group.save()
    return group


@pytest.mark.parametrize("persona", ["staff", "committee_member"])
def test_it_shows_a_busy_group_in_a_fixed_number_of_queries(
    client, request, busy_group, persona, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))

    with django_assert_max_num_queries(GROUP_DETAIL_QUERIES):
        response = client.get(busy_group.get_absolute_url())

    assert len(response.context["current_members"]) == 25
    assert len(response.context["products"]) == 10
    assert len(response.context["figures"]["rows"]) == 5


@pytest.mark.parametrize("persona", ["staff", "committee_member"])
def test_it_shows_a_person_in_a_fixed_number_of_queries(
    client, request, centre_a, places, persona, django_assert_max_num_queries
):
    person = PersonFactory(centre=centre_a, village=places[0], national_id=valid_thai_id(1))
    for n in range(8):
        GroupMembershipFactory(person=person, group__centre=centre_a, group__village=places[n])
    for n in range(4):
        person.occupation = f"อาชีพ {n}"
        person.save()
    client.force_login(request.getfixturevalue(persona))

    with django_assert_max_num_queries(PERSON_DETAIL_QUERIES):
        response = client.get(person.get_absolute_url())

    assert len(response.context["memberships"]) == 8
