"""Background exports: start one from a list page, follow it on My exports, download it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.shortcuts import render_form
from reports.access import get_export_for_user, still_in_scope
from reports.actions import ExportRefused, fail_stalled_exports, mark_seen, start_export
from reports.forms import ExportStartForm
from reports.models import ExportJob, ExportKind, ExportStatus

RECENT = 50  # jobs shown on My exports
GONE = 410


@login_required
@require_POST
def export_start(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ExportKind.values:
        raise Http404
    form = ExportStartForm(request.POST)
    if not form.is_valid():
        return render_form(request, "reports/export_refused.html", {"form": form})
    try:
        start_export(
            user=request.user,
            kind=kind,
            fmt=form.cleaned_data["format"],
            query=form.cleaned_data["query"],
        )
    except ExportRefused as refused:
        context = {"form": form, "refused": str(refused)}
        return render(request, "reports/export_refused.html", context, status=409)
    messages.success(
        request, _("Your export is being prepared. It will be listed here when it is ready.")
    )
    return redirect("reports:my-exports")


@login_required
def my_exports(request: HttpRequest) -> HttpResponse:
    fail_stalled_exports(request.user)
    jobs = list(ExportJob.objects.of(request.user)[:RECENT])
    mark_seen(request.user)
    context = {"jobs": jobs, "keep_hours": settings.EXPORT_KEEP_HOURS}
    return render(request, "reports/my_exports.html", context)


@login_required
def export_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One job's row, which htmx fetches again while the job is waiting or running."""
    fail_stalled_exports(request.user)
    job = get_export_for_user(request.user, pk)
    if job.can_download:
        mark_seen(request.user)
    return render(request, "reports/includes/export_row.html", {"job": job})


@login_required
def export_notice(request: HttpRequest) -> HttpResponse:
    """The navbar's badge: how many exports are ready and not yet seen."""
    count = ExportJob.objects.of(request.user).unseen().count()
    return render(request, "reports/includes/export_notice.html", {"count": count})


@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_export_for_user(request.user, pk)
    if not still_in_scope(request.user, job) or job.status != ExportStatus.DONE:
        raise Http404
    if not job.can_download or not default_storage.exists(job.file.name):
        return render(request, "reports/export_gone.html", {"job": job}, status=GONE)
    filename = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(default_storage.open(job.file.name), as_attachment=True, filename=filename)
