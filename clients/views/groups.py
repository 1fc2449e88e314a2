"""Staff pages of the registry's groups: list, detail, create and edit, and on a group its
memberships, products (with OTOP stars) and yearly figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from centres.scoping import can_write, has_working_centre, working_centre
from clients.access import get_group_for_user
from clients.actions import save_product
from clients.filters import GroupFilter
from clients.forms import (
    MONEY_FIGURES,
    EndMembershipForm,
    GroupForm,
    GroupMembershipForm,
    GroupSnapshotForm,
    ProductForm,
    StarRatingFormSet,
)
from clients.models import (
    ALL_FIGURES,
    ClientGroup,
    GroupKind,
    GroupMembership,
    GroupSnapshot,
    MemberRole,
    Product,
)
from portal.filtering import bind_query_filters
from portal.lib.history import history_entries
from portal.lib.paging import list_page
from portal.shortcuts import render_form

PAGE_SIZE = 25
PRODUCT_KINDS = (GroupKind.OTOP, GroupKind.OCCUPATIONAL)
ROLE_ORDER = {role: index for index, role in enumerate(MemberRole.values)}


# The list and the detail page


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    groups = ClientGroup.objects.visible_to(request.user).with_place().in_thai_order()
    filters = bind_query_filters(
        request, lambda data: GroupFilter(data, queryset=groups, user=request.user)
    )
    page = list_page(filters.qs, PAGE_SIZE, request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_register": has_working_centre(request)}
    return render_form(request, "clients/group_list.html", context)


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk)
    memberships = sorted(
        group.memberships.select_related("person__village__subdistrict"),
        key=lambda m: (ROLE_ORDER[m.role], m.person.first_name, m.person.last_name),
    )
    snapshots = list(group.snapshots.order_by("fiscal_year"))
    editable = can_write(request.user, group.centre)
    context = {
        "group": group,
        "can_edit": editable,
        "current_members": [m for m in memberships if m.left_on is None],
        "past_members": [m for m in memberships if m.left_on is not None],
        "products": group.products.prefetch_related("standards", "ratings"),
        "shows_products": group.kind in PRODUCT_KINDS,
        "figures": _figure_table(group, snapshots),
        "chart": _figure_chart(group, snapshots),
        "history": history_entries(group.history.all()) if editable else None,
    }
    return render_form(request, "clients/group_detail.html", context)


def _figure_names(group: ClientGroup, snapshots: list[GroupSnapshot]) -> list[str]:
    """The kind's figures, and any other one a snapshot still holds (from before a change of
    kind)."""
    names = list(GroupSnapshot(group=group).figures)
    held = [n for n in ALL_FIGURES if any(getattr(s, n) is not None for s in snapshots)]
    return names + [n for n in held if n not in names]


def _figure_table(group: ClientGroup, snapshots: list[GroupSnapshot]) -> dict:
    names = _figure_names(group, snapshots)
    labels = [GroupSnapshot._meta.get_field(n).verbose_name for n in names]
    rows = [(s, [(getattr(s, n), n in MONEY_FIGURES) for n in names]) for s in snapshots]
    return {"labels": labels, "rows": rows}


def _figure_chart(group: ClientGroup, snapshots: list[GroupSnapshot]) -> dict | None:
    """Chart.js data for the money figures by fiscal year; Decimals go out as strings."""
    names = [n for n in _figure_names(group, snapshots) if n in MONEY_FIGURES]
    if not snapshots or not names:
        return None
    datasets = [
        {
            "label": str(GroupSnapshot._meta.get_field(n).verbose_name),
            "data": [None if getattr(s, n) is None else str(getattr(s, n)) for s in snapshots],
        }
        for n in names
    ]
    return {"labels": [s.fiscal_year for s in snapshots], "datasets": datasets}


# Creating and editing a group


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)
    group = ClientGroup(centre=centre)
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, _("The group “%(name)s” is registered.") % {"name": group})
        return redirect(group)
    return render_form(request, "clients/group_form.html", {"form": form, "centre": centre})


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk, write=True)
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes are saved."))
        return redirect(group)
    context = {"form": form, "centre": group.centre, "group": group}
    return render_form(request, "clients/group_form.html", context)


# Memberships


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk, write=True)
    membership = GroupMembership(group=group)
    form = GroupMembershipForm(request.POST or None, instance=membership, user=request.user)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(request, _("%(person)s is added.") % {"person": membership.person})
        if "another" in request.POST:
            return redirect("clients:membership-add", pk=group.pk)
        return redirect(group)
    return render_form(request, "clients/membership_form.html", {"form": form, "group": group})


def _membership_of(request: HttpRequest, pk: int, membership_pk: int) -> GroupMembership:
    group = get_group_for_user(request.user, pk, write=True)
    memberships = group.memberships.select_related("person__village__subdistrict")
    membership = get_object_or_404(memberships, pk=membership_pk)
    membership.group = group  # already loaded, with its place
    return membership


@login_required
def membership_edit(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _membership_of(request, pk, membership_pk)
    form = GroupMembershipForm(request.POST or None, instance=membership, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes are saved."))
        return redirect(membership.group)
    context = {"form": form, "group": membership.group, "membership": membership}
    return render_form(request, "clients/membership_form.html", context)


@login_required
def membership_end(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = _membership_of(request, pk, membership_pk)
    initial = {"left_on": membership.left_on or timezone.localdate()}
    form = EndMembershipForm(request.POST or None, instance=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        left = _("%(person)s has left the group.") % {"person": membership.person}
        messages.success(request, left)
        return redirect(membership.group)
    context = {"form": form, "group": membership.group, "membership": membership}
    return render_form(request, "clients/membership_end.html", context)


# Products


def _product_page(request: HttpRequest, group: ClientGroup, product: Product) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ProductForm(data, instance=product)
    ratings = StarRatingFormSet(data, instance=product, prefix="ratings")
    if data is not None and form.is_valid() and ratings.is_valid():
        save_product(form=form, ratings=ratings)
        messages.success(request, _("The product is saved."))
        return redirect(group)
    context = {"form": form, "ratings": ratings, "group": group, "product": product}
    return render_form(request, "clients/product_form.html", context)


@login_required
def product_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk, write=True)
    return _product_page(request, group, Product(group=group))


@login_required
def product_edit(request: HttpRequest, pk: int, product_pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk, write=True)
    product = get_object_or_404(group.products, pk=product_pk)
    return _product_page(request, group, product)


# Yearly figures


def _snapshot_page(request: HttpRequest, snapshot: GroupSnapshot) -> HttpResponse:
    form = GroupSnapshotForm(request.POST or None, instance=snapshot)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The figures are saved."))
        return redirect(snapshot.group)
    context = {"form": form, "group": snapshot.group, "snapshot": snapshot}
    return render_form(request, "clients/snapshot_form.html", context)


@login_required
def snapshot_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk, write=True)
    return _snapshot_page(request, GroupSnapshot(group=group))


@login_required
def snapshot_edit(request: HttpRequest, pk: int, snapshot_pk: int) -> HttpResponse:
    group = get_group_for_user(request.user, pk, write=True)
    snapshot = get_object_or_404(group.snapshots, pk=snapshot_pk)
    snapshot.group = group
    return _snapshot_page(request, snapshot)
