"""Visit pages: the list and the month calendar, the detail, planning at the office, recording
in the field from a phone, the status moves, and the requests served or raised on a visit."""

import calendar
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from centres.audit import record_export
from centres.models import Village
from centres.scoping import can_write, has_working_centre, working_centre
from clients.models import ClientGroup
from portal.db import reporting_db
from portal.filtering import bind_query_filters
from portal.lib.dates import format_be_date
from portal.lib.months import month_label, parse_month
from portal.lib.paging import list_page
from portal.shortcuts import render_form
from services.access import get_visit_for_user
from services.actions import ActionRefused, StaleEdit, create_request
from services.exports import FORMATS, visit_export_response
from services.models import (
    Attachment,
    ServiceRequest,
    Visit,
    VisitKind,
    VisitStatus,
)
from services.uploads import shortened_notices
from services.views.requests import Stale
from services.visit_actions import (
    VISIT_MOVES,
    create_visit,
    record_visit,
    set_served_requests,
    set_visit_status,
    update_visit,
)
from services.visit_forms import (
    RaiseRequestForm,
    ServeRequestsForm,
    VisitFilterForm,
    VisitPlanForm,
    VisitRecordForm,
    chosen_villages,
    village_rows,
    visit_filters,
)

PAGE_SIZE = 25
PLAN_FIELDS = ("kind", "planned_date", "is_urgent", "title")
MOVE_LABELS = {
    VisitStatus.DONE: gettext_lazy("Mark as carried out"),
    VisitStatus.CANCELLED: gettext_lazy("Cancel the visit"),
    VisitStatus.PLANNED: gettext_lazy("Plan it again"),
}
SUNDAY_FIRST = calendar.Calendar(firstweekday=calendar.SUNDAY)
CALENDAR_DAY_SHOWN = 4  # visits shown in a day of the calendar; "and N more" links to the rest
NO_VISITS: tuple[list[Visit], str] = ([], "")


def _villages():
    return Prefetch("villages", queryset=Village.objects.select_related("subdistrict"))


def _stale(request: HttpRequest, error: StaleEdit, pk: int, form_class, **kwargs):
    """After a refused stale save: the fresh visit, what the other save changed, and the form
    bound again to what the user typed with the fresh version (saving again replaces it)."""
    visit = get_visit_for_user(request.user, pk, write=True)
    fields = form_class._meta.fields
    labels = {str(capfirst(Visit._meta.get_field(name).verbose_name)): name for name in fields}
    changed = [str(capfirst(label)) for label in error.changed_fields]
    current = [(label, _shown(visit, labels[label])) for label in changed if label in labels]
    data = request.POST.copy()
    data["version"] = visit.version
    form = form_class(data, request.FILES or None, instance=visit, **kwargs)
    messages.error(request, str(error))
    return visit, form, Stale(changed, current)


def _shown(visit: Visit, name: str) -> str:
    value = getattr(visit, name)
    if value is None or value == "":
        return "–"
    if isinstance(value, date):
        return format_be_date(value)
    if Visit._meta.get_field(name).choices:
        return str(getattr(visit, f"get_{name}_display")())
    return str(value)


# The list and the calendar


def _filtered(request: HttpRequest, today: date, *, notify: bool = True) -> VisitFilterForm:
    return bind_query_filters(request, visit_filters(request.user, today), notify=notify)


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = Visit.objects.visible_to(request.user)
    today = timezone.localdate()
    filters = _filtered(request, today)
    listed = filters.apply(visits, today).select_related("centre").prefetch_related(_villages())
    page = list_page(listed, PAGE_SIZE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "can_plan": has_working_centre(request),
        "query": query.urlencode(),
    }
    return render_form(request, "services/visit_list.html", context)


@login_required
def visit_export(request: HttpRequest) -> HttpResponse:
    """The list as the user sees it, with the list page's filters (?kind=…&month=…)."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    record_export(request, "visits")
    today = timezone.localdate()
    filters = _filtered(request, today, notify=False)
    visits = filters.apply(Visit.objects.visible_to(request.user), today)
    return visit_export_response(visits.using(reporting_db()), fmt, filters)


@login_required
def visit_calendar(request: HttpRequest) -> HttpResponse:
    first = parse_month(request.GET.get("month")) or timezone.localdate().replace(day=1)
    weeks = SUNDAY_FIRST.monthdatescalendar(first.year, first.month)
    visits = Visit.objects.visible_to(request.user).filter(
        planned_date__gte=weeks[0][0], planned_date__lte=weeks[-1][-1]
    )
    by_day = _calendar_days(visits)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    context = {
        "heading": month_label(first.year, first.month),
        "month": first,
        "weeks": [[(day, *by_day.get(day, NO_VISITS)) for day in week] for week in weeks],
        "weekdays": [WEEKDAYS_ABBR[(n + 6) % 7] for n in range(7)],  # Sunday first
        "days_with_visits": [
            (day, *found) for day, found in sorted(by_day.items()) if day.month == first.month
        ],
        "previous": f"{previous:%Y-%m}",
        "next": f"{following:%Y-%m}",
        "today": timezone.localdate(),
        "can_plan": has_working_centre(request),
    }
    return render_form(request, "services/visit_calendar.html", context)


def _calendar_days(visits) -> dict[date, tuple[list[Visit], str]]:
    """Each day's first :data:`CALENDAR_DAY_SHOWN` visits, and "and N more" when it has more.

    A province plans hundreds of visits a month and the country about 17,000: a day shows a
    few and links to the rest (the list of that day), so the page stays small however many
    centres the user sees. The database numbers the visits within their day over the date
    index alone and returns the shown ones' ids (5 ms for the country's month, against 57 ms
    numbering whole rows); only those are read."""
    ranked = visits.annotate(
        rank=Window(RowNumber(), partition_by=F("planned_date"), order_by=F("pk").asc())
    )
    ids = ranked.filter(rank__lte=CALENDAR_DAY_SHOWN).values_list("pk", flat=True)
    shown: dict[date, list[Visit]] = {}
    for visit in (
        Visit.objects.filter(pk__in=list(ids))
        .select_related("centre")
        .order_by("planned_date", "pk")
    ):
        shown.setdefault(visit.planned_date, []).append(visit)
    counts = visits.order_by().values_list("planned_date").annotate(n=Count("pk"))
    return {day: (shown.get(day, []), _more(n - len(shown.get(day, [])))) for day, n in counts}


def _more(count: int) -> str:
    if not count:
        return ""
    return ngettext("and %(counter)s more", "and %(counter)s more", count) % {"counter": count}


# One visit


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return visit_page(request, get_visit_for_user(request.user, pk))


def visit_page(request: HttpRequest, visit: Visit, **bound: forms.Form) -> HttpResponse:
    """The visit page; a form of the page that failed (the upload) is shown bound (422)."""
    related = ServiceRequest.objects.select_related("service_type", "client_group", "person")
    prefetch_related_objects(
        [visit],
        _villages(),
        Prefetch("groups", queryset=ClientGroup.objects.select_related("village")),
        "staff",
        Prefetch("served_requests", queryset=related.order_by("due_date", "pk")),
        Prefetch("raised_requests", queryset=related.order_by("received_at", "pk")),
        Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
    )
    moves = [(to, MOVE_LABELS[to], VisitStatus(to).label) for to in VISIT_MOVES[visit.status]]
    context = {
        "visit": visit,
        "can_edit": can_write(request.user, visit.centre),
        "moves": moves,
        "page_url": visit.get_absolute_url(),  # also when shown by a failed upload
    }
    return render_form(request, "services/visit_detail.html", {**context, **bound})


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)  # 403 for those who may write nowhere
    initial = {"kind": VisitKind.OUTREACH, "staff": [request.user]}
    form = VisitPlanForm(request.POST or None, centre=centre, initial=initial)
    rows = village_rows(request.POST or None, centre=centre)
    if request.method == "POST" and all([form.is_valid(), rows.is_valid()]):
        try:
            visit = create_visit(
                centre=centre,
                by=request.user,
                villages=chosen_villages(rows),
                groups=form.chosen_groups(),
                staff=form.cleaned_data["staff"],
                **{field: form.cleaned_data[field] for field in PLAN_FIELDS},
            )
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The visit is planned."))
            return redirect(visit)
    context = {"form": form, "rows": rows, "centre": centre}
    return render_form(request, "services/visit_form.html", context)


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    form = VisitPlanForm(request.POST or None, instance=visit, centre=visit.centre)
    rows = village_rows(request.POST or None, centre=visit.centre, visit=visit)
    stale = None
    if request.method == "POST" and all([form.is_valid(), rows.is_valid()]):
        try:
            update_visit(
                visit,
                by=request.user,
                changes={field: form.cleaned_data[field] for field in PLAN_FIELDS},
                villages=chosen_villages(rows),
                groups=form.chosen_groups(),
                staff=form.cleaned_data["staff"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            visit, form, stale = _stale(request, error, pk, VisitPlanForm, centre=visit.centre)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(visit)
    context = {"form": form, "rows": rows, "centre": visit.centre, "visit": visit, "stale": stale}
    # A stale form is a conflict with what someone else saved: 409, the form shown again.
    return render_form(request, "services/visit_form.html", context, status=409 if stale else 200)


@login_required
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    form = VisitRecordForm(request.POST or None, request.FILES or None, instance=visit)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_visit(
                visit,
                by=request.user,
                attendees=data["attendees"],
                what_was_done=data["what_was_done"],
                follow_up_on=data["follow_up_on"],
                groups=form.chosen_groups(),
                photos=data["photos"],
                expected_version=data["version"],
            )
        except StaleEdit as error:
            visit, form, stale = _stale(request, error, pk, VisitRecordForm)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The visit is recorded as done."))
            for notice in shortened_notices(data["photos"]):
                messages.info(request, notice)
            return redirect(visit)
    context = {"form": form, "visit": visit, "stale": stale}
    return render_form(request, "services/visit_record.html", context, status=409 if stale else 200)


@login_required
@require_POST
def visit_status(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    to = request.POST.get("to", "")
    if to not in VisitStatus.values:
        messages.error(request, _("Choose a status."))
        return redirect(visit)
    try:
        set_visit_status(visit, to=to, by=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The visit is now “%(status)s”.") % {"status": VisitStatus(to).label}
        )
    return redirect(visit)


# Requests on a visit


@login_required
def visit_raise_request(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    form = RaiseRequestForm(request.POST or None, visit=visit, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        channel = visit.channel_for_request()
        try:
            raised = create_request(
                centre=visit.centre,
                client=data["chosen_client"],
                service_type=data["service_type"],
                channel=channel,
                urgency=data["urgency"],
                subject=data["subject"],
                description=data["description"],
                by=request.user,
                raised_on_visit=visit,
            )
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            message = _("Request %(reference)s is logged.") % {"reference": raised.reference}
            messages.success(request, message)
            return redirect(visit)
    return render_form(request, "services/visit_raise_request.html", {"form": form, "visit": visit})


@login_required
def visit_serve(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, pk, write=True)
    form = ServeRequestsForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            set_served_requests(visit, requests=form.chosen_requests(), by=request.user)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The requests served by this visit are saved."))
            return redirect(visit)
    return render_form(request, "services/visit_serve.html", {"form": form, "visit": visit})
