"""Staff pages of the registry's persons (villagers): list, detail, create and edit, and the
search that feeds the person picker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from centres.scoping import can_write, has_working_centre, working_centre
from clients.access import get_person_for_user
from clients.filters import PersonFilter, search_persons
from clients.forms import PersonForm, person_label
from clients.models import Person
from clients.privacy import shows_national_id
from clients.views.groups import PAGE_SIZE
from portal.filtering import bind_query_filters
from portal.lib.history import history_entries
from portal.lib.paging import list_page
from portal.lib.urls import local_path
from portal.shortcuts import render_form

SUGGESTIONS = 20


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    persons = Person.objects.visible_to(request.user).with_place()
    # centre__district: whose IDs show (shows_national_id); pk: a stable order across pages.
    persons = persons.select_related("centre__district").in_thai_order()
    filters = bind_query_filters(
        request, lambda data: PersonFilter(data, queryset=persons, user=request.user)
    )
    page = list_page(filters.qs, PAGE_SIZE, request.GET.get("page"), rows=persons)
    for person in page:
        person.shows_id = shows_national_id(request.user, person)
    context = {
        "filters": filters,
        "page": page,
        "shows_ids": any(person.shows_id for person in page),
        "can_register": has_working_centre(request),
    }
    return render_form(request, "clients/person_list.html", context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    editable = can_write(request.user, person.centre)
    memberships = person.group_memberships.visible_to(request.user).select_related(
        "group__village__subdistrict"
    )
    context = {
        "person": person,
        "can_edit": editable,
        "shows_id": shows_national_id(request.user, person),
        "memberships": sorted(memberships, key=lambda m: (m.left_on is not None, m.group.name)),
        "history": history_entries(person.history.all()) if editable else None,
    }
    return render_form(request, "clients/person_detail.html", context)


def _next_url(request: HttpRequest) -> str | None:
    """Where to go after registering someone from another form (e.g. adding a member)."""
    url = request.POST.get("next") or request.GET.get("next")
    return local_path(url, host=request.get_host())


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    centre = working_centre(request)
    form = PersonForm(request.POST or None, instance=Person(centre=centre), user=request.user)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("%(person)s is registered.") % {"person": person})
        return redirect(_next_url(request) or person.get_absolute_url())
    context = {"form": form, "centre": centre, "next": _next_url(request)}
    return render_form(request, "clients/person_form.html", context)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes are saved."))
        return redirect(person)
    context = {"form": form, "centre": person.centre, "person": person}
    return render_form(request, "clients/person_form.html", context)


@login_required
def person_search(request: HttpRequest) -> JsonResponse:
    """Suggestions for the person picker: persons the user may see, by name, phone or ID."""
    text = request.GET.get("q", "").strip()
    if len(text) < 2:
        return JsonResponse({"results": []})
    persons = Person.objects.visible_to(request.user).select_related("village__subdistrict")
    matches = search_persons(persons, text, user=request.user)[:SUGGESTIONS]
    results = [{"label": person_label(p), "key": str(p.pk)} for p in matches]
    return JsonResponse({"results": results})
