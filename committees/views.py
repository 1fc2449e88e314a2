"""The committee's pages: the member's home, the cases before the committee with opinions and
the tally, meetings with attendance, quorum and resolutions, the printable minutes, and the
roster the head manages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.scoping import get_centre_for_user, has_working_centre, is_head, working_centre
from committees import actions
from committees.access import get_meeting_for_user, get_member_for_user, get_round_for_user
from committees.actions import ActionRefused
from committees.forms import (
    AttendanceForm,
    ConflictForm,
    EndTermForm,
    MeetingForm,
    MemberForm,
    OpinionForm,
    OutcomeForm,
    PutBeforeForm,
    ResolutionForm,
    VisitMembersForm,
)
from committees.models import (
    Category,
    CommitteeMember,
    Meeting,
    Presence,
    Resolution,
    Review,
    Round,
    VisitParticipant,
)
from portal.shortcuts import render_form
from services.access import get_request_for_user, get_visit_for_user
from services.timeline import request_timeline

LIMIT = 20


def _refused(request: HttpRequest, error: ActionRefused) -> None:
    messages.error(request, str(error))


# The member's home


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Cases waiting for my opinion, upcoming meetings, and the last resolutions, at every centre
    where I sit today."""
    user, today = request.user, timezone.localdate()
    my_terms = CommitteeMember.objects.sitting(today).filter(user=user)
    centre_ids = list(my_terms.values_list("centre_id", flat=True))
    if not centre_ids and has_working_centre(request):  # staff and heads: their centre's cases
        return redirect("committees:case-list", code=working_centre(request).code)
    given = Review.objects.filter(round=OuterRef("pk"), member__user=user)
    waiting = (
        Round.objects.visible_to(user)
        .open()
        .filter(centre_id__in=centre_ids)
        .exclude(Exists(given))
        .with_related()
        .order_by("opened_at")[:LIMIT]
    )
    meetings = Meeting.objects.filter(centre_id__in=centre_ids).upcoming().select_related("centre")
    resolutions = (
        Resolution.objects.filter(round__centre_id__in=centre_ids)
        .select_related("round__request", "meeting")
        .order_by("-recorded_at")[:10]
    )
    centres = my_terms.select_related("centre__district")
    visits = (
        VisitParticipant.objects.filter(member__user=user)
        .select_related("visit")
        .order_by("-visit__planned_date")[:10]
    )
    context = {
        "visits": visits,
        "today": today,
        "waiting": waiting,
        "meetings": meetings[:10],
        "resolutions": resolutions,
        "terms": centres,
    }
    return render_form(request, "committees/home.html", context)


# Cases before the committee


def _with_tally(rounds) -> list[Round]:
    """Each round with its tally (conflicted members' opinions left out): two queries in all."""
    rows = list(rounds.prefetch_related("reviews", "conflicts"))
    for round_ in rows:
        conflicted = {c.member_id for c in round_.conflicts.all()}
        round_.tally = actions.tally_from(round_.reviews.all(), conflicted)
    return rows


@login_required
def case_list(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    rounds = Round.objects.visible_to(request.user).filter(centre=centre).with_related()
    show_tally = actions.sees_tally(request.user, centre)
    open_rounds = rounds.open().order_by("opened_at")
    context = {
        "centre": centre,
        "open_rounds": _with_tally(open_rounds) if show_tally else open_rounds,
        "closed_rounds": rounds.filter(closed_at__isnull=False).order_by("-closed_at")[:LIMIT],
        "show_tally": show_tally,
        "today": timezone.localdate(),
        "meetings": Meeting.objects.filter(centre=centre).order_by("-starts_at")[:5],
        "can_plan": actions.can_plan_meetings(request.user, centre),
    }
    return render_form(request, "committees/case_list.html", context)


@login_required
def put_before(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    if not is_head(request.user, service_request.centre):
        raise PermissionDenied
    form = PutBeforeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = actions.put_before_committee(
                service_request, by=request.user, **form.cleaned_data
            )
        except ActionRefused as error:
            _refused(request, error)
            return redirect(service_request)
        messages.success(request, _("The request is before the committee."))
        return redirect(round_)
    context = {"service_request": service_request, "form": form}
    return render_form(request, "committees/put_before.html", context)


def case_page(request: HttpRequest, round_: Round, **bound) -> HttpResponse:
    user, centre = request.user, round_.centre
    me = actions.member_for(user, centre)
    reviews = list(round_.reviews.select_related("member").order_by("given_at"))
    own = next((r for r in reviews if me and r.member_id == me.pk), None)
    conflicts = {c.member_id: c for c in round_.conflicts.all()}
    can_opine = me is not None and round_.is_open
    sees = actions.sees_opinions(user, round_, own)
    context = {
        "round": round_,
        "service_request": round_.request,
        "me": me,
        "own": own,
        "my_conflict": conflicts.get(me.pk) if me else None,
        "reviews": reviews if sees else [],
        "sees_opinions": sees,
        "conflicts": conflicts,
        "tally": actions.tally_from(reviews, set(conflicts)),
        "sees_tally": actions.sees_tally(user, centre),
        "rounds": round_.request.committee_rounds.order_by("number"),
        "resolutions": round_.resolutions.select_related("meeting"),
        "timeline": request_timeline(round_.request),
        "attachments": round_.request.attachments.all(),
        "can_opine": can_opine,
        "can_circulate": (
            round_.is_open
            and actions.committee_settings(centre).allows_circulation
            and actions.is_secretary(user, centre)
        ),
    }
    if can_opine:
        initial = {"opinion": own.opinion, "note": own.note} if own else None
        context["opinion_form"] = OpinionForm(initial=initial)
        context["conflict_form"] = ConflictForm()
    if context["can_circulate"]:
        context["circulation"] = actions.circulation_count(round_)
        context["circulation_form"] = OutcomeForm()
    context.update(bound)
    return render_form(request, "committees/case_detail.html", context)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return case_page(request, get_round_for_user(request.user, pk))


@login_required
@require_POST
def case_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return case_page(request, round_, opinion_form=form)
    try:
        actions.give_opinion(round_, user=request.user, **form.cleaned_data)
    except ActionRefused as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("Your opinion is recorded."))
    return redirect(round_)


@login_required
@require_POST
def case_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        return case_page(request, round_, conflict_form=form)
    try:
        actions.declare_conflict(round_, user=request.user, reason=form.cleaned_data["reason"])
    except ActionRefused as error:
        raise PermissionDenied(str(error)) from error
    messages.success(
        request, _("Your conflict of interest is recorded: your opinion will not count.")
    )
    return redirect(round_)


@login_required
@require_POST
def case_circulation(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request.user, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return case_page(request, round_, circulation_form=form)
    try:
        actions.resolve_by_circulation(round_, by=request.user, **form.cleaned_data)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The resolution by circulation is recorded."))
    return redirect(round_)


# Meetings


@login_required
def meeting_list(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(centre=centre)
        .annotate(n_cases=Count("rounds", distinct=True))
        .order_by("-starts_at")
    )
    now = timezone.now()
    context = {
        "centre": centre,
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
        "held": meetings.filter(starts_at__lt=now)[:50],
        "can_plan": actions.can_plan_meetings(request.user, centre),
    }
    return render_form(request, "committees/meeting_list.html", context)


@login_required
def meeting_new(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    if not actions.can_plan_meetings(request.user, centre):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.plan_meeting(centre=centre, by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect(meeting)
    return render_form(request, "committees/meeting_form.html", {"centre": centre, "form": form})


def _meeting_context(meeting: Meeting) -> dict:
    sitting = list(actions.sitting_at(meeting).order_by("position", "first_name"))
    presence = dict(meeting.attendance.values_list("member_id", "presence"))
    resolutions = {r.round_id: r for r in meeting.resolutions.all()}
    reviews = Review.objects.select_related("member")
    rounds = list(
        meeting.rounds.with_related().prefetch_related(
            Prefetch("reviews", queryset=reviews), "conflicts"
        )
    )
    for round_ in rounds:
        round_.resolution = resolutions.get(round_.pk)
        round_.conflicted_ids = {c.member_id for c in round_.conflicts.all()}
    return {
        "meeting": meeting,
        "sitting": [(m, presence.get(m.pk, "")) for m in sitting],
        "quorum": actions.Quorum(
            sitting=len(sitting),
            present=sum(presence.get(m.pk) == Presence.PRESENT for m in sitting),
        ),
        "rounds": rounds,
    }


def meeting_page(request: HttpRequest, meeting: Meeting, **bound) -> HttpResponse:
    context = _meeting_context(meeting)
    secretary = actions.is_secretary(request.user, meeting.centre)
    context["is_secretary"] = secretary
    if secretary:
        members = [m for m, _p in context["sitting"]]
        current = {m.pk: p for m, p in context["sitting"] if p}
        context["attendance_form"] = bound.pop(
            "attendance_form", AttendanceForm(members=members, current=current)
        )
        failed = bound.pop("resolution_form", None)
        for round_ in context["rounds"]:
            prefix = f"r{round_.pk}"
            fresh = ResolutionForm(present=context["quorum"].present, prefix=prefix)
            round_.form = failed if failed is not None and failed.prefix == prefix else fresh
        context["failed_form"] = failed  # a bound form with errors: the page answers 422
    context.update(bound)
    return render_form(request, "committees/meeting_detail.html", context)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return meeting_page(request, get_meeting_for_user(request.user, pk))


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    if not actions.is_secretary(request.user, meeting.centre):
        raise PermissionDenied
    members = list(actions.sitting_at(meeting))
    form = AttendanceForm(request.POST, members=members, current={})
    if not form.is_valid():
        return meeting_page(request, meeting, attendance_form=form)
    try:
        actions.record_attendance(meeting, presence=form.presence(), by=request.user)
    except ActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Attendance is recorded."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_resolution(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    round_ = get_round_for_user(request.user, round_pk)
    if not actions.is_secretary(request.user, meeting.centre):
        raise PermissionDenied
    present = actions.quorum(meeting).present
    form = ResolutionForm(request.POST, present=present, prefix=f"r{round_.pk}")
    if not form.is_valid():
        return meeting_page(request, meeting, resolution_form=form)
    try:
        actions.record_resolution(meeting, round_, by=request.user, **form.cleaned_data)
    except ActionRefused as error:
        form.add_error(None, str(error))
        return meeting_page(request, meeting, resolution_form=form)
    messages.success(request, _("The resolution is recorded."))
    return redirect(meeting)


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    context = _meeting_context(meeting)
    context["present"] = [m for m, p in context["sitting"] if p == Presence.PRESENT]
    context["away"] = [(m, p) for m, p in context["sitting"] if p != Presence.PRESENT]
    context["chair"] = next((m for m, _p in context["sitting"] if m.position == "chair"), None)
    return render_form(request, "committees/minutes.html", context)


# The roster


def _vacancies(sitting: list[CommitteeMember]) -> list:
    """Categories with no sitting member."""
    held = {m.category for m in sitting}
    return [label for value, label in Category.choices if value not in held]


@login_required
def roster(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    today = timezone.localdate()
    members = CommitteeMember.objects.visible_to(request.user).filter(centre=centre)
    sitting = list(members.sitting(today).select_related("user").order_by("position", "first_name"))
    context = {
        "centre": centre,
        "today": today,
        "sitting": sitting,
        "ending": [m for m in sitting if (m.term_end - today).days <= 60],
        "past": members.past(today).order_by("-term_end")[:50],
        "future": members.filter(term_start__gt=today).order_by("term_start"),
        "vacancies": _vacancies(sitting),
        "is_head": is_head(request.user, centre),
    }
    return render_form(request, "committees/roster.html", context)


@login_required
def member_new(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    if not is_head(request.user, centre):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save_member(request, form, centre=centre)
    return render_form(request, "committees/member_form.html", {"centre": centre, "form": form})


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request.user, pk, write=True)
    form = MemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        return _save_member(request, form, member=member)
    context = {
        "centre": member.centre,
        "member": member,
        "form": form,
        "end_form": EndTermForm(),
        "history": member.history.select_related("history_user").order_by("-history_date"),
    }
    return render_form(request, "committees/member_form.html", context)


def _save_member(request, form: MemberForm, *, centre=None, member=None) -> HttpResponse:
    expertise = form.cleaned_data["expertise"]
    try:
        if member is None:
            member = actions.add_member(
                centre=centre, fields=form.member_fields(), expertise=expertise, by=request.user
            )
        else:
            actions.edit_member(
                member, fields=form.member_fields(), expertise=expertise, by=request.user
            )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error("username" if field == "user" else None, errors)
        context = {"centre": centre or member.centre, "member": member, "form": form}
        return render_form(request, "committees/member_form.html", context)
    messages.success(request, _("The roster is saved."))
    return redirect("committees:roster", code=member.centre.code)


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request.user, pk, write=True)
    form = EndTermForm(request.POST)
    if form.is_valid():
        try:
            actions.end_term(member, by=request.user, **form.cleaned_data)
        except ActionRefused as error:
            form.add_error("on", str(error))
    if not form.is_valid() or form.errors:
        context = {
            "centre": member.centre,
            "member": member,
            "form": MemberForm(instance=member),
            "end_form": form,
        }
        return render_form(request, "committees/member_form.html", context)
    messages.success(request, _("The term has ended."))
    return redirect("committees:roster", code=member.centre.code)


# Visits


@login_required
def visit_members(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee members who went on a visit (staff and the head record it)."""
    visit = get_visit_for_user(request.user, pk, write=True)
    chosen = [p.member_id for p in visit.committee_participants.all()]
    form = VisitMembersForm(request.POST or None, visit=visit, initial={"members": chosen})
    if request.method == "POST" and form.is_valid():
        actions.set_visit_participants(
            visit, members=list(form.cleaned_data["members"]), by=request.user
        )
        messages.success(request, _("The committee members who went are saved."))
        return redirect(visit)
    return render_form(request, "committees/visit_members.html", {"visit": visit, "form": form})
