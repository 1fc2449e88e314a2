"""The counting rules at their edges, each figure computed by hand and read as the pages read
it (reports.figures, from the roll-ups the actions kept current)."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from centres.models import Village
from reports import figures
from reports.consistency import differences
from reports.models import NOW, Backlog
from services.actions import change_due_date, edit_request, log_request, transition_request
from services.models import Channel, Status, Urgency, VisitKind, VisitStatus
from services.visit_actions import create_visit, record_visit, set_visit_status
from tests.centres.factories import VillageFactory
from tests.clients.factories import ClientGroupFactory
from tests.conftest import BANGKOK
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory

pytestmark = pytest.mark.date_sensitive  # the backlog's "overdue now" is read against today

SEP_30_2570 = datetime(2027, 9, 30, 23, 30, tzinfo=BANGKOK)  # the last half hour of FY 2570
OCT_1_2571 = datetime(2027, 10, 1, 0, 30, tzinfo=BANGKOK)  # the first half hour of FY 2571


@pytest.fixture
def advice(db):
    return ServiceTypeFactory(code="advice", target_days_normal=3, target_days_urgent=1)


@pytest.fixture
def group(centre_a):
    return ClientGroupFactory(centre=centre_a)


@pytest.fixture
def log(centre_a, group, advice, staff):
    def log(at: datetime, **fields):
        with time_machine.travel(at, tick=False):
            return log_request(
                centre=centre_a,
                client=group,
                service_type=advice,
                channel=fields.get("channel", Channel.ONSITE),
                urgency=fields.get("urgency", Urgency.NORMAL),
                subject="ขอคำปรึกษาเรื่องการตลาด",
                by=staff,
            )

    return log


@pytest.fixture
def resolve(staff):
    def resolve(request, at: datetime):
        with time_machine.travel(at, tick=False):
            if not request.has_outcome():
                edit_request(
                    request,
                    changes={"outcome": "ให้คำแนะนำแล้ว"},
                    expected_version=request.version,
                    by=staff,
                )
            if request.status == Status.RECEIVED:
                transition_request(request, to=Status.IN_PROGRESS, by=staff)
            transition_request(request, to=Status.RESOLVED, by=staff)

    return resolve


def figures_of(centre, year: int, month: int = 0) -> dict[str, Decimal]:
    return figures.totals([centre.pk], year, month=month, measures=["requests.*", "visits.*"])


def test_it_counts_a_request_of_30_september_23_30_in_september_of_that_fiscal_year(centre_a, log):
    request = log(SEP_30_2570)

    assert request.reference.endswith("-2570-00001")
    assert figures_of(centre_a, 2570, 12)["requests.received"] == 1
    assert figures_of(centre_a, 2570)["requests.received"] == 1
    assert figures_of(centre_a, 2571) == {}
    assert differences() == []


def test_it_counts_a_request_of_1_october_00_30_in_october_of_the_next_fiscal_year(centre_a, log):
    request = log(OCT_1_2571)

    assert request.reference.endswith("-2571-00001")
    assert figures_of(centre_a, 2571, 1)["requests.received"] == 1
    assert figures_of(centre_a, 2571)["requests.received"] == 1
    assert figures_of(centre_a, 2570) == {}


def test_it_counts_a_request_resolved_in_the_next_fiscal_year_in_the_year_it_was_received(
    centre_a, log, resolve
):
    request = log(SEP_30_2570)  # due 3 Oct (3 target days)
    resolve(request, SEP_30_2570 + timedelta(days=2))  # 2 Oct 2027, in fiscal year 2571

    september = figures_of(centre_a, 2570, 12)
    assert september["requests.resolved"] == 1
    assert september["requests.on_time"] == 1
    assert september["requests.days.2"] == 1
    assert september["requests.days_total"] == 2
    assert september["requests.status.resolved"] == 1
    assert "requests.open" not in september
    assert figures_of(centre_a, 2571) == {}
    assert figures_of(centre_a, 2571, 1) == {}


def test_it_judges_on_time_against_the_due_date_as_it_stands_after_the_head_moved_it(
    centre_a, log, resolve, head
):
    late = log(SEP_30_2570)  # due 3 Oct
    resolve(late, SEP_30_2570 + timedelta(days=5))  # 5 Oct: two days late
    assert "requests.on_time" not in figures_of(centre_a, 2570)

    change_due_date(late, due_date=late.due_date + timedelta(days=7), reason="รอเอกสาร", by=head)

    assert figures_of(centre_a, 2570)["requests.on_time"] == 1
    assert figures_of(centre_a, 2570)[f"requests.type.{late.service_type_id}.on_time"] == 1

    change_due_date(late, due_date=late.due_date - timedelta(days=9), reason="แก้วันที่", by=head)

    assert "requests.on_time" not in figures_of(centre_a, 2570)
    assert figures_of(centre_a, 2570)["requests.resolved"] == 1


def test_it_counts_a_request_reopened_twice_once(centre_a, log, resolve, head):
    request = log(SEP_30_2570)
    resolve(request, SEP_30_2570 + timedelta(days=1))
    for days in (3, 6):
        with time_machine.travel(SEP_30_2570 + timedelta(days=days), tick=False):
            transition_request(request, to=Status.CLOSED, by=head)
            transition_request(request, to=Status.IN_PROGRESS, by=head, note="ผู้รับบริการขอเพิ่ม")
        resolve(request, SEP_30_2570 + timedelta(days=days + 1))

    year = figures_of(centre_a, 2570)
    assert year["requests.reopened"] == 1
    assert year["requests.received"] == 1
    assert year["requests.resolved"] == 1  # first resolved once, after one day
    assert year["requests.days.1"] == 1
    assert year["requests.days_total"] == 1
    assert year["requests.status.resolved"] == 1


def test_it_counts_satisfaction_given_and_leaves_out_requests_without_it(
    centre_a, log, resolve, staff
):
    for score in (4, 5, 5, None):
        request = log(SEP_30_2570)
        resolve(request, SEP_30_2570 + timedelta(hours=1))
        if score:
            edit_request(
                request, changes={"satisfaction": score}, expected_version=request.version, by=staff
            )

    year = figures_of(centre_a, 2570)
    assert year["requests.satisfaction.4"] == 1
    assert year["requests.satisfaction.5"] == 2
    assert "requests.satisfaction.3" not in year
    assert year["requests.satisfaction_total"] == 14
    given = sum(value for name, value in year.items() if name.startswith("requests.satisfaction."))
    assert figures.mean(year["requests.satisfaction_total"], given) == Decimal("4.67")


def test_it_reads_overdue_now_from_the_backlog_as_the_days_go_by(centre_a, staff):
    today = timezone.localdate()
    for days in (-1, 0, 1):
        ServiceRequestFactory(centre=centre_a, due_date=today + timedelta(days=days))
    ServiceRequestFactory(centre=centre_a, due_date=today - timedelta(days=5), status=Status.CLOSED)
    ServiceRequestFactory(
        centre=centre_a,
        due_date=today - timedelta(days=5),
        urgency=Urgency.URGENT,
        assigned_to=staff,
    )

    now = figures.backlog([centre_a.pk], today)
    assert (now.open, now.overdue, now.unassigned, now.urgent) == (4, 2, 3, 1)
    # Nothing is written at midnight: tomorrow the request due today is overdue too.
    tomorrow = figures.backlog([centre_a.pk], today + timedelta(days=1))
    assert (tomorrow.open, tomorrow.overdue) == (4, 3)
    assert figures.backlog([centre_a.pk], today + timedelta(days=2)).overdue == 4
    assert figures.backlog(None, today).open == 4


def test_it_keeps_one_backlog_row_for_the_days_already_past_and_one_per_day_ahead(centre_a, staff):
    today = timezone.localdate()
    for days in (-400, -30, -1, 0, 0, 2):
        ServiceRequestFactory(centre=centre_a, due_date=today + timedelta(days=days))

    rows = dict(Backlog.objects.filter(centre=centre_a).values_list("due_date", "open"))

    assert rows == {
        today - timedelta(days=1): 3,  # 400, 30 and 1 day late: overdue on every later day
        today: 2,
        today + timedelta(days=2): 1,
    }
    assert figures.backlog([centre_a.pk], today).overdue == 3
    # Three days on, without a recount: the stored rows still say what a recount would.
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        later = timezone.localdate()
        assert figures.backlog([centre_a.pk], later).overdue == 6
        assert differences([centre_a.pk], [NOW]) == []
        ServiceRequestFactory(centre=centre_a, due_date=later)  # a write recounts the centre
        rows = dict(Backlog.objects.filter(centre=centre_a).values_list("due_date", "open"))
        assert rows == {later - timedelta(days=1): 6, later: 1}


def test_it_counts_each_village_reached_once_a_month_and_once_a_year(centre_a, staff):
    first = Village.objects.get(pk=ClientGroupFactory(centre=centre_a).village_id)
    one, two, three, four, five = [first] + [
        VillageFactory(subdistrict=first.subdistrict, number=n) for n in (2, 3, 4, 5)
    ]
    october, november = datetime(2026, 10, 1).date(), datetime(2026, 11, 1).date()

    def visit(day, villages, *, done=True, attendees=10):
        made = create_visit(
            centre=centre_a,
            kind=VisitKind.OUTREACH,
            planned_date=day,
            title="หน่วยบริการเคลื่อนที่",
            by=staff,
            villages=villages,
        )
        if done:
            record_visit(
                made,
                by=staff,
                attendees=attendees,
                what_was_done="ให้ความรู้",
                expected_version=made.version,
            )
        return made

    visit(october + timedelta(days=4), [one, two])
    visit(october + timedelta(days=19), [two, three], attendees=5)
    visit(november + timedelta(days=2), [one])
    visit(october + timedelta(days=9), [five], done=False)  # planned, not yet carried out
    cancelled = visit(october + timedelta(days=9), [four], done=False)
    set_visit_status(cancelled, to=VisitStatus.CANCELLED, by=staff)

    assert figures_of(centre_a, 2570, 1)["visits.villages"] == 3
    assert figures_of(centre_a, 2570, 2)["visits.villages"] == 1
    year = figures_of(centre_a, 2570)
    assert year["visits.villages"] == 3
    assert year["visits.attendees"] == 25
    assert year["visits.planned"] == 4
    assert year["visits.done.outreach"] == 3
    assert year["visits.status.cancelled"] == 1
    assert differences() == []


def test_it_moves_a_groups_requests_to_its_new_kind_when_the_group_is_edited(
    centre_a, group, log, staff, client
):
    log(SEP_30_2570)
    assert figures_of(centre_a, 2570)["requests.client.occupational"] == 1

    client.force_login(staff)
    response = client.get(reverse("clients:group-edit", args=[group.pk]))
    form = response.context["form"]
    sent = {name: form[name].value() or "" for name in form.fields if name != "confirm_duplicate"}
    sent["subdistrict"] = group.village.subdistrict_id  # the form shows its name; a code is typed
    response = client.post(
        reverse("clients:group-edit", args=[group.pk]), {**sent, "kind": "savings"}
    )

    assert response.status_code == 302, response.context["form"].errors
    group.refresh_from_db()
    assert group.kind == "savings"
    year = figures_of(centre_a, 2570)
    assert year["requests.client.savings"] == 1
    assert "requests.client.occupational" not in year
    assert differences() == []
