"""Background exports of the visit list: a province officer's visits are prepared by the job
(the immediate backend under test), within the province, with the list's filters."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from centres.models import AuditEvent, AuditKind
from reports.models import ExportJob, ExportStatus
from services.models import VisitStatus
from tests.centres.factories import CentreFactory, DistrictFactory
from tests.services.factories import VisitFactory

pytestmark = pytest.mark.date_sensitive

START = reverse("reports:export-start", args=["visits"])
VISIT_LIST = reverse("services:visit-list")


@pytest.fixture
def province_visits(centre_a, centre_b, staff, outsider):
    """Visits at two centres of province 50, and one at centre B (province 40)."""
    today = timezone.localdate()
    second = CentreFactory(
        district=DistrictFactory(code="5002", province=centre_a.district.province)
    )
    mine = [
        VisitFactory(centre=centre_a, created_by=staff, planned_date=today + timedelta(days=n))
        for n in range(3)
    ]
    mine.append(
        VisitFactory(
            centre=second,
            created_by=staff,
            planned_date=today - timedelta(days=2),
            status=VisitStatus.DONE,
        )
    )
    VisitFactory(centre=centre_b, created_by=outsider, title="ออกพื้นที่ศูนย์ข")
    return mine


def export(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(START, {"format": "csv", "query": "", **data})


def download(client, job: ExportJob):
    response = client.get(reverse("reports:export-download", args=[job.pk]))
    return b"".join(response.streaming_content)


def read_csv(content: bytes) -> tuple[list[list[str]], list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    *rows, trailer = list(csv.reader(io.StringIO(text[1:])))
    return rows, trailer


def test_a_province_officer_is_offered_the_background_export_on_the_visit_list(
    client, province_officer, staff
):
    client.force_login(province_officer)
    page = client.get(VISIT_LIST).content.decode()
    assert START in page
    assert reverse("services:visit-export") not in page
    client.force_login(staff)  # a centre's list downloads at once
    page = client.get(VISIT_LIST).content.decode()
    assert START not in page
    assert f"{reverse('services:visit-export')}?format=csv" in page


def test_the_job_writes_the_provinces_visits_with_the_lists_filters(
    client, province_officer, province_visits, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    response = export(client, django_capture_on_commit_callbacks, query="when=all&page=2")

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert (job.kind, job.status, job.query) == ("visits", ExportStatus.DONE, "when=all")
    assert (job.row_count, job.rows_expected) == (4, 4)
    assert job.file.name.endswith(".csv") and "visits" in job.file.name
    rows, trailer = read_csv(download(client, job))
    assert trailer == ["# 4 rows, complete"]
    assert rows[0][0] == "วันที่"
    assert sorted(row[4] for row in rows[1:]) == sorted(v.title for v in province_visits)
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT)
    assert event.what == "visits?when=all (background)"


def test_the_job_applies_the_status_filter_and_writes_an_xlsx(
    client, province_officer, province_visits, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks, format="xlsx", query="when=all&status=done")

    workbook = load_workbook(io.BytesIO(download(client, ExportJob.objects.get())))
    data, summary = workbook.worksheets
    titles = [row[4] for row in data.iter_rows(min_row=2, values_only=True)]
    assert titles == [province_visits[3].title]
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert facts["จำนวนแถวในแผ่นงาน “กิจกรรมให้บริการ”"] == 1
    assert facts["ตัวกรอง: สถานะ"] == "จัดให้บริการแล้ว"
