"""Long lists read a chunk at a time (portal.lib.keyset): every row once, in the list's own
order, ties included, one short query a chunk."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from clients.models import ClientGroup, Person
from portal.lib.keyset import keyset_rows
from services.filters import SORTS
from services.models import ServiceRequest
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory, VisitFactory

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def requests(centre_a, staff):
    """Nine requests, three received at the same moment and three due on the same day."""
    moments = [datetime(2026, 11, day, 9, tzinfo=BANGKOK) for day in (3, 3, 3, 4, 5, 6, 7, 8, 9)]
    dues = [date(2026, 12, day) for day in (1, 1, 1, 2, 9, 8, 7, 6, 5)]
    return [
        ServiceRequestFactory(centre=centre_a, received_by=staff, received_at=at, due_date=due)
        for at, due in zip(moments, dues, strict=True)
    ]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("size", [1, 2, 4, 9, 50])
def test_it_reads_each_order_of_the_request_list_as_one_query_would(requests, sort, size):
    listed = ServiceRequest.objects.order_by(*SORTS[sort]).values_list("reference", "due_date")

    assert list(keyset_rows(listed, size)) == list(listed)
    assert len(list(listed)) == 9


def test_it_asks_one_query_a_chunk_and_one_more_for_an_exact_end(
    requests, django_assert_num_queries
):
    listed = ServiceRequest.objects.order_by("-received_at", "-pk").values_list("pk")

    with django_assert_num_queries(3):  # 4 + 4 + 1
        assert len(list(keyset_rows(listed, 4))) == 9
    with django_assert_num_queries(4):  # 3 + 3 + 3, then an empty one
        assert len(list(keyset_rows(listed, 3))) == 9


def test_it_keeps_annotations_and_filters_of_the_list(requests):
    from django.db.models import F

    listed = (
        ServiceRequest.objects.filter(due_date__lt=date(2026, 12, 9))
        .annotate(late=F("due_date"))
        .order_by("due_date", "-received_at", "-pk")
        .values_list("late", "reference")
    )

    rows = list(keyset_rows(listed, 2))
    assert rows == list(listed)
    assert len(rows) == 8
    assert all(len(row) == 2 for row in rows)


@pytest.mark.django_db
def test_it_reads_the_registry_in_thai_order_with_ties(centre_a):
    for first in ("ไพโรจน์", "เกศินี", "กมล", "สมชาย", "สมชาย", "สมชาย", "แก้ว"):
        PersonFactory(centre=centre_a, first_name=first, last_name="ใจดี")
    listed = Person.objects.in_thai_order().values_list("first_name", "pk")

    rows = list(keyset_rows(listed, 2))
    assert rows == list(listed)
    assert len({pk for _, pk in rows}) == 7


@pytest.mark.django_db
def test_an_order_without_the_primary_key_is_completed_by_it(centre_a):
    """Meta.ordering is the name alone: groups of one name must neither repeat nor vanish."""
    for _ in range(5):
        ClientGroupFactory(centre=centre_a, name="กลุ่มเดียวกัน")
    ClientGroupFactory(centre=centre_a, name="กลุ่มอื่น")

    rows = list(keyset_rows(ClientGroup.objects.values_list("pk", "name"), 2))

    assert sorted(pk for pk, _ in rows) == sorted(ClientGroup.objects.values_list("pk", flat=True))
    assert [name for _, name in rows] == sorted(name for _, name in rows)


@pytest.mark.django_db
def test_a_null_sort_key_is_refused_rather_than_rows_lost(centre_a, staff):
    for _ in range(3):
        VisitFactory(centre=centre_a, created_by=staff, follow_up_on=None)
    listed = centre_a.visits.order_by("follow_up_on", "pk").values_list("pk")

    with pytest.raises(ValueError, match="null"):
        list(keyset_rows(listed, 2))
