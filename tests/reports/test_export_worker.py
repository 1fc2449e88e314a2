"""A background export run by a real, separate worker process (`manage.py db_worker`) through
the database queue, on PostgreSQL: the rest of the suite runs tasks in the request (the
immediate backend).

CI starts the worker (.ci/run: it waits for this run's test database, then runs db_worker on it
for one task) and says where it writes its files in TASK_WORKER_MEDIA_ROOT; without it, this
module is skipped. The test commits (transaction=True) so that the worker sees the job.
"""

import csv
import io
import os
import time

import pytest
from django.db import connection
from django.urls import reverse

from reports.models import ExportJob, ExportStatus
from tests.services.factories import ServiceRequestFactory

WORKER_MEDIA_ROOT = os.environ.get("TASK_WORKER_MEDIA_ROOT", "")
WAIT_SECONDS = 60

pytestmark = [
    pytest.mark.skipif(
        not WORKER_MEDIA_ROOT or connection.vendor != "postgresql",
        reason="needs PostgreSQL and the worker that .ci/run starts (TASK_WORKER_MEDIA_ROOT)",
    ),
    # serialized_rollback like the other transactional tests (tests/portal/test_replica.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _wait_until_finished(job: ExportJob) -> list[tuple[str, int]]:
    """The (status, rows written) seen while waiting for the worker, until the job ends."""
    seen = []
    deadline = time.perf_counter() + WAIT_SECONDS
    while time.perf_counter() < deadline:
        job.refresh_from_db()
        seen.append((job.status, job.rows_written))
        if job.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return seen
        time.sleep(0.1)
    pytest.fail(f"the worker did not finish export job {job.pk} in {WAIT_SECONDS} s: {seen[-3:]}")


def test_a_separate_worker_process_writes_the_file_that_the_user_downloads(
    client, province_officer, centre_a, staff, settings
):
    settings.MEDIA_ROOT = WORKER_MEDIA_ROOT  # where the worker writes
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    requests = [ServiceRequestFactory(centre=centre_a, received_by=staff) for _ in range(5)]
    client.force_login(province_officer)

    response = client.post(reverse("reports:export-start", args=["requests"]), {"format": "csv"})

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED  # not run here: the worker takes it
    seen = _wait_until_finished(job)
    assert job.status == ExportStatus.DONE, seen
    assert (job.row_count, job.rows_expected) == (5, 5)
    download = client.get(reverse("reports:export-download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8")
    *rows, trailer = list(csv.reader(io.StringIO(text[1:])))
    assert trailer == ["# 5 rows, complete"]
    assert sorted(row[0] for row in rows[1:]) == sorted(r.reference for r in requests)
