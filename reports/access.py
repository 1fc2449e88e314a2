"""One access helper for export jobs (see clients/access.py for the pattern)."""

from django.shortcuts import get_object_or_404

from centres.scoping import visible_centre_ids
from reports.models import ExportJob


def get_export_for_user(user, pk: int) -> ExportJob:
    """The user's own job; another user's answers 404, administrators' included."""
    return get_object_or_404(ExportJob.objects.of(user), pk=pk)


def still_in_scope(user, job: ExportJob) -> bool:
    """Whether the user still sees every centre the file was written for: a provincial officer
    moved to another province can no longer download their old province's file."""
    if job.national:
        return user.is_superuser
    return user.is_superuser or set(job.scope) <= set(visible_centre_ids(user))
