"""Events: trainings, learning exchanges, fairs, study visits and partners' meetings, with the
participants recorded on a phone on the day (walk-ins added there and then)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.scoping import can_write, has_working_centre, working_centre
from portal.shortcuts import render_form
from resources.access import (
    get_event_for_user,
    get_participant_for_user,
    get_photo_for_user,
)
from resources.actions import (
    ActionRefused,
    add_event_photo,
    add_participant,
    can_delete_photo,
    delete_event_photo,
    record_attendance,
    save_event,
)
from resources.forms import AttendanceForm, EventForm, ParticipantForm, PhotoForm
from resources.models import Attendance, Event, Resource
from services.uploads import check_upload

PAGE_SIZE = 25


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        Event.objects.visible_to(request.user)
        .select_related("centre__district")
        .annotate(
            registered=Count("participants"),
            attended=Count("participants", filter=Q(participants__attendance=Attendance.ATTENDED)),
        )
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_add": has_working_centre(request)}
    return render_form(request, "resources/event_list.html", context)


def _speakers(user):
    return Resource.objects.visible_to(user).active().order_by("kind", "name")


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)
    form = EventForm(request.POST or None, centre=centre, speakers=_speakers(request.user))
    if request.method == "POST" and form.is_valid():
        event = save_event(
            form.save(commit=False),
            by=request.user,
            speakers=form.cleaned_data["speakers"],
            service_types=form.cleaned_data["service_types"],
            requests=form.cleaned_data["requests"],
        )
        return redirect(event)
    return render_form(request, "resources/event_form.html", {"form": form, "centre": centre})


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = EventForm(
        request.POST or None, instance=event, centre=event.centre, speakers=_speakers(request.user)
    )
    if request.method == "POST" and form.is_valid():
        save_event(
            form.save(commit=False),
            by=request.user,
            speakers=form.cleaned_data["speakers"],
            service_types=form.cleaned_data["service_types"],
            requests=form.cleaned_data["requests"],
        )
        return redirect(event)
    context = {"form": form, "centre": event.centre, "event": event}
    return render_form(request, "resources/event_form.html", context)


def event_page(request: HttpRequest, event: Event, **forms) -> HttpResponse:
    writable = can_write(request.user, event.centre)
    participants = list(
        event.participants.select_related("person", "group").order_by("added_at", "pk")
    )
    photos = list(event.photos.all())
    counts = {
        value: sum(p.attendance == value for p in participants) for value in Attendance.values
    }
    context = {
        "event": event,
        "participants": participants,
        "counts": counts,
        "speakers": event.speakers.all(),
        "service_types": event.service_types.all(),
        "photos": photos,
        "deletable_photos": {
            p.pk for p in photos if can_delete_photo(request.user, p, centre=event.centre)
        },
        "can_edit": writable,
        "participant_form": forms.get("participant_form")
        or (ParticipantForm(centre=event.centre, user=request.user) if writable else None),
        "photo_form": forms.get("photo_form") or (PhotoForm() if writable else None),
        "attendance_choices": Attendance.choices,
    }
    return render_form(request, "resources/event_detail.html", context)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return event_page(request, get_event_for_user(request.user, pk))


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = ParticipantForm(request.POST, centre=event.centre, user=request.user)
    if not form.is_valid():
        return event_page(request, event, participant_form=form)
    data = form.cleaned_data
    try:
        add_participant(
            event,
            person=data["person"],
            group=data["group"],
            walk_in_name=data["walk_in_name"],
            walk_in_phone=data["walk_in_phone"],
            attendance=data["attendance"],
            by=request.user,
        )
    except ActionRefused as refused:
        form.add_error(None, str(refused))
        return event_page(request, event, participant_form=form)
    return redirect(f"{event.get_absolute_url()}#participants")


@login_required
@require_POST
def participant_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk, write=True)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(participant.event)
    record_attendance(participant, by=request.user, **form.cleaned_data)
    return redirect(f"{participant.event.get_absolute_url()}#participant-{participant.pk}")


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk, write=True)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            checked = check_upload(form.cleaned_data["photo"])
            add_event_photo(
                event, checked=checked, caption=form.cleaned_data["caption"], by=request.user
            )
        except (ValidationError, ActionRefused) as refused:
            form.add_error(
                "photo", refused.messages if isinstance(refused, ValidationError) else str(refused)
            )
    if form.errors:
        return event_page(request, event, photo_form=form)
    return redirect(event)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    found = get_photo_for_user(request.user, pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_photo_for_user(request.user, pk)
    if not can_delete_photo(request.user, found):
        raise PermissionDenied
    event = found.event
    try:
        delete_event_photo(found, by=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The photo is deleted."))
    return redirect(f"{event.get_absolute_url()}#photos")
