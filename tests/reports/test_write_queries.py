"""What keeping the roll-ups current costs a write: a bounded number of queries, the same for a
centre with a few requests as for one with many (the recount reads its bucket in one query)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.lib.fiscal import fiscal_year
from reports.models import Tally
from services.actions import log_request, transition_request
from services.models import Channel, Status, Urgency
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory

pytestmark = pytest.mark.date_sensitive  # the requests join today's fiscal year

# log_request: its own writes (counter, request, status change) plus one recount of the bucket
# and of the backlog; a move: the lock, the change, the save, the recounts.
MAX_LOG = 30
MAX_MOVE = 30


@pytest.fixture
def grow(centre_a):
    def grow(count: int) -> None:
        year = fiscal_year(timezone.localdate())  # the bucket the next request joins
        for n in range(count):
            ServiceRequestFactory(centre=centre_a, fiscal_year=year, sequence=90_000 + n)

    return grow


@pytest.fixture
def log(centre_a, staff):
    group, advice = ClientGroupFactory(centre=centre_a), ServiceTypeFactory(code="advice")

    def log():
        return log_request(
            centre=centre_a,
            client=group,
            service_type=advice,
            channel=Channel.ONSITE,
            urgency=Urgency.NORMAL,
            subject="ขอคำปรึกษา",
            by=staff,
        )

    return log


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_it_logs_a_request_in_a_bounded_number_of_queries(log, grow, django_assert_max_num_queries):
    log()  # the centre's first request of the year creates its counter row
    with django_assert_max_num_queries(MAX_LOG):
        log()
    few = _queries(log)
    grow(60)
    many = _queries(log)

    assert many == few
    assert Tally.objects.get(month=0, measure="requests.received").value == 64


def test_it_moves_a_request_in_a_bounded_number_of_queries(
    log, grow, staff, django_assert_max_num_queries
):
    first, second = log(), log()
    with django_assert_max_num_queries(MAX_MOVE):
        transition_request(first, to=Status.IN_PROGRESS, by=staff)
    few = _queries(lambda: transition_request(second, to=Status.IN_PROGRESS, by=staff))
    grow(60)
    third = log()
    many = _queries(lambda: transition_request(third, to=Status.IN_PROGRESS, by=staff))

    assert many == few
    assert Tally.objects.get(month=0, measure="requests.status.in_progress").value == 3
