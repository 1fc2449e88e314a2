"""The directory: resources the user's centres may link clients to, and one resource with its
referrals, acceptance rate and the outcomes obtained through it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from centres.scoping import can_write, working_centre
from portal.shortcuts import render_form
from resources.access import get_resource_for_user
from resources.actions import (
    ActionRefused,
    approve_resource,
    can_manage_resource,
    save_local_resource,
)
from resources.forms import DirectoryFilterForm, ResourceForm
from resources.models import Referral, ReferralStatus, Resource

PAGE_SIZE = 25
REFERRAL_LIMIT = 50


@login_required
def resource_list(request: HttpRequest) -> HttpResponse:
    filters = DirectoryFilterForm(request.GET or None)
    resources = filters.apply(Resource.objects.visible_to(request.user))
    listed = (
        resources.select_related("centre__district", "province")
        .prefetch_related("service_types")
        .order_by("kind", "name")
        .distinct()
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_add": _can_add(request)}
    return render_form(request, "resources/resource_list.html", context)


def _can_add(request: HttpRequest) -> bool:
    try:
        working_centre(request)
    except PermissionDenied:
        return False
    return True


def _acceptance(referrals) -> dict:
    counts = referrals.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=~Q(status__in=[ReferralStatus.SENT, ReferralStatus.WITHDRAWN])),
        accepted=Count(
            "pk", filter=Q(status__in=[ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED])
        ),
    )
    answered = counts["answered"]
    counts["rate"] = round(100 * counts["accepted"] / answered) if answered else None
    return counts


@login_required
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    referrals = Referral.objects.visible_to(request.user).filter(resource=resource)
    context = {
        "resource": resource,
        "offers": resource.offers.filter(is_active=True),
        "service_types": resource.service_types.all(),
        "referrals": referrals.with_related().order_by("-sent_on", "-pk")[:REFERRAL_LIMIT],
        "acceptance": _acceptance(referrals),
        "impact": referrals.impact(),
        "can_manage": can_manage_resource(request.user, resource),
    }
    return render_form(request, "resources/resource_detail.html", context)


@login_required
def resource_create(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)
    form = ResourceForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        resource = form.save(commit=False)
        save_local_resource(
            resource, service_types=form.cleaned_data["service_types"], by=request.user
        )
        if not resource.is_approved:
            messages.info(request, _("Proposed: the centre head approves it."))
        return redirect(resource)
    return render_form(request, "resources/resource_form.html", {"form": form, "centre": centre})


@login_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    if not can_manage_resource(request.user, resource) or resource.centre is None:
        raise PermissionDenied
    form = ResourceForm(request.POST or None, instance=resource, centre=resource.centre)
    if request.method == "POST" and form.is_valid():
        save_local_resource(
            form.save(commit=False),
            service_types=form.cleaned_data["service_types"],
            by=request.user,
        )
        return redirect(resource)
    context = {"form": form, "centre": resource.centre, "resource": resource}
    return render_form(request, "resources/resource_form.html", context)


@login_required
@require_POST
def resource_approve(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    if resource.centre is None or not can_write(request.user, resource.centre):
        raise PermissionDenied
    try:
        approve_resource(resource, by=request.user)
    except ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect(resource)
