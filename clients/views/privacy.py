"""PDPA views: reveal a national ID on purpose, and an administrator's export of a person's data."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from clients.access import get_person_for_user
from clients.models import Person
from clients.privacy import (
    can_reveal_national_id,
    export_person_data,
    remember_reveal,
    reveal_national_id,
)


@login_required
@require_POST
def person_reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    if not can_reveal_national_id(request.user, person):
        raise PermissionDenied
    national_id = reveal_national_id(person=person, by=request.user)
    if request.headers.get("HX-Request"):
        return render(
            request, "clients/includes/national_id_revealed.html", {"national_id": national_id}
        )
    remember_reveal(request, person)
    return redirect(person)


@login_required
@require_GET
def person_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    """All the portal holds on one person, as a JSON download: administrators only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    person = get_object_or_404(Person.objects.with_place(), pk=pk)
    data = export_person_data(person=person, by=request.user)
    return json_download(data, filename=f"person-{person.pk}-data.json")


def json_download(data: dict | list, *, filename: str) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
