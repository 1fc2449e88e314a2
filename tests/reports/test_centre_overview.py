"""The centre overview: who sees it, its choosers, every figure against a recount from the raw
rows of generated data, every figure's link to the list it counts, and its query count."""

import random
import statistics
from collections import Counter
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import Role
from clients.models import GroupKind
from portal.lib.fiscal import fiscal_year, fiscal_year_range
from reports.models import Tally
from reports.overview import Figure
from reports.rules import fiscal_month
from services.models import OPEN_STATUSES, Channel, Status, Urgency, VisitKind, VisitStatus
from tests.centres.factories import (
    CentreFactory,
    DistrictFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
    VillageFactory,
)
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import (
    ServiceRequestFactory,
    ServiceTypeFactory,
    StatusChangeFactory,
    VisitFactory,
)

pytestmark = pytest.mark.date_sensitive


def overview_url(code: str = "5001", **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("reports:centre-overview", args=[code]) + (f"?{query}" if query else "")


def at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def add_work(centre, worker, *, seed: int, count: int = 40) -> None:
    """Varied requests and visits of ``centre`` in this fiscal year (up to today) and the last."""
    rng = random.Random(seed)
    today = timezone.localdate()
    types = [ServiceTypeFactory(code=f"overview-{n}") for n in range(3)]
    first, _ = fiscal_year_range(fiscal_year(today) - 1)
    days = (today - first).days
    for _ in range(count):
        received = first + timedelta(days=rng.randrange(days + 1))
        if rng.random() < 0.3:
            client = {"client_group": None, "person": PersonFactory(centre=centre)}
        else:
            kind = rng.choice(GroupKind.values)
            client = {"client_group": ClientGroupFactory(centre=centre, kind=kind)}
        status = rng.choice(Status.values)
        request = ServiceRequestFactory(
            centre=centre,
            received_by=worker,
            received_at=at(received),
            fiscal_year=fiscal_year(received),
            service_type=rng.choice(types),
            channel=rng.choice(Channel.values),
            urgency=rng.choice(Urgency.values),
            status=status,
            due_date=received + timedelta(days=rng.randrange(1, 40)),
            assigned_to=worker if rng.random() < 0.6 else None,
            satisfaction=rng.choice([None, 1, 2, 3, 4, 5]),
            **client,
        )
        if status in (Status.RESOLVED, Status.CLOSED) or rng.random() < 0.2:
            resolved = received + timedelta(days=rng.randrange(0, 50))
            StatusChangeFactory(
                request=request,
                from_status=Status.IN_PROGRESS,
                to_status=Status.RESOLVED,
                changed_by=worker,
                changed_at=at(resolved),
            )
            if rng.random() < 0.3:
                StatusChangeFactory(
                    request=request,
                    from_status=Status.CLOSED,
                    to_status=Status.IN_PROGRESS,
                    changed_by=worker,
                    changed_at=at(resolved + timedelta(days=1)),
                )
    villages = [VillageFactory(subdistrict__district=centre.district) for _ in range(4)]
    for _ in range(count // 2):
        visit = VisitFactory(
            centre=centre,
            created_by=worker,
            planned_date=first + timedelta(days=rng.randrange(days + 1)),
            kind=rng.choice(VisitKind.values),
            status=rng.choice(VisitStatus.values),
            is_urgent=rng.random() < 0.3,
            attendees=rng.choice([None, 5, 12, 30]),
        )
        visit.villages.set(rng.sample(villages, rng.randrange(3)))


# -- a recount from the raw rows, written apart from reports/rules.py -----------------------


def recount(centre, year: int, month: int = 0) -> dict:
    """The figures of ``centre`` for a fiscal year (or one month of it, 1 = October)."""
    requests = [
        r
        for r in centre.service_requests.filter(fiscal_year=year)
        .select_related("client_group")
        .prefetch_related("status_changes")
        if not month or fiscal_month(timezone.localdate(r.received_at)) == month
    ]
    figures: dict = {"received": len(requests)}
    figures["status"] = Counter(r.status for r in requests)
    figures["channel"] = Counter(r.channel for r in requests)
    figures["urgency"] = Counter(r.urgency for r in requests)
    figures["type"] = Counter(r.service_type_id for r in requests)
    figures["client"] = Counter(
        r.client_group.kind if r.client_group else "person" for r in requests
    )
    figures["open"] = sum(r.status in OPEN_STATUSES for r in requests)
    days, on_time = [], 0
    for r in requests:
        resolutions = [c for c in r.status_changes.all() if c.to_status == Status.RESOLVED]
        if resolutions:
            first = timezone.localdate(min(c.changed_at for c in resolutions))
            days.append(max((first - timezone.localdate(r.received_at)).days, 0))
            on_time += first <= r.due_date
    figures["resolved"] = len(days)
    figures["on_time"] = (
        (Decimal(on_time * 100) / len(days)).quantize(Decimal("0.1")) if days else None
    )
    figures["median"] = statistics.median_low(days) if days else None
    figures["reopened"] = sum(
        any(c.from_status == Status.CLOSED for c in r.status_changes.all()) for r in requests
    )
    scores = [r.satisfaction for r in requests if r.satisfaction]
    figures["satisfaction"] = (
        (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    )
    figures["scores"] = Counter(str(s) for s in scores)
    first_day, last_day = fiscal_year_range(year)
    visits = [
        v
        for v in centre.visits.filter(planned_date__range=(first_day, last_day)).prefetch_related(
            "villages"
        )
        if not month or fiscal_month(v.planned_date) == month
    ]
    held = [v for v in visits if v.status == VisitStatus.DONE]
    kept = [v for v in visits if v.status != VisitStatus.CANCELLED]
    figures["visits"] = {
        "planned": len(kept),
        "done": len(held),
        "onsite": sum(v.kind == VisitKind.ONSITE for v in kept),
        "outreach": sum(v.kind == VisitKind.OUTREACH for v in kept),
        "urgent": sum(v.is_urgent for v in kept),
        "villages": len({village.pk for v in held for village in v.villages.all()}),
        "attendees": sum(v.attendees or 0 for v in held),
        "status": Counter(v.status for v in visits),
        "done_kind": Counter(v.kind for v in held),
    }
    return figures


def by_key(rows: list[Figure], keys) -> dict:
    """A breakdown table as {key: value}, its rows in the order of ``keys``."""
    return {key: int(row.value) for key, row in zip(keys, rows, strict=False) if row.value}


@pytest.fixture
def worked(centre_a, staff):
    add_work(centre_a, staff, seed=12)
    return centre_a


def _check_against_recount(overview, expected) -> None:
    requests, visits = overview.panels[0], overview.panels[1]
    received, still_open, resolved, on_time, median, reopened, satisfaction = requests.figures
    assert received.value == expected["received"]
    assert still_open.value == expected["open"]
    assert resolved.value == expected["resolved"]
    assert on_time.value == expected["on_time"]
    assert median.value == expected["median"]
    assert reopened.value == expected["reopened"]
    assert satisfaction.value == expected["satisfaction"]
    assert by_key(requests.breakdowns[0][1], Status.values) == dict(expected["status"])
    types = {
        int(row.link.split("service_type=")[1].split("&")[0]): int(row.value)
        for row in requests.breakdowns[1][1]
        if row.value
    }
    assert types == dict(expected["type"])
    assert by_key(requests.breakdowns[2][1], Channel.values) == dict(expected["channel"])
    assert by_key(requests.breakdowns[3][1], Urgency.values) == dict(expected["urgency"])
    assert by_key(requests.breakdowns[4][1], ["person", *GroupKind.values]) == dict(
        expected["client"]
    )
    assert by_key(requests.breakdowns[5][1], ["5", "4", "3", "2", "1"]) == dict(expected["scores"])
    planned, done, onsite, outreach, urgent, villages, attendees = visits.figures
    assert {
        "planned": planned.value,
        "done": done.value,
        "onsite": onsite.value,
        "outreach": outreach.value,
        "urgent": urgent.value,
        "villages": villages.value,
        "attendees": attendees.value,
    } == {k: v for k, v in expected["visits"].items() if k not in ("status", "done_kind")}
    assert by_key(visits.breakdowns[0][1], VisitStatus.values) == dict(expected["visits"]["status"])
    assert by_key(visits.breakdowns[1][1], VisitKind.values) == dict(
        expected["visits"]["done_kind"]
    )


def test_it_shows_every_figure_of_the_year_as_a_recount_of_the_raw_rows(client, head, worked):
    client.force_login(head)
    response = client.get(overview_url())
    assert response.status_code == 200
    overview = response.context["overview"]
    year = fiscal_year(timezone.localdate())
    assert overview.period.year == year and overview.period.month == 0
    _check_against_recount(overview, recount(worked, year))
    # Last fiscal year's column is that year's recount.
    last = recount(worked, year - 1)
    assert overview.panels[0].figures[0].last == last["received"]
    assert overview.panels[1].figures[1].last == last["visits"]["done"]


def test_it_shows_every_figure_of_a_month_of_last_year_as_a_recount(client, head, worked):
    client.force_login(head)
    year = fiscal_year(timezone.localdate()) - 1
    for month in (1, 6, 12):
        response = client.get(overview_url(fiscal_year=year, month=month))
        overview = response.context["overview"]
        assert (overview.period.year, overview.period.month) == (year, month)
        _check_against_recount(overview, recount(worked, year, month))


def test_it_shows_the_months_of_both_years_in_the_charts_and_their_tables(client, head, worked):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())
    overview = client.get(overview_url()).context["overview"]
    received = overview.charts[0]
    assert [int(v) for v in received.this] == [
        recount(worked, year, m)["received"] for m in range(1, 13)
    ]
    assert [int(v) for v in received.last] == [
        recount(worked, year - 1, m)["received"] for m in range(1, 13)
    ]
    html = client.get(overview_url()).content.decode()
    assert 'id="chart-received-data"' in html and "<script>" not in html.replace("<script src", "")


def test_each_linked_figure_counts_the_rows_its_list_shows(client, head, worked):
    client.force_login(head)
    overview = client.get(overview_url()).context["overview"]
    figures = [*overview.action]
    for panel in overview.panels[:2]:
        figures += panel.figures
        for _, rows in panel.breakdowns:
            figures += rows
    linked = [f for f in figures if f.link]
    assert len(linked) > 30
    for figure in linked:
        listed = client.get(figure.link)
        assert listed.status_code == 200, figure.link
        assert listed.context["page"].paginator.count == figure.value, (figure.label, figure.link)


def test_a_provincial_officers_links_keep_to_the_centre(client, centre_a, staff, province_officer):
    neighbour = CentreFactory(district=DistrictFactory(province=centre_a.district.province))
    add_work(centre_a, staff, seed=3, count=20)
    add_work(neighbour, UserFactory(), seed=4, count=20)
    client.force_login(province_officer)
    overview = client.get(overview_url()).context["overview"]
    received = overview.panels[0].figures[0]
    done = overview.panels[1].figures[1]
    assert "centre=5001" in received.link
    for figure in [received, done, *overview.action]:
        listed = client.get(figure.link)
        assert listed.context["page"].paginator.count == figure.value, figure.link


def test_it_shows_what_needs_action_now(client, head, centre_a, staff):
    today = timezone.localdate()
    for days, assignee, urgency in [
        (-3, staff, "normal"),
        (-1, None, "urgent"),
        (0, None, "normal"),
        (5, staff, "urgent"),
    ]:
        ServiceRequestFactory(
            centre=centre_a,
            received_by=staff,
            due_date=today + timedelta(days=days),
            assigned_to=assignee,
            urgency=urgency,
            status=Status.IN_PROGRESS,
        )
    ServiceRequestFactory(
        centre=centre_a, received_by=staff, due_date=today - timedelta(days=9), status=Status.CLOSED
    )
    client.force_login(head)
    response = client.get(overview_url())
    overdue, unassigned, urgent, still_open = response.context["overview"].action
    assert (overdue.value, unassigned.value, urgent.value, still_open.value) == (2, 2, 2, 4)
    assert "overdue=yes" in overdue.link
    assert reverse("resources:follow-up-list") in response.content.decode()


# -- the fiscal-year edges ----------------------------------------------------------------------


def test_a_request_of_30_september_and_one_of_1_october_count_in_different_years(
    client, head, centre_a, staff
):
    year = fiscal_year(timezone.localdate())
    _, last_day = fiscal_year_range(year - 1)
    first_day = last_day + timedelta(days=1)
    ServiceRequestFactory(
        centre=centre_a, received_by=staff, received_at=at(last_day), fiscal_year=year - 1
    )
    ServiceRequestFactory(
        centre=centre_a, received_by=staff, received_at=at(first_day), fiscal_year=year
    )
    client.force_login(head)
    this = client.get(overview_url(fiscal_year=year)).context["overview"]
    assert this.panels[0].figures[0].value == 1
    assert this.panels[0].figures[0].last == 1
    assert this.charts[0].this[0] == 1 and this.charts[0].last[11] == 1  # October; September
    september = client.get(overview_url(fiscal_year=year - 1, month=12)).context["overview"]
    assert september.panels[0].figures[0].value == 1
    october = client.get(overview_url(fiscal_year=year, month=1)).context["overview"]
    assert october.panels[0].figures[0].value == 1


def test_a_request_resolved_in_the_next_fiscal_year_counts_where_it_was_received(
    client, head, centre_a, staff
):
    year = fiscal_year(timezone.localdate())
    _, last_day = fiscal_year_range(year - 1)
    request = ServiceRequestFactory(
        centre=centre_a,
        received_by=staff,
        received_at=at(last_day),
        fiscal_year=year - 1,
        due_date=last_day + timedelta(days=7),
        status=Status.RESOLVED,
    )
    StatusChangeFactory(
        request=request,
        to_status=Status.RESOLVED,
        changed_by=staff,
        changed_at=at(last_day + timedelta(days=2)),
    )
    client.force_login(head)
    last = client.get(overview_url(fiscal_year=year - 1, month=12)).context["overview"].panels[0]
    assert last.figures[2].value == 1  # resolved
    assert last.figures[3].value == Decimal("100.0")  # on time
    assert last.figures[4].value == 2  # days
    this = client.get(overview_url(fiscal_year=year)).context["overview"].panels[0]
    assert this.figures[2].value == 0


# -- the choosers --------------------------------------------------------------------------------


def test_it_defaults_to_the_current_fiscal_year_with_its_months_in_be(client, head):
    client.force_login(head)
    response = client.get(overview_url())
    year = fiscal_year(timezone.localdate())
    form = response.context["form"]
    months = [label for value, label in form.fields["month"].choices if value != ""]
    assert months[0] == f"ต.ค. {year - 1}" and months[-1] == f"ก.ย. {year}" and len(months) == 12
    assert f"ปีงบประมาณ {year}" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"fiscal_year": "abc"},
        {"fiscal_year": "1999"},
        {"month": "13"},
        {"month": "x"},
        {"fiscal_year": "9" * 40, "month": "-1"},
    ],
)
def test_it_shows_the_default_period_with_a_notice_for_a_choice_not_offered(client, head, params):
    client.force_login(head)
    response = client.get(overview_url(**params))
    assert response.status_code == 200
    period = response.context["overview"].period
    assert (period.year, period.month) == (fiscal_year(timezone.localdate()), 0)
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]


def test_the_report_takes_a_bad_choice_the_same_way(client, head):
    client.force_login(head)
    response = client.get(
        reverse("reports:centre-report", args=["5001"]) + "?fiscal_year=abc&month=99"
    )
    assert response.status_code == 200
    assert response.context["period"].year == fiscal_year(timezone.localdate())


# -- who sees it ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["staff", "head", "committee_member", "province_officer", "admin_user"]
)
@pytest.mark.parametrize("name", ["reports:centre-overview", "reports:centre-report"])
def test_the_centres_people_and_its_province_see_it(client, centre_a, request, persona, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name, args=["5001"])).status_code == 200


@pytest.mark.parametrize("name", ["reports:centre-overview", "reports:centre-report"])
def test_an_outsider_another_province_and_nobody_get_404(client, centre_a, outsider, nobody, name):
    officer = UserFactory()
    MembershipFactory(
        user=officer,
        centre=None,
        province=outsider.memberships.first().centre.district.province,
        role=Role.PROVINCE,
    )
    for user in (outsider, officer, nobody):
        client.force_login(user)
        assert client.get(reverse(name, args=["5001"])).status_code == 404


def test_the_centre_page_shows_the_main_figures_and_leads_to_the_overview(client, head, worked):
    client.force_login(head)
    html = client.get(reverse("centres:centre-home", args=["5001"])).content.decode()
    assert overview_url() in html
    received = recount(worked, fiscal_year(timezone.localdate()))["received"]
    assert f'<span class="d-block fs-4 fw-semibold">{received}</span>' in html


# -- the printable reports -------------------------------------------------------------------


def test_the_monthly_report_names_the_centre_the_period_and_has_signature_lines(
    client, head, worked
):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())
    response = client.get(
        reverse("reports:centre-report", args=["5001"]) + f"?fiscal_year={year}&month=2"
    )
    html = response.content.decode()
    assert worked.name in html and "เมืองเชียงใหม่" in html and "เชียงใหม่" in html
    assert f"พฤศจิกายน {year - 1}" in html  # November of the fiscal year, in BE
    assert "ผู้รายงาน" in html and "หัวหน้าศูนย์ฯ" in html and "......" in html
    assert "css/report-print.css" in html and "js/print-button.js" in html and "data-print" in html
    overview = response.context["overview"]
    assert overview.panels[0].figures[0].value == recount(worked, year, 2)["received"]


def test_the_fiscal_year_report_has_the_year_month_by_month(client, head, worked):
    client.force_login(head)
    year = fiscal_year(timezone.localdate())
    response = client.get(reverse("reports:centre-report", args=["5001"]) + f"?fiscal_year={year}")
    rows = response.context["monthly_rows"]
    assert [r[0] for r in rows][0] == f"ต.ค. {year - 1}"
    assert [int(r[1]) for r in rows] == [recount(worked, year, m)["received"] for m in range(1, 13)]


# -- queries -------------------------------------------------------------------------------------


def add_centres(count: int, staff) -> None:
    """More centres, in other provinces, each with a request: what must not add queries."""
    for i in range(count):
        province = ProvinceFactory(code=str(60 + i % 10))
        centre = CentreFactory(district=DistrictFactory(province=province))
        ServiceRequestFactory(centre=centre, received_by=staff)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["head", "province_officer"])
def test_it_reads_the_same_number_of_queries_for_10_and_100_centres_and_more_data(
    client, request, centre_a, staff, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    add_centres(9, staff)
    add_work(centre_a, staff, seed=1, count=10)
    url = overview_url()
    client.get(url)  # sessions and the like settle
    ten = count_queries(client, url)
    add_centres(90, staff)
    add_work(centre_a, staff, seed=2, count=30)
    assert count_queries(client, url) == ten
    assert ten <= 16
    report = reverse("reports:centre-report", args=["5001"])
    assert count_queries(client, report) <= ten


def test_it_shows_the_registry_committee_and_resource_panels_only_with_their_figures(
    client, head, centre_a
):
    client.force_login(head)
    assert len(client.get(overview_url()).context["overview"].panels) == 2
    year = fiscal_year(timezone.localdate())
    cells = [
        (0, "groups.kind.otop", 3),
        (0, "persons.total", 40),
        (year, "committee.cases", 2),
        (year, "referrals.answered", 4),
        (year, "referrals.accepted", 3),
        (year, "referrals.money", Decimal("150000.00")),
    ]
    Tally.objects.bulk_create(
        Tally(centre=centre_a, fiscal_year=y, month=0, measure=m, value=v) for y, m, v in cells
    )
    response = client.get(overview_url())
    registry, committee, resources = response.context["overview"].panels[2:]
    assert registry.figures[0].value == 40
    assert by_key(registry.breakdowns[0][1], GroupKind.values) == {"otop": 3}
    assert committee.figures[0].value == 2
    rate = next(f for f in resources.figures if f.unit == "%")
    assert rate.value == Decimal("75.0")
    assert "150,000" in response.content.decode()
