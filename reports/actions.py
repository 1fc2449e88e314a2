"""Background exports: ask for one, run it (the task in reports/tasks.py calls
:func:`run_export_job`), tell its user, and remove the files past their time."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centres.audit import record_event
from centres.models import AuditKind
from centres.scoping import visible_centre_ids
from reports.jobs import LIST_NAMES, Counted, job_source, statement_timeout, write_file
from reports.models import ExportJob, ExportKind, ExportStatus

logger = logging.getLogger(__name__)

MAX_ACTIVE_JOBS = 3  # a user's exports waiting or running at once
ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportRefused(Exception):
    """The export was not started; the message says why, in the user's language."""


def start_export(*, user, kind: str, fmt: str, query: str) -> ExportJob:
    """Queue an export of list ``kind`` with the list's query string, within the centres the
    user sees now; the task is sent once the job is saved."""
    national = user.is_superuser
    scope = [] if national else visible_centre_ids(user)
    if not national and not scope:
        raise ExportRefused(_("You have no centre whose lists you can export."))
    fail_stalled_exports(user)
    if ExportJob.objects.of(user).filter(status__in=ACTIVE).count() >= MAX_ACTIVE_JOBS:
        raise ExportRefused(
            _("You already have %(count)d exports being prepared: wait until one is ready.")
            % {"count": MAX_ACTIVE_JOBS}
        )
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user, kind=kind, format=fmt, query=query, scope=scope, national=national
        )
        name = LIST_NAMES[ExportKind(kind)]
        what = f"{name}?{query}" if query else name
        record_event(kind=AuditKind.EXPORT, user=user, what=f"{what} (background)")
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from reports.tasks import run_export  # the task module imports this one

    run_export.enqueue(job_id)


def run_export_job(job_id: int) -> ExportJob | None:
    """Write the job's file, reporting progress as it goes; a job that is not waiting (run
    already, or by another worker) is left alone."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        _write(job)
    except Exception:
        logger.exception("Background export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    try:
        _tell(job)
    except Exception:  # the file is there all the same: My exports and the badge say so
        logger.exception("The e-mail about background export %s was not sent", job_id)
    return job


def _write(job: ExportJob) -> None:
    source = job_source(job)
    progress = ExportJob.objects.filter(pk=job.pk)
    with statement_timeout(source.rows.db, settings.EXPORT_STATEMENT_TIMEOUT_MS):
        if not job.national:  # the centre index serves a province's count; a nation's is a scan
            job.rows_expected = source.rows.count()
            progress.update(rows_expected=job.rows_expected)
        rows = Counted(
            source.sheet.rows,
            lambda n: progress.update(rows_written=n, heartbeat_at=timezone.now()),
        )
        source.sheet.rows = rows
        name, size = write_file(job, source)
    finished = timezone.now()
    job.file.name = name
    job.size, job.row_count, job.rows_written = size, rows.count, rows.count
    job.status, job.finished_at = ExportStatus.DONE, finished
    job.expires_at = finished + timedelta(hours=settings.EXPORT_KEEP_HOURS)
    fields = ["file", "size", "row_count", "rows_written", "status", "finished_at", "expires_at"]
    job.save(update_fields=fields)


def _tell(job: ExportJob) -> None:
    """A Thai e-mail with the link to My exports (the navbar's badge shows it too)."""
    if not job.user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "job": job,
            "link": settings.PORTAL_URL + reverse("reports:my-exports"),
        }
        subject = _("Your export is ready: %(list)s") % {"list": job.get_kind_display()}
        body = render_to_string("reports/email/export_ready.txt", context)
    EmailMessage(subject, body, None, [job.user.email]).send()


def mark_seen(user) -> int:
    """The user opened My exports: their ready exports no longer make the badge."""
    return ExportJob.objects.of(user).unseen().update(seen_at=timezone.now())


def fail_stalled_exports(user=None, now: datetime | None = None) -> int:
    """Mark as failed the exports whose worker stopped mid-way (killed, or its machine gone):
    their users see it, can ask again, and the job no longer holds one of their places. Run by
    ``clear_expired_exports`` and whenever a user looks at their exports; ``user`` narrows it to
    theirs."""
    jobs = ExportJob.objects.all() if user is None else ExportJob.objects.of(user)
    stalled = list(jobs.stalled(now).values_list("pk", flat=True))
    if stalled:
        logger.warning("Background exports %s stopped giving progress: marked failed", stalled)
        ExportJob.objects.filter(pk__in=stalled, status=ExportStatus.RUNNING).update(
            status=ExportStatus.FAILED, finished_at=now or timezone.now()
        )
    return len(stalled)


def clear_expired_exports(now: datetime | None = None) -> int:
    """Remove the files of the exports past their time; the jobs stay listed as expired."""
    cleared = 0
    for job in ExportJob.objects.expired(now).only("pk", "file"):
        default_storage.delete(job.file.name)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        cleared += 1
    return cleared
