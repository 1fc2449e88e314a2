"""Who may open what in reports: a province's comparison (its officers and the administrators),
the national page (the administrators), an export job (its owner, while its centres are still
visible). Anyone else gets 404: the page does not reveal that it exists."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from centres.models import Province
from centres.scoping import sees_province, sees_the_country, visible_centre_ids
from reports.models import ExportJob


def get_province_for_user(user, code: str) -> Province:
    if not sees_province(user, code):
        raise Http404
    return get_object_or_404(Province, code=code)


def require_national(user) -> None:
    if not sees_the_country(user):
        raise Http404


def get_export_for_user(user, pk: int) -> ExportJob:
    """The user's own job; another user's answers 404, administrators' included."""
    return get_object_or_404(ExportJob.objects.of(user), pk=pk)


def still_in_scope(user, job: ExportJob) -> bool:
    """Whether the user still sees every centre the file was written for: a provincial officer
    moved to another province can no longer download their old province's file."""
    if job.national:
        return user.is_superuser
    return user.is_superuser or set(job.scope) <= set(visible_centre_ids(user))
