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
from resources.access import get_offer_for_user, get_resource_for_user
from resources.actions import (
    ActionRefused,
    approve_resource,
    can_manage_resource,
    save_local_resource,
    save_offer,
)
from resources.forms import DirectoryFilterForm, OfferForm, ResourceForm
from resources.models import Offer, Referral, ReferralStatus, Resource

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
    can_manage = can_manage_resource(request.user, resource)
    offers = resource.offers.all() if can_manage else resource.offers.filter(is_active=True)
    context = {
        "resource": resource,
        "offers": offers,
        "service_types": resource.service_types.all(),
        "referrals": referrals.for_rows().order_by("-sent_on", "-pk")[:REFERRAL_LIMIT],
        "acceptance": _acceptance(referrals),
        "impact": referrals.impact(),
        "can_manage": can_manage,
        "can_manage_offers": can_manage and resource.centre_id is not None,
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


def _offer_page(request: HttpRequest, resource: Resource, offer: Offer) -> HttpResponse:
    """The head's form for one offer of the centre's own resource (national and provincial
    resources' offers are kept in the admin)."""
    if resource.centre is None or not can_manage_resource(request.user, resource):
        raise PermissionDenied
    form = OfferForm(request.POST or None, instance=offer, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            save_offer(form.save(commit=False), by=request.user)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(f"{resource.get_absolute_url()}#offers")
    context = {"form": form, "resource": resource, "offer": offer}
    return render_form(request, "resources/offer_form.html", context)


@login_required
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, pk)
    return _offer_page(request, resource, Offer(resource=resource))


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request.user, pk)
    return _offer_page(request, offer.resource, offer)
