"""AnyOf: a filter by a list of ids sent as one parameter (an array on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import ClientGroup
from portal.lib.db import AnyOf
from tests.clients.factories import ClientGroupFactory


@pytest.fixture
def groups(centre_a):
    return [ClientGroupFactory(centre=centre_a) for _ in range(4)]


def test_it_keeps_the_rows_of_the_ids_given(groups):
    wanted = [groups[0].pk, groups[2].pk, 10**9]

    found = ClientGroup.objects.filter(AnyOf("pk", wanted)).values_list("pk", flat=True)

    assert sorted(found) == sorted([groups[0].pk, groups[2].pk])


def test_no_ids_keep_no_rows(groups):
    assert not ClientGroup.objects.filter(AnyOf("pk", [])).exists()


def test_it_combines_with_other_filters_and_joins(groups):
    ids = [group.pk for group in groups]

    found = ClientGroup.objects.filter(AnyOf("pk", ids), centre__district=groups[1].centre.district)

    assert found.count() == 4


def test_the_ids_are_one_array_on_postgresql_and_placeholders_elsewhere(groups):
    ids = [group.pk for group in groups]
    with CaptureQueriesContext(connection) as captured:
        list(ClientGroup.objects.filter(AnyOf("pk", ids)))
    sql = captured.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY[" in sql
    else:
        assert " IN (" in sql
