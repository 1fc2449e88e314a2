"""Template tags that let other apps' pages show services data without importing services:
a client's service history and "new request" button on the registry's pages, and the
attachments panel."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from centres.scoping import can_write
from clients.models import ClientGroup, Person
from portal.lib.dates import format_be_date
from portal.lib.users import display_name
from portal.templatetags.thaidates import bedate
from services.models import ServiceRequest, Status, Urgency, Visit, VisitKind, VisitStatus
from services.uploads import ACCEPT
from services.visit_actions import can_delete_attachment

register = template.Library()

HISTORY_LIMIT = 50
UNKNOWN_BADGE = "text-bg-secondary"


@dataclass
class ClientHistory:
    requests: list[ServiceRequest]
    has_more: bool


@register.simple_tag(takes_context=True)
def client_requests(context, client, limit: int = HISTORY_LIMIT) -> ClientHistory:
    """The requests of a group or a person that the user may see, newest first: one query.

    ``{% client_requests group as history %}``; ``history.has_more`` says whether older ones
    were left out.
    """
    key = "client_group" if isinstance(client, ClientGroup) else "person"
    requests = ServiceRequest.objects.visible_to(context["request"].user).filter(**{key: client})
    found = list(
        requests.select_related("service_type").order_by("-received_at", "-pk")[: limit + 1]
    )
    return ClientHistory(requests=found[:limit], has_more=len(found) > limit)


@register.simple_tag(takes_context=True)
def new_request_url(context, client: ClientGroup | Person) -> str:
    """The intake with ``client`` already chosen, for users who may log requests at its
    centre; "" for everyone else (and for a person whose data was erased)."""
    if getattr(client, "is_anonymised", False) or not can_write(
        context["request"].user, client.centre
    ):
        return ""
    key = f"g{client.pk}" if isinstance(client, ClientGroup) else f"p{client.pk}"
    return f"{reverse('services:request-create')}?{urlencode({'client': key})}"


# A request's status and due date, as every list of requests shows them on each row. Tags, not
# included templates: an include per badge cost a list of 25 requests a fifth of its rows'
# time, and ``get_status_display`` builds a dictionary of every label (translating each) on
# each call (issue 8).


def _status_badge(statuses: type[Status] | type[VisitStatus], value: str) -> SafeString:
    """A status as a coloured badge (colours: the enum's ``badge``)."""
    try:
        status = statuses(value)
    except ValueError:  # a status this version does not know: shown as it is stored
        return format_html('<span class="badge {}">{}</span>', UNKNOWN_BADGE, value)
    return format_html('<span class="badge {}">{}</span>', status.badge, status.label)


@register.simple_tag
def request_status(request: ServiceRequest) -> SafeString:
    """The status as a coloured badge (colours: ``Status.badge``)."""
    return _status_badge(Status, request.status)


@register.simple_tag
def request_due(request: ServiceRequest) -> SafeString:
    """The due date, with a red "late" badge when the request is open and past it."""
    due = format_be_date(request.due_date)
    if not request.is_overdue():
        return format_html("{}", due)
    return format_html(
        '<span class="badge text-bg-danger">{}</span> {}',
        _("Late"),
        format_html('<span class="text-danger fw-semibold">{}</span>', due),
    )


# One request as a row of a list (the request list, My work), big enough to tap on a phone.
# Written here rather than included: 25 rows took 2.9 ms as an included template, 2.0 ms here,
# at the national data set's largest centre (issue 8).
_ROW = (
    '<a class="list-group-item list-group-item-action py-2" href="{url}">'
    '<div class="d-flex flex-wrap justify-content-between gap-1">'
    '<span class="fw-semibold">{reference}</span><span>{status}{urgency}</span></div>'
    "<div>{subject}</div>"
    '<div class="small text-body-secondary">{client} · {service_type}{centre}</div>'
    '<div class="small d-flex flex-wrap column-gap-3">'
    "<span>{received_label} {received}</span><span>{due_label} {due}</span>"
    "<span>{assignee}</span></div></a>"
)
_URGENT = (
    ' <span class="badge text-bg-danger-subtle border border-danger-subtle '
    'text-danger-emphasis">{}</span>'
)
_NOT_ASSIGNED = '<span class="text-warning-emphasis">{}</span>'


@register.simple_tag(takes_context=True)
def request_row(context, request: ServiceRequest) -> SafeString:
    """``{% request_row r %}``: the row of ``r``, with its centre where the page's
    ``show_centre`` says the user sees many. Select ``client_group``, ``person``,
    ``service_type``, ``assigned_to`` (and ``centre``) with the rows."""
    urgent = request.urgency == Urgency.URGENT
    return format_html(
        _ROW,
        url=request.get_absolute_url(),
        reference=request.reference,
        status=request_status(request),
        urgency=format_html(_URGENT, Urgency.URGENT.label) if urgent else "",
        subject=request.subject,
        client=(request.client_group.name if request.client_group_id else request.person.full_name),
        service_type=request.service_type.name,
        centre=f" · {request.centre.name}" if context.get("show_centre") else "",
        received_label=_("Received"),
        received=bedate(request.received_at),
        due_label=_("Due"),
        due=request_due(request),
        assignee=(
            display_name(request.assigned_to)
            if request.assigned_to_id
            else format_html(_NOT_ASSIGNED, _("Not assigned"))
        ),
    )


@register.inclusion_tag("services/includes/attachments.html", takes_context=True)
def attachments_panel(context, owner: ServiceRequest | Visit) -> dict:
    """The photos and documents of a request or a visit, with the upload form for its staff.

    ``{% attachments_panel visit %}``. Prefetch ``attachments`` (with ``uploaded_by``) to keep
    it to the page's own queries.
    """
    request = context["request"]
    user, centre = request.user, owner.centre
    cached = getattr(owner, "_prefetched_objects_cache", {}).get("attachments")
    attachments = list(
        cached if cached is not None else owner.attachments.select_related("uploaded_by")
    )
    is_request = isinstance(owner, ServiceRequest)
    upload = (
        "services:attachment-upload-request" if is_request else "services:attachment-upload-visit"
    )
    return {
        "attachments": attachments,
        "deletable": {a.pk for a in attachments if can_delete_attachment(user, a, centre=centre)},
        "upload_url": reverse(upload, kwargs={"pk": owner.pk}),
        "can_upload": can_write(user, centre),
        "user": user,
        # A failed upload shows the page at the upload URL: send the next try back to the page.
        "next": context.get("page_url") or request.get_full_path(),
        "form": context.get("attachment_form"),
        "csrf_token": context.get("csrf_token"),
        "accept": ACCEPT,
        "max_bytes": settings.ATTACHMENT_MAX_BYTES,
    }


@register.filter
def visit_status_badge(status: str) -> str:
    """The Bootstrap badge classes of a visit status (``VisitStatus.badge``)."""
    return VisitStatus(status).badge if status in VisitStatus.values else UNKNOWN_BADGE


@register.simple_tag
def visit_status(visit: Visit) -> SafeString:
    """The visit's status as a coloured badge (colours: ``VisitStatus.badge``); a tag, as
    :func:`request_status`, for the same reasons."""
    return _status_badge(VisitStatus, visit.status)


# One visit as a row of the visit list. Written here rather than in the template, as the
# request rows: each row's villages read through ``.all()`` twice (a queryset cloned each
# time), its kind's label through ``get_kind_display`` and its badge through an include were
# two thirds of the list's rendering (issue 8).
_VISIT_ROW = (
    '<li class="list-group-item py-3"><div class="d-flex flex-wrap justify-content-between gap-2">'
    '<div><a class="fw-semibold" href="{url}">{title}</a>{urgent}'
    '<div class="small text-body-secondary">{kind}{villages}</div>'
    '<div class="small text-body-secondary">{centre}</div></div>'
    '<div class="text-end"><div class="text-nowrap">{planned}</div>{status}</div></div></li>'
)


@register.simple_tag
def visit_row(visit: Visit) -> SafeString:
    """``{% visit_row visit %}``: the row of ``visit``. Select ``centre`` and prefetch
    ``villages`` with their ``subdistrict`` with the rows."""
    villages = list(visit.villages.all())
    places = format_html_join(
        ", ", "{} {}", ((village, village.subdistrict.name) for village in villages)
    )
    try:
        kind = VisitKind(visit.kind).label
    except ValueError:
        kind = visit.kind
    return format_html(
        _VISIT_ROW,
        url=visit.get_absolute_url(),
        title=visit.title,
        urgent=(
            format_html(' <span class="badge text-bg-danger">{}</span>', _("Urgent"))
            if visit.is_urgent
            else ""
        ),
        kind=kind,
        villages=format_html(" · {}", places) if villages else "",
        centre=visit.centre.name,
        planned=bedate(visit.planned_date),
        status=visit_status(visit),
    )
