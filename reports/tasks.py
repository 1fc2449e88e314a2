"""The background tasks (Django's tasks API through the django-tasks backport; the backend is
settings.TASKS: immediate locally and under test, the database queue with `manage.py db_worker`
in production, docs/decisions.md)."""

from django_tasks import task

from reports.actions import run_export_job


@task()
def run_export(job_id: int) -> int | None:
    """Write export job ``job_id``'s file; returns the rows written (None if not run)."""
    job = run_export_job(job_id)
    return job.row_count if job else None
