"""Landing after login, the list of visible centres, and a centre's home page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from centres.forms import subdistrict_label
from centres.models import WRITE_ROLES, Centre, Role, Subdistrict
from centres.scoping import (
    CURRENT_CENTRE_KEY,
    compared_provinces,
    get_centre_for_user,
    remember_centre,
    role_at,
    roles_of,
)
from portal.lib.paging import list_page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send staff and heads to their work list (My work), committee members to their committee
    home, provincial officers to the comparison of their province's centres; others to the
    centre they worked in last, or their first centre, or the list of centres."""
    roles = roles_of(request.user)
    if any(role in WRITE_ROLES for role in roles.by_centre.values()):
        return redirect("services:my-work")  # a URL name: centres imports nothing of services
    if Role.COMMITTEE in roles.by_centre.values():
        return redirect("committees:home")  # the member's home: cases waiting for my opinion
    if roles.provinces and not roles.by_centre:  # a provincial officer: their centres compared
        return redirect("reports:province", code=compared_provinces(request.user)[0])
    code = request.session.get(CURRENT_CENTRE_KEY)
    if code and Centre.objects.visible_to(request.user).filter(district_id=code).exists():
        return redirect("centres:centre-home", code=code)
    first = None
    if roles.by_centre:  # no query when the user has no centre
        first = Centre.objects.filter(pk__in=roles.by_centre).order_by("district").first()
    if first is not None:
        return redirect(first)
    if roles.provinces or request.user.is_superuser:
        return redirect("centres:centre-list")
    return render(request, "centres/no_access.html")


@login_required
def centre_list(request: HttpRequest) -> HttpResponse:
    centres = Centre.objects.visible_to(request.user).order_by("district")
    query = request.GET.get("q", "").strip()
    if query:
        centres = centres.search(query)
    page = list_page(centres, 50, request.GET.get("page"))
    return render(request, "centres/centre_list.html", {"page": page, "query": query})


@login_required
def centre_home(request: HttpRequest, code: str) -> HttpResponse:
    centre = get_centre_for_user(request.user, code)
    remember_centre(request, centre)  # where they work now, and land at the next login
    role = role_at(request.user, centre)
    context = {
        "centre": centre,
        "role": role,
        "role_label": Role(role).label if role else "",
        "today": timezone.localdate(),
    }
    return render(request, "centres/centre_home.html", context)


@login_required
def subdistrict_search(request: HttpRequest) -> JsonResponse:
    """Suggestions for the village picker: up to 20 subdistricts matching the typed text.

    Geography is public, so this is not scoped; it still needs a login like every page.
    """
    text = request.GET.get("q", "").strip()
    if len(text) < 2:
        return JsonResponse({"results": []})
    matches = Subdistrict.objects.search(text).select_related("district__province")[:20]
    return JsonResponse({"results": [subdistrict_label(s) for s in matches]})
