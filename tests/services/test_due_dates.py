"""Due dates: the local date of receipt plus the type's target days for the urgency; overdue
from the day after the due date, and only while open; fiscal-year and month edges by the
Bangkok date."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from services.actions import change_due_date, create_request
from services.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    Channel,
    ServiceRequest,
    Status,
    Urgency,
)
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory

pytestmark = pytest.mark.date_sensitive

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(target_days_normal=30, target_days_urgent=7)


@pytest.fixture
def log(centre_a, staff, service_type):
    group = ClientGroupFactory(centre=centre_a)

    def make(received_at: datetime, urgency: str = Urgency.NORMAL, **overrides) -> ServiceRequest:
        values = {
            "centre": centre_a,
            "client": group,
            "service_type": service_type,
            "channel": Channel.ONSITE,
            "urgency": urgency,
            "subject": "น้ำท่วมบ้านดอนจั่น ขอความช่วยเหลือฟื้นฟูอาชีพ",
            "by": staff,
            "received_at": received_at,
        }
        return create_request(**(values | overrides))

    return make


def _bangkok(*args) -> datetime:
    return datetime(*args, tzinfo=BANGKOK)


# The due date


def test_a_normal_request_is_due_the_types_normal_days_after_receipt(log):
    assert log(_bangkok(2026, 11, 10, 10, 0)).due_date == date(2026, 12, 10)


def test_an_urgent_request_is_due_the_types_urgent_days_after_receipt(log):
    assert log(_bangkok(2026, 11, 10, 10, 0), Urgency.URGENT).due_date == date(2026, 11, 17)


def test_the_due_date_counts_from_the_bangkok_date(log):
    # 00:30 on 10 Nov in Bangkok is still 9 Nov in UTC: the counting starts on 10 Nov.
    request = log(datetime(2026, 11, 9, 17, 30, tzinfo=UTC), Urgency.URGENT)
    assert request.due_date == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("received", "urgency", "due"),
    [
        ((2027, 1, 31, 9, 0), Urgency.URGENT, date(2027, 2, 7)),  # across a month end
        ((2027, 2, 25, 9, 0), Urgency.URGENT, date(2027, 3, 4)),  # February of a common year
        ((2028, 2, 25, 9, 0), Urgency.URGENT, date(2028, 3, 3)),  # leap year
        ((2026, 9, 28, 9, 0), Urgency.URGENT, date(2026, 10, 5)),  # across the fiscal year
        ((2026, 12, 20, 9, 0), Urgency.NORMAL, date(2027, 1, 19)),  # across the calendar year
    ],
)
def test_due_dates_cross_month_and_year_ends(log, received, urgency, due):
    assert log(_bangkok(*received), urgency).due_date == due


def test_compute_due_date_uses_the_types_target_days(service_type):
    received = date(2026, 11, 10)
    compute = ServiceRequest.compute_due_date
    assert compute(service_type, Urgency.NORMAL, received) == date(2026, 12, 10)
    assert compute(service_type, Urgency.URGENT, received) == date(2026, 11, 17)


def test_a_request_across_the_fiscal_year_end_keeps_the_year_it_was_received(log):
    request = log(_bangkok(2026, 9, 28, 9, 0))
    assert request.fiscal_year == 2569
    assert request.due_date == date(2026, 10, 28)


# The fiscal year and month of receipt


@pytest.mark.parametrize(
    ("received", "year"),
    [
        (_bangkok(2026, 9, 30, 12, 0), 2569),
        (_bangkok(2026, 10, 1, 12, 0), 2570),
        (_bangkok(2026, 9, 30, 23, 59), 2569),
        (_bangkok(2026, 10, 1, 0, 0), 2570),
        (_bangkok(2027, 9, 30, 23, 59), 2570),
        (_bangkok(2027, 10, 1, 0, 0), 2571),
        (_bangkok(2027, 1, 1, 0, 0), 2570),  # the calendar year changes, the fiscal one does not
    ],
)
def test_a_request_belongs_to_the_fiscal_year_of_its_bangkok_date(log, received, year):
    assert log(received).fiscal_year == year


def test_requests_fall_in_the_month_of_their_bangkok_date(log):
    # 31 Oct 23:30 in Bangkok is 16:30 UTC; 1 Nov 00:30 in Bangkok is 31 Oct 17:30 UTC.
    october = log(datetime(2026, 10, 31, 16, 30, tzinfo=UTC))
    november = log(datetime(2026, 10, 31, 17, 30, tzinfo=UTC))

    by_month = ServiceRequest.objects.filter(received_at__year=2026)
    assert list(by_month.filter(received_at__month=10)) == [october]
    assert list(by_month.filter(received_at__month=11)) == [november]
    assert list(ServiceRequest.objects.filter(received_at__date=date(2026, 11, 1))) == [november]


# Overdue


TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.fixture
def due(centre_a):
    """A request at centre A due on a day relative to TODAY, in a status."""

    def make(days_from_today: int, status: str = Status.IN_PROGRESS) -> ServiceRequest:
        return ServiceRequestFactory(
            centre=centre_a, due_date=TODAY + timedelta(days=days_from_today), status=status
        )

    return make


def test_a_request_due_today_is_not_overdue(due):
    request = due(0)
    assert not request.is_overdue(TODAY)
    assert list(ServiceRequest.objects.overdue(TODAY)) == []


def test_a_request_due_yesterday_is_overdue(due):
    request = due(-1)
    assert request.is_overdue(TODAY)
    assert list(ServiceRequest.objects.overdue(TODAY)) == [request]


def test_a_request_due_tomorrow_is_not_overdue(due):
    assert not due(1).is_overdue(TODAY)


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_every_open_status_can_be_overdue(due, status):
    request = due(-10, status)
    assert request.is_overdue(TODAY)
    assert list(ServiceRequest.objects.overdue(TODAY)) == [request]


@pytest.mark.parametrize("status", DONE_STATUSES)
def test_a_finished_request_is_never_overdue(due, status):
    request = due(-10, status)
    assert not request.is_overdue(TODAY)
    assert list(ServiceRequest.objects.overdue(TODAY)) == []


def test_overdue_counts_from_the_bangkok_date_by_default(centre_a):
    today = timezone.localdate()
    on_time = ServiceRequestFactory(centre=centre_a, due_date=today)
    late = ServiceRequestFactory(centre=centre_a, due_date=today - timedelta(days=1))
    assert not on_time.is_overdue() and late.is_overdue()
    assert late in ServiceRequest.objects.overdue()
    assert on_time not in ServiceRequest.objects.overdue()


def test_moving_the_due_date_ends_the_lateness(log, head):
    request = log(_bangkok(2026, 10, 1, 9, 0), Urgency.URGENT)
    assert request.is_overdue(TODAY)

    change_due_date(request, due_date=TODAY, reason="รอผลการพิจารณาของ อบจ.", by=head)

    request.refresh_from_db()
    assert not request.is_overdue(TODAY)


# Due this week


def test_due_between_keeps_the_open_requests_due_this_week(due):
    monday, sunday = TODAY - timedelta(days=2), TODAY + timedelta(days=4)
    inside = [due(-2), due(0), due(4, Status.REFERRED)]
    due(-3)  # last Sunday
    due(5)  # next Monday
    due(1, Status.RESOLVED)  # done already

    this_week = ServiceRequest.objects.due_between(monday, sunday)

    assert set(this_week) == set(inside)
