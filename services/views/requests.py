"""Staff pages of service requests: the list and its export, intake, the detail page with its
timeline (services.timeline) and actions, and the edit and outcome forms (optimistic locking)."""

import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.audit import record_export
from centres.scoping import (
    acting_role,
    can_write,
    has_working_centre,
    sees_many_centres,
    working_centre,
)
from clients.filters import search_persons
from clients.models import ClientGroup, Person
from portal.db import reporting_db
from portal.filtering import bind_query_filters
from portal.lib.paging import list_page
from portal.lib.users import display_name
from portal.shortcuts import render_form
from services import actions
from services.access import get_request_for_user
from services.actions import ActionRefused, StaleEdit
from services.exports import FORMATS, export_response
from services.filters import RequestFilter
from services.forms import (
    AssignForm,
    DueDateForm,
    IntakeForm,
    MoveForm,
    NoteForm,
    OutcomeForm,
    QuickPersonForm,
    RequestEditForm,
    VersionedForm,
    client_key,
    client_label,
)
from services.models import Attachment, ServiceRequest, Status
from services.timeline import request_timeline
from services.workflow import moves_for_role

PAGE_SIZE = 25
SUGGESTIONS = 10


# The list and its export


def _filtered(request: HttpRequest, *, notify: bool = True) -> RequestFilter:
    requests = ServiceRequest.objects.visible_to(request.user).with_related()
    return bind_query_filters(
        request,
        lambda data: RequestFilter(data, queryset=requests, user=request.user),
        notify=notify,
    )


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    filters = _filtered(request)
    page = list_page(filters.qs, PAGE_SIZE, request.GET.get("page"), rows=filters.queryset)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "today": timezone.localdate(),
        "query": query.urlencode(),
        "show_centre": sees_many_centres(request.user),
        "can_log": has_working_centre(request),
    }
    return render_form(request, "services/request_list.html", context)


@login_required
def request_export(request: HttpRequest) -> HttpResponse:
    """The list as the user sees it, with the list page's filters (?status=…&q=…)."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    record_export(request, "service-requests")
    filters = _filtered(request, notify=False)
    return export_response(filters.qs.using(reporting_db()), fmt, filters)


# Intake


@login_required
def client_search(request: HttpRequest) -> JsonResponse:
    """Suggestions for the intake's client box: the current centre's groups and persons, each
    a label (no internal key in it) and the key the box sends with it."""
    centre = working_centre(request)
    text = request.GET.get("q", "").strip()
    if len(text) < 2:
        return JsonResponse({"results": []})
    groups = ClientGroup.objects.visible_to(request.user).filter(centre=centre)
    matching = Q(name__icontains=text) | Q(registration_number__icontains=text)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 3:
        matching |= Q(contact_phone__contains=digits)
    groups = groups.filter(matching).select_related("village__subdistrict")[:SUGGESTIONS]
    persons = Person.objects.visible_to(request.user).filter(centre=centre)
    persons = search_persons(persons, text, user=request.user).select_related(
        "village__subdistrict"
    )[:SUGGESTIONS]
    clients = [*groups, *persons]
    results = [{"label": client_label(c), "key": client_key(c)} for c in clients]
    return JsonResponse({"results": results})


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)
    data = request.POST or None
    is_head = actions.can_assign(request.user, centre)
    initial = {"client": request.GET.get("client", ""), "visit": request.GET.get("visit")}
    form = IntakeForm(data, centre=centre, user=request.user, is_head=is_head, initial=initial)
    person = Person(centre=centre)
    person_form = QuickPersonForm(data, prefix="person", instance=person, user=request.user)
    if data is not None and form.is_valid_with(person_form):
        try:
            new = actions.log_request(
                centre=centre,
                client=form.cleaned_data["client"],
                new_person=person_form,
                service_type=form.cleaned_data["service_type"],
                channel=form.cleaned_data["channel"],
                urgency=form.cleaned_data["urgency"],
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                by=request.user,
                assigned_to=form.cleaned_data.get("assigned_to"),
                raised_on_visit=form.cleaned_data.get("visit"),
            )
        except ActionRefused as error:
            messages.error(request, str(error))
        else:
            saved = _("Request number %(reference)s is saved.") % {"reference": new.reference}
            messages.success(request, saved)
            return redirect(new)
    context = {"form": form, "person_form": person_form, "centre": centre}
    return render_form(request, "services/request_form.html", context)


# The detail page


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return request_page(request, get_request_for_user(request.user, pk))


def request_page(
    request: HttpRequest, service_request: ServiceRequest, **bound: forms.Form
) -> HttpResponse:
    """The request page; an action form that failed is shown again bound, with its errors
    next to its fields and what was typed (422), in place of its empty form."""
    files = Attachment.objects.select_related("uploaded_by")  # shared with the attachments panel
    prefetch_related_objects([service_request], Prefetch("attachments", queryset=files))
    centre = service_request.centre
    writable = can_write(request.user, centre)
    role = acting_role(request.user, centre) if writable else None
    can_assign = writable and actions.can_assign(request.user, centre)
    context = {
        "service_request": service_request,
        "can_edit": writable,
        "is_head": can_assign,
        "moves": _moves(service_request, role),
        "timeline": request_timeline(service_request),
        "today": timezone.localdate(),
    }
    if writable:
        context["note_form"] = NoteForm()
    if can_assign:
        assignee = {"assignee": service_request.assigned_to_id}
        context["assign_form"] = AssignForm(centre=centre, initial=assignee)
        context["due_date_form"] = DueDateForm(initial={"due_date": service_request.due_date})
    context.update(bound)
    context["page_url"] = service_request.get_absolute_url()  # also when shown by an action
    return render_form(request, "services/request_detail.html", context)


@dataclass
class Button:
    to: str
    label: str
    target: str  # the status the request will have, said under the label unless it is the label
    needs_note: bool
    outcome_first: bool  # the button leads to the outcome form instead of making the move
    form_url: str = ""  # the button leads to this form, which makes the move with more data


def _moves(service_request: ServiceRequest, role: str | None) -> list[Button]:
    return [
        Button(
            to=move.to,
            label=str(move.label),
            target=_target(move),
            needs_note=move.needs_note,
            outcome_first=move.needs_outcome and not service_request.has_outcome(),
            form_url=reverse(move.form_url, args=[service_request.pk]) if move.form_url else "",
        )
        for move in moves_for_role(service_request.status, role)
    ]


def _target(move) -> str:
    """The new status, to say under the button, unless the button's label already says it."""
    target = str(Status(move.to).label)
    return "" if target == str(move.label) else target


# The detail page's actions: each POSTs, then returns to the page with a message; a form with
# errors shows the page again with the errors next to the fields (422)


def _refused(request: HttpRequest, error: ActionRefused) -> None:
    messages.error(request, str(error))


@login_required
@require_POST
def request_transition(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    to = request.POST.get("to", "")
    if to not in Status.values:
        messages.error(request, _("This move is not possible."))
        return redirect(service_request)
    role = acting_role(request.user, service_request.centre)
    offered = {move.to: move for move in moves_for_role(service_request.status, role)}
    if to in offered and offered[to].form_url:  # this move needs its own form's data
        return redirect(offered[to].form_url, service_request.pk)
    form = MoveForm(request.POST, needs_note=to in offered and offered[to].needs_note)
    if not form.is_valid():
        return request_page(request, service_request, move_form=form, failed_move=to)
    try:
        actions.transition_request(
            service_request, to=to, by=request.user, note=form.cleaned_data["note"]
        )
    except ActionRefused as error:
        _refused(request, error)
    else:
        label = Status(to).label
        messages.success(request, _("The request is now “%(status)s”.") % {"status": label})
    return redirect(service_request)


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    centre = service_request.centre
    form = AssignForm(request.POST, centre=centre)
    if not form.is_valid():
        if actions.can_assign(request.user, centre):  # only the head sees the form
            return request_page(request, service_request, assign_form=form)
        messages.error(request, _("Choose a staff member of the centre."))
        return redirect(service_request)
    assignee = form.cleaned_data["assignee"]
    try:
        actions.assign_request(service_request, assignee=assignee, by=request.user)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _assigned_message(assignee, by=request.user))
    return redirect(service_request)


def _assigned_message(assignee, *, by) -> str:
    if assignee == by:
        return _("The request is yours now.")
    return _("Assigned to %(name)s.") % {"name": display_name(assignee)}


@login_required
@require_POST
def request_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    form = DueDateForm(request.POST)
    if not form.is_valid():
        return request_page(request, service_request, due_date_form=form)
    try:
        actions.change_due_date(
            service_request,
            due_date=form.cleaned_data["due_date"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The due date is changed."))
    return redirect(service_request)


@login_required
@require_POST
def request_note(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return request_page(request, service_request, note_form=form)
    try:
        actions.add_note(service_request, text=form.cleaned_data["text"], by=request.user)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The note is added."))
    return redirect(service_request)


# Edit and outcome: forms that refuse a stale save and say what changed


@dataclass
class Stale:
    """What another save changed since the form was opened, and the values it left."""

    changed: list[str]
    current: list[tuple[str, str]]


def _shown(service_request: ServiceRequest, name: str) -> str:
    value = getattr(service_request, name)
    if value is None or value == "":
        return "–"
    field = ServiceRequest._meta.get_field(name)
    if field.choices:
        return str(getattr(service_request, f"get_{name}_display")())
    return str(value)


def _stale(error: StaleEdit, fresh: ServiceRequest, form_class: type[VersionedForm]) -> Stale:
    fields = form_class.Meta.fields
    labels = {str(ServiceRequest._meta.get_field(n).verbose_name): n for n in fields}
    current = [
        (capfirst(label), _shown(fresh, labels[label]))
        for label in error.changed_fields
        if label in labels
    ]
    return Stale([capfirst(label) for label in error.changed_fields], current)


def _versioned_page(
    request: HttpRequest,
    pk: int,
    form_class: type[VersionedForm],
    template: str,
    *,
    form_kwargs: dict | None = None,
    extra: dict | None = None,
) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    form_kwargs = form_kwargs or {}
    form = form_class(request.POST or None, instance=service_request, **form_kwargs)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(form, service_request, by=request.user)
        except StaleEdit as error:
            service_request = get_request_for_user(request.user, pk, write=True)
            stale = _stale(error, service_request, form_class)
            data = request.POST.copy()
            data["version"] = service_request.version  # saving again now replaces what they saw
            form = form_class(data, instance=service_request, **form_kwargs)
            messages.error(request, str(error))
        except ActionRefused as error:
            _refused(request, error)
        else:
            return _after_save(request, service_request, saved=saved)
    context = {"form": form, "service_request": service_request, "stale": stale, **(extra or {})}
    # A stale form is a conflict with what someone else saved: 409, the form shown again.
    return render_form(request, template, context, status=409 if stale else 200)


def _save(form: VersionedForm, service_request: ServiceRequest, *, by) -> bool:
    changes = form.changes()
    if not changes:
        return False
    expected = form.cleaned_data["version"]
    actions.edit_request(service_request, changes=changes, expected_version=expected, by=by)
    return True


def _after_save(request: HttpRequest, service_request: ServiceRequest, *, saved: bool):
    if saved:
        messages.success(request, _("The changes are saved."))
    if "resolve" not in request.POST:
        if not saved:
            messages.info(request, _("Nothing was changed."))
        return redirect(service_request)
    try:
        actions.transition_request(service_request, to=Status.RESOLVED, by=request.user)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The request is marked resolved."))
    return redirect(service_request)


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _versioned_page(request, pk, RequestEditForm, "services/request_edit.html")


@login_required
def request_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The outcome form; with ?resolve the outcome is required and saving also resolves."""
    resolving = "resolve" in request.GET or "resolve" in request.POST
    return _versioned_page(
        request,
        pk,
        OutcomeForm,
        "services/request_outcome.html",
        form_kwargs={"resolving": resolving},
        extra={"resolving": resolving},
    )
