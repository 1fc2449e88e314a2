"""Issue 12's background export in real Chromium: the provincial officer asks for the request
list as CSV from the list page, follows the job on My exports (htmx polls its row while it
waits and runs), goes on working, sees the navbar's badge when it is ready, opens My exports
from it and downloads the file.

The tasks run on django-tasks' dummy backend here, which queues without running, so that the
test can show the job waiting and part-way before it runs it (as a worker would) in the test."""

import re

import pytest
from playwright.sync_api import expect

from reports.actions import run_export_job
from reports.models import ExportJob, ExportStatus
from tests.browser.helpers import log_in, shoot
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.browser


def test_a_provincial_officer_prepares_an_export_follows_it_and_downloads_it(
    new_context, province_officer, centre_a, staff, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    requests = [ServiceRequestFactory(centre=centre_a, received_by=staff) for _ in range(4)]
    page = new_context().new_page()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, province_officer.username)

    page.goto("/services/requests/")
    page.locator("main form[action='/reports/exports/start/requests/']").filter(
        has=page.locator("input[name=format][value=csv]")
    ).locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/reports/exports/$"))
    job = ExportJob.objects.get()
    row = page.locator(f"#export-{job.pk}")
    expect(row).to_have_attribute("data-status", "queued")
    expect(row.locator("progress")).to_be_visible()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, rows_written=2, rows_expected=4
    )
    expect(row.locator("progress")).to_have_attribute("value", "50")  # htmx polled the row
    shoot(page, "export-running")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED, rows_written=0)

    page.goto("/services/requests/")  # the officer goes on working meanwhile

    run_export_job(job.pk)  # what the worker does

    page.reload()
    expect(page.locator("#export-notice.btn-warning")).to_be_visible()  # ready, not yet seen
    page.locator("#export-notice").click()
    expect(page).to_have_url(re.compile(r"/reports/exports/$"))
    expect(row).to_have_attribute("data-status", "done")
    shoot(page, "export-ready")
    with page.expect_download() as waiting:
        page.locator(f"#export-{job.pk} a[href$='/download/']").click()
    path = tmp_path / "export.csv"
    waiting.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.rstrip().endswith('"# 4 rows, complete"')
    assert all(r.reference in text for r in requests)
    expect(page.locator("#export-notice.btn-warning")).to_have_count(0)
    assert not errors, errors
