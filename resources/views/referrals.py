"""Referrals: sending a request to a resource from the request's page, recording the answer
and the result, and the follow-ups that have come due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from centres.scoping import can_write
from portal.shortcuts import render_form
from resources.access import get_referral_for_user
from resources.actions import (
    ActionRefused,
    change_follow_up,
    complete_referral,
    respond_to_referral,
    send_referral,
    withdraw_referral,
)
from resources.forms import CompleteForm, FollowUpForm, ReferralForm, RespondForm, WithdrawForm
from resources.models import Referral, Resource
from services.access import get_request_for_user

PAGE_SIZE = 25


def _resources_for(service_request) -> object:
    return Resource.objects.serving(service_request.centre).order_by("kind", "name")


@login_required
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    service_request = get_request_for_user(request.user, pk, write=True)
    resources = _resources_for(service_request)
    initial = {"sent_on": timezone.localdate(), "asked": service_request.subject}
    chosen = request.GET.get("resource")
    if chosen and chosen.isdigit():
        initial["resource"] = int(chosen)
    form = ReferralForm(request.POST or None, initial=initial, resources=resources)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            send_referral(
                request=service_request,
                resource=data["resource"],
                offer=data["offer"],
                asked=data["asked"],
                amount_asked=data["amount_asked"],
                sent_on=data["sent_on"],
                follow_up_on=data["follow_up_on"],
                by=request.user,
            )
        except ActionRefused as refused:
            messages.error(request, str(refused))
        return redirect(service_request)
    context = {"form": form, "service_request": service_request}
    return render_form(request, "resources/referral_form.html", context)


def referral_page(request: HttpRequest, referral: Referral, **forms) -> HttpResponse:
    """The referral with the forms its status allows; a bound form with errors shows here."""
    today = timezone.localdate()
    writable = can_write(request.user, referral.centre)
    status = referral.status
    context = {
        "referral": referral,
        "can_edit": writable,
        "respond_form": forms.get("respond_form")
        or (
            RespondForm(initial={"responded_on": today}) if writable and status == "sent" else None
        ),
        "complete_form": forms.get("complete_form")
        or (
            CompleteForm(initial={"completed_on": today})
            if writable and referral.can_move_to("completed")
            else None
        ),
        "withdraw_form": forms.get("withdraw_form")
        or (WithdrawForm() if writable and referral.is_open else None),
        "follow_up_form": forms.get("follow_up_form")
        or (
            FollowUpForm(initial={"follow_up_on": referral.follow_up_on})
            if writable and referral.is_open
            else None
        ),
        "today": today,
    }
    return render_form(request, "resources/referral_detail.html", context)


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return referral_page(request, get_referral_for_user(request.user, pk))


def _post(request: HttpRequest, pk: int, form_class, name: str, act) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        return referral_page(request, referral, **{name: form})
    try:
        act(referral, form.cleaned_data)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect(referral)


@login_required
@require_POST
def referral_respond(request: HttpRequest, pk: int) -> HttpResponse:
    def act(referral, data):
        respond_to_referral(
            referral,
            accepted=data["decision"] == "accepted",
            responded_on=data["responded_on"],
            reason=data["reason"],
            by=request.user,
        )

    return _post(request, pk, RespondForm, "respond_form", act)


@login_required
@require_POST
def referral_complete(request: HttpRequest, pk: int) -> HttpResponse:
    def act(referral, data):
        complete_referral(
            referral,
            completed_on=data["completed_on"],
            money_obtained=data["money_obtained"],
            sales=data["sales"],
            people_trained=data["people_trained"],
            market_found=data["market_found"],
            other_result=data["other_result"],
            by=request.user,
        )

    return _post(request, pk, CompleteForm, "complete_form", act)


@login_required
@require_POST
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def act(referral, data):
        withdraw_referral(referral, reason=data["reason"], by=request.user)

    return _post(request, pk, WithdrawForm, "withdraw_form", act)


@login_required
@require_POST
def referral_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    def act(referral, data):
        change_follow_up(referral, follow_up_on=data["follow_up_on"], by=request.user)

    return _post(request, pk, FollowUpForm, "follow_up_form", act)


def due_follow_ups(user, today=None):
    """The referrals past their follow-up (or long unanswered) that are the user's to chase."""
    return Referral.objects.visible_to(user).follow_up_due(today).chased_by(user)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    due = due_follow_ups(request.user).for_rows().order_by("follow_up_on", "pk")
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "today": timezone.localdate()}
    return render_form(request, "resources/follow_up_list.html", context)
