"""The staff member's home: their open requests by urgency of the due date, the visits coming
up, and for a centre head the requests still waiting for someone."""

from datetime import date, timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from centres.scoping import has_working_centre, headed_centre_ids, roles_of, sees_many_centres
from portal.shortcuts import render_form
from services.models import ServiceRequest, Visit, VisitStatus, overdue_condition

LIMIT = 20
OVERDUE, THIS_WEEK, LATER = "overdue", "week", "later"
VISIT_LIMIT = 10


def _my_visits(user, today: date) -> QuerySet:
    """Today's and coming visits the user goes on, or of a centre they belong to."""
    on_it = Visit.staff.through.objects.filter(visit_id=OuterRef("pk"), user_id=user.pk)
    centre_ids = list(roles_of(user).by_centre)
    return (
        Visit.objects.visible_to(user)
        .filter(planned_date__gte=today)
        .exclude(status=VisitStatus.CANCELLED)
        .filter(Q(centre_id__in=centre_ids) | Exists(on_it))
        .annotate(is_mine=Exists(on_it))
        .select_related("centre")
        .order_by("planned_date", "pk")[:VISIT_LIMIT]
    )


def _by_section(mine: QuerySet, today: date, week_end: date, counts: dict) -> dict[str, list]:
    """The first LIMIT open requests of each section (overdue, due this week, later), by due
    date, in two queries, not one a section: each list query cost PostgreSQL 1.2 ms to plan
    the rows' joins, three times a page (issue 8).

    The sections follow one another in due-date order, so each request's place in the whole
    list and the sections' counts say which to show: numbering within each section would make
    PostgreSQL sort all the user's open requests, where an index gives this order. The rows
    are then read by id, at most 3 × LIMIT, and put in order here."""
    section = Case(
        When(overdue_condition(today), then=Value(OVERDUE)),
        When(due_date__lte=week_end, then=Value(THIS_WEEK)),
        default=Value(LATER),
    )
    order = ("due_date", "reference")
    week_start = counts["overdue"]
    later_start = week_start + counts["week"]
    wanted = Q()
    for start in {0, week_start, later_start}:
        wanted |= Q(place__gt=start, place__lte=start + LIMIT)
    placed = dict(
        mine.annotate(section=section, place=Window(RowNumber(), order_by=order))
        .filter(wanted)
        .order_by()
        .values_list("pk", "section")
    )
    rows = sorted(
        mine.with_related().filter(pk__in=placed).order_by(),
        key=lambda row: (row.due_date, row.reference),
    )
    sections: dict[str, list] = {OVERDUE: [], THIS_WEEK: [], LATER: []}
    for row in rows:
        sections[placed[row.pk]].append(row)
    return sections


def _waiting(user) -> tuple[list, int]:
    """Open requests no one has yet, at the centres the user heads."""
    headed = headed_centre_ids(user)
    if not headed:
        return [], 0
    waiting = ServiceRequest.objects.visible_to(user).unassigned().filter(centre_id__in=headed)
    rows = list(waiting.with_related().order_by("due_date", "reference")[:LIMIT])
    return rows, len(rows) if len(rows) < LIMIT else waiting.count()


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    week_end = today + timedelta(days=6)
    mine = ServiceRequest.objects.visible_to(user).open().filter(assigned_to=user)
    counts = mine.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_condition(today)),
        week=Count("pk", filter=Q(due_date__gte=today, due_date__lte=week_end)),
    )
    sections = _by_section(mine, today, week_end, counts)
    waiting, waiting_count = _waiting(user)
    context = {
        "today": today,
        "counts": counts,
        "overdue": sections[OVERDUE],
        "due_this_week": sections[THIS_WEEK],
        "later": sections[LATER],
        "visits": _my_visits(user, today),
        "waiting": waiting,
        "waiting_count": waiting_count,
        "is_head": bool(headed_centre_ids(user)),
        "can_log": has_working_centre(request),
        "show_centre": sees_many_centres(user),
    }
    return render_form(request, "services/my_work.html", context)
