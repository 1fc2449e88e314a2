"""Spreadsheets: staff import groups, persons and memberships (upload → preview → confirm),
download the blank templates, and export the filtered group and person lists."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.audit import record_event, record_export
from centres.models import AuditKind, Centre
from centres.scoping import can_write, working_centre
from clients.exports import (
    group_export_queryset,
    group_sheet,
    person_export_queryset,
    person_sheet,
)
from clients.filters import GroupFilter, PersonFilter
from clients.imports.blanks import template_csv, template_xlsx
from clients.imports.columns import TABLES
from clients.imports.forms import ImportUploadForm
from clients.imports.pending import (
    current_plan,
    forget_pending,
    get_pending,
    keep_pending,
    replace_plan,
)
from clients.imports.planning import plan_import
from clients.imports.writing import ImportConflict, apply_import
from clients.models import ClientGroup, Person
from portal.db import reporting_db
from portal.filtering import bind_query_filters, described_filters
from portal.lib.spreadsheets import XLSX_CONTENT_TYPE, csv_response, export_filename, xlsx_response
from portal.shortcuts import render_form

RESULT_KEY = "clients:import_result"
ERRORS_SHOWN = 500  # a file of 5,000 bad rows lists the first ones; the count says the rest
ROWS_PER_PAGE = 50  # the rows to be created or updated, a page at a time
FORMATS = ("xlsx", "csv")


def _centre_to_write(user, centre_id: int) -> Centre:
    centre = get_object_or_404(Centre.objects.select_related("district"), pk=centre_id)
    if not can_write(user, centre):
        raise PermissionDenied
    return centre


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)  # 403 for those who may only read
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        plan = plan_import(upload, centre=centre, user=request.user)
        token = keep_pending(request, upload=upload, plan=plan)
        return redirect("clients:import-preview", token=token)
    context = {"form": form, "centre": centre, "tables": TABLES.values()}
    return render_form(request, "clients/import.html", context)


@login_required
def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    pending = get_pending(request, token)
    centre = _centre_to_write(request.user, pending.centre_id)
    plan = current_plan(request, pending, centre)
    page = Paginator(plan.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "token": token,
        "page": page,
        "planned": [(TABLES[row.table], row) for row in page],
        "filename": pending.filename,
        "plan": plan,
        "counts": [(TABLES[table], counts) for table, counts in plan.counts.items()],
        "errors": plan.errors[:ERRORS_SHOWN],
        "errors_hidden": max(0, len(plan.errors) - ERRORS_SHOWN),
    }
    return render_form(request, "clients/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Write the plan the preview showed, or a new one if the registry has changed since."""
    pending = get_pending(request, token)
    centre = _centre_to_write(request.user, pending.centre_id)
    plan = current_plan(request, pending, centre, to_write=True)
    if not plan.is_valid:
        messages.error(request, _("Some rows have problems; nothing was saved."))
        return redirect("clients:import-preview", token=token)
    reason = _("Imported from %(file)s") % {"file": pending.filename}
    try:
        apply_import(plan=plan, by=request.user, reason=reason)
    except ImportConflict:
        replace_plan(request, pending, None)  # the preview then shows what is true now
        messages.error(
            request,
            _("The registry changed during the import, so nothing was saved. Check again."),
        )
        return redirect("clients:import-preview", token=token)
    written = sum(c.create + c.update for c in plan.counts.values())
    record_event(
        kind=AuditKind.IMPORT,
        user=request.user,
        centre=centre,
        what=pending.filename,
        count=written,
    )
    forget_pending(request, token)
    request.session[RESULT_KEY] = {
        "filename": pending.filename,
        "centre": centre.name,
        "counts": {table: asdict(counts) for table, counts in plan.counts.items()},
    }
    return redirect("clients:import-result")


@login_required
@require_POST
def import_cancel(request: HttpRequest, token: str) -> HttpResponse:
    get_pending(request, token)  # 404 unless it is the user's
    forget_pending(request, token)
    messages.info(request, _("Import cancelled; nothing was saved."))
    return redirect("clients:import")


@login_required
def import_result(request: HttpRequest) -> HttpResponse:
    result = request.session.get(RESULT_KEY)
    if result is None:
        return redirect("clients:import")
    counts = [(TABLES[table], counts) for table, counts in result["counts"].items()]
    return render_form(request, "clients/import_result.html", {"result": result, "counts": counts})


@login_required
def import_template(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """A blank template: the XLSX workbook of one or all tables, or one table as CSV."""
    if fmt not in FORMATS or (table != "all" and table not in TABLES):
        raise Http404
    if fmt == "csv":
        if table == "all":
            raise Http404
        response = HttpResponse(template_csv(TABLES[table]), content_type="text/csv")
    else:
        tables = list(TABLES.values()) if table == "all" else [TABLES[table]]
        response = HttpResponse(template_xlsx(tables), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-{table}.{fmt}"'
    return response


@login_required
def group_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The group list as the user sees it, with the list page's filters (?kind=…&q=…)."""
    if fmt not in FORMATS:
        raise Http404
    groups = ClientGroup.objects.visible_to(request.user)
    filters = bind_query_filters(
        request,
        lambda data: GroupFilter(data, queryset=groups, user=request.user),
        notify=False,
    )
    sheet = group_sheet(group_export_queryset(filters.qs.using(reporting_db())))
    record_export(request, "client-groups")
    return _export(export_filename("client-groups", fmt), fmt, sheet, filters)


@login_required
def person_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    persons = Person.objects.visible_to(request.user)
    filters = bind_query_filters(
        request,
        lambda data: PersonFilter(data, queryset=persons, user=request.user),
        notify=False,
    )
    sheet = person_sheet(
        person_export_queryset(filters.qs.using(reporting_db())), user=request.user
    )
    record_export(request, "persons")
    return _export(export_filename("persons", fmt), fmt, sheet, filters)


def _export(filename: str, fmt: str, sheet, filters) -> HttpResponse:
    if fmt == "csv":
        return csv_response(filename, sheet)
    with translation.override("th"):  # the file's words are Thai, like its headers
        described = described_filters(filters)
    return xlsx_response(filename, [sheet], filters=described)
