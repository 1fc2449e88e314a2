"""Who may open the comparison pages: a province's officers and the administrators see its
comparison; only the administrators see the national page. Anyone else gets 404 (the page does
not reveal that it exists), as for a centre of another province."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from centres.models import Province
from centres.scoping import sees_province, sees_the_country


def get_province_for_user(user, code: str) -> Province:
    if not sees_province(user, code):
        raise Http404
    return get_object_or_404(Province, code=code)


def require_national(user) -> None:
    if not sees_the_country(user):
        raise Http404
