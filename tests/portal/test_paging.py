"""List pages count and page within caps (portal.lib.paging): a national list never counts or
offsets past 10,000 rows."""

import pytest
from django.urls import reverse
from django.utils import translation

from centres.models import Province
from portal.lib import paging
from portal.lib.paging import CappedPaginator, list_page
from tests.centres.factories import ProvinceFactory
from tests.clients.factories import ClientGroupFactory


@pytest.fixture
def provinces(db):
    for n in range(10, 20):
        ProvinceFactory(code=str(n))
    return Province.objects.order_by("code")


def test_it_counts_a_short_list_exactly(provinces):
    paginator = CappedPaginator(provinces, 3, max_pages=4)

    assert paginator.count == 10
    assert not paginator.capped
    assert paginator.num_pages == 4


def test_it_counts_no_further_than_one_row_past_the_cap(provinces, django_assert_num_queries):
    paginator = CappedPaginator(provinces, 2, max_pages=3)

    with django_assert_num_queries(1) as captured:
        assert paginator.count == 7
    assert "LIMIT 7" in captured.captured_queries[0]["sql"]
    assert paginator.capped
    assert paginator.cap_text == "6"
    assert paginator.num_pages == 3


def test_it_serves_the_last_allowed_page_for_a_deeper_one(provinces):
    page = CappedPaginator(provinces, 2, max_pages=3).get_page(5)

    assert page.number == 3
    assert [p.code for p in page] == ["14", "15"]
    assert not page.has_next()


def test_it_reads_the_pages_rows_by_id_from_the_rows_given(provinces, django_assert_num_queries):
    listed = provinces.filter(code__gte="12").order_by("-code")
    rows = Province.objects.filter(code__lt="19")  # the rows: 18 and below

    with django_assert_num_queries(3) as captured:  # the count, the ids, the rows
        page = CappedPaginator(listed, 3, rows=rows).get_page(1)
        assert [p.code for p in page] == ["18", "17"]  # in the list's order; 19 not a row
    assert page.paginator.count == 8
    ids, rows_read = (captured.captured_queries[n]["sql"] for n in (1, 2))
    assert "LIMIT 3" in ids and "ORDER BY" in ids
    assert "IN (" in rows_read and "ORDER BY" not in rows_read


def test_it_pages_a_list_of_rows_in_memory_too():
    page = list_page(list(range(30)), 25, "2")

    assert list(page) == [25, 26, 27, 28, 29]
    assert page.paginator.count == 30


def test_the_group_list_says_more_than_the_cap_and_asks_to_narrow_it(
    client, staff, centre_a, monkeypatch
):
    monkeypatch.setattr(paging, "MAX_PAGES", 2)
    ClientGroupFactory.create_batch(51, centre=centre_a)
    client.force_login(staff)

    with translation.override("th"):
        response = client.get(reverse("clients:group-list"), {"page": "9"})

    assert response.status_code == 200
    assert response.context["page"].number == 2
    html = response.content.decode()
    assert "มากกว่า 50 กลุ่ม" in html
    assert "แสดงเพียง 50 รายการแรก" in html
