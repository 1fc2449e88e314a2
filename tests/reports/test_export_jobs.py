"""Background exports (reports/jobs.py, actions.py, views.py): a province's or the country's
list is prepared by a task (the immediate backend under test: it runs in the request), kept on
the default storage, listed on My exports with its progress, downloaded while it is kept and
while the user still sees its centres, then removed."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from centres.models import AuditEvent, AuditKind, Membership
from reports.actions import (
    clear_expired_exports,
    fail_stalled_exports,
    run_export_job,
    start_export,
)
from reports.jobs import Counted, statement_timeout
from reports.models import ExportJob, ExportStatus
from tests.centres.factories import CentreFactory, DistrictFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory

MY_EXPORTS = reverse("reports:my-exports")


def start_url(kind: str = "requests") -> str:
    return reverse("reports:export-start", args=[kind])


@pytest.fixture
def province_requests(centre_a, centre_b, staff, outsider):
    """Requests at two centres of province 50, and one at centre B (province 40)."""
    second = CentreFactory(
        district=DistrictFactory(code="5002", province=centre_a.district.province)
    )
    mine = [ServiceRequestFactory(centre=centre_a, received_by=staff) for _ in range(3)]
    mine.append(ServiceRequestFactory(centre=second, received_by=staff))
    ServiceRequestFactory(centre=centre_b, received_by=outsider, subject="คำขอศูนย์ข")
    return mine


def export(client, django_capture_on_commit_callbacks, kind="requests", **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(start_url(kind), {"format": "csv", "query": "", **data})


def download(client, job: ExportJob):
    return client.get(reverse("reports:export-download", args=[job.pk]))


def read_csv(response) -> tuple[list[list[str]], list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    *rows, trailer = list(csv.reader(io.StringIO(text[1:])))
    return rows, trailer


# The job end to end


def test_it_prepares_a_provinces_csv_and_lets_its_user_download_it(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    response = export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response.url == MY_EXPORTS
    job = ExportJob.objects.get()
    assert (job.user, job.kind, job.format, job.status) == (
        province_officer,
        "requests",
        "csv",
        ExportStatus.DONE,
    )
    assert job.national is False and len(job.scope) == 2
    assert (job.row_count, job.rows_written, job.rows_expected) == (4, 4, 4)
    assert job.size == default_storage.size(job.file.name)
    assert job.file.name.startswith(f"private/exports/{province_officer.pk}/")
    assert job.expires_at > timezone.now() + timedelta(hours=71)
    rows, trailer = read_csv(download(client, job))
    assert trailer == ["# 4 rows, complete"]
    assert rows[0][0] == "เลขที่คำขอ"
    assert sorted(row[0] for row in rows[1:]) == sorted(r.reference for r in province_requests)


def test_it_writes_the_lists_filters_into_the_file(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    wanted = province_requests[0]

    export(client, django_capture_on_commit_callbacks, query=f"q={wanted.reference}&page=3")

    job = ExportJob.objects.get()
    assert job.query == f"q={wanted.reference}"  # the page number is the page's, not the file's
    rows, trailer = read_csv(download(client, job))
    assert [row[0] for row in rows[1:]] == [wanted.reference]
    assert trailer == ["# 1 rows, complete"]


def test_it_prepares_an_xlsx_with_its_summary_sheet(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks, format="xlsx")

    response = download(client, ExportJob.objects.get())
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, summary = workbook.worksheets
    assert data.max_row == 5  # the header and four requests
    facts = {row[0]: row[1] for row in summary.iter_rows(values_only=True)}
    assert facts["จำนวนแถวในแผ่นงาน “คำขอรับบริการ”"] == 4
    assert facts["สถานะไฟล์"] == "ครบถ้วน (complete)"


def test_it_exports_an_administrators_whole_country_of_groups(
    client, admin_user, centre_a, centre_b, django_capture_on_commit_callbacks
):
    ClientGroupFactory(centre=centre_a)
    ClientGroupFactory(centre=centre_b)
    client.force_login(admin_user)

    export(client, django_capture_on_commit_callbacks, kind="groups")

    job = ExportJob.objects.get()
    assert job.national is True and job.scope == []
    assert job.rows_expected is None  # not counted beforehand: a nation's count is a scan
    rows, trailer = read_csv(download(client, job))
    assert len(rows) == 3 and trailer == ["# 2 rows, complete"]


def test_it_exports_persons_without_id_numbers_for_a_provincial_officer(
    client, province_officer, centre_a, django_capture_on_commit_callbacks
):
    PersonFactory(centre=centre_a, national_id="1101700230705")
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks, kind="persons")

    rows, trailer = read_csv(download(client, ExportJob.objects.get()))
    assert trailer == ["# 1 rows, complete"]
    assert "1101700230705" not in "".join(rows[1]) and "เลขประจำตัวประชาชน" not in rows[0]


def test_it_records_the_export_in_the_access_trail(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks, query="status=open")

    event = AuditEvent.objects.get(kind=AuditKind.EXPORT)
    assert event.user == province_officer and event.what.startswith("service-requests?status=open")


# Progress


def test_it_reports_progress_every_so_many_rows():
    reported = []
    rows = Counted(iter([[n] for n in range(7)]), reported.append)
    rows.every = 3

    assert list(rows) == [[n] for n in range(7)]
    assert reported == [3, 6] and rows.count == 7


def test_it_updates_the_jobs_progress_while_it_writes(
    client, province_officer, province_requests, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    monkeypatch.setattr("reports.jobs.PROGRESS_EVERY", 2)
    original = Counted.__iter__

    def watching(self):
        for row in original(self):
            seen.append(
                ExportJob.objects.values_list("status", "rows_written", "heartbeat_at").get()
            )
            yield row

    monkeypatch.setattr(Counted, "__iter__", watching)
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks)

    assert [row[:2] for row in seen] == [
        ("running", 0),
        ("running", 0),
        ("running", 2),
        ("running", 2),
    ]
    started, *_, after_progress = [row[2] for row in seen]
    assert started is not None and after_progress > started  # each report is a sign of life


def test_it_shows_a_running_jobs_progress_and_polls_for_more(client, province_officer):
    job = ExportJob.objects.create(
        user=province_officer,
        kind="requests",
        format="csv",
        status=ExportStatus.RUNNING,
        rows_written=300,
        rows_expected=1000,
    )
    client.force_login(province_officer)

    response = client.get(reverse("reports:export-row", args=[job.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="30"' in html and "hx-trigger" in html
    assert "300" in html and "1000" in html
    assert reverse("reports:export-download", args=[job.pk]) not in html


def test_it_stops_polling_and_offers_the_download_once_done(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    export(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()

    html = client.get(reverse("reports:export-row", args=[job.pk])).content.decode()

    assert "hx-trigger" not in html
    assert reverse("reports:export-download", args=[job.pk]) in html


def test_it_marks_a_job_that_fails_as_failed(
    client, province_officer, province_requests, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.actions.write_file", broken)
    client.force_login(province_officer)

    response = export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.FAILED and not job.file
    assert download(client, job).status_code == 404
    assert 'data-status="failed"' in client.get(MY_EXPORTS).content.decode()


def _timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout")
def test_it_runs_a_job_under_its_own_statement_timeout_then_restores_the_connections(db):
    before = _timeout()

    with statement_timeout("default", 3_600_000):
        during = _timeout()

    assert during == "1h"
    assert _timeout() == before


# Scoping


def test_it_answers_404_for_another_users_job(
    client, province_officer, admin_user, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    export(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()

    client.force_login(admin_user)  # not even an administrator downloads another's file

    assert download(client, job).status_code == 404
    assert client.get(reverse("reports:export-row", args=[job.pk])).status_code == 404
    assert f'id="export-{job.pk}"' not in client.get(MY_EXPORTS).content.decode()


def test_it_answers_404_to_another_centres_user(client, outsider, province_officer, db):
    job = ExportJob.objects.create(user=province_officer, kind="requests", format="csv")
    client.force_login(outsider)

    assert download(client, job).status_code == 404
    assert client.get(reverse("reports:export-row", args=[job.pk])).status_code == 404


def test_it_refuses_the_download_to_a_user_who_lost_the_province(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    export(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    Membership.objects.filter(user=province_officer).delete()

    assert download(client, job).status_code == 404


def test_it_leaves_out_the_rows_of_a_centre_the_user_no_longer_sees(
    client, staff, centre_a, centre_b, django_capture_on_commit_callbacks
):
    ServiceRequestFactory(centre=centre_a, received_by=staff)
    with django_capture_on_commit_callbacks(execute=False):
        job = start_export(user=staff, kind="requests", fmt="csv", query="")
    job.scope = [centre_b.pk]  # a scope the user does not see (any more)
    job.save()

    run_export_job(job.pk)

    job.refresh_from_db()
    assert job.row_count == 0


def test_it_refuses_a_user_who_sees_no_centre(client, nobody, django_capture_on_commit_callbacks):
    client.force_login(nobody)

    response = export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 409
    assert not ExportJob.objects.exists()


def test_it_refuses_more_than_three_exports_waiting_at_once(
    client, province_officer, django_capture_on_commit_callbacks
):
    for _ in range(3):
        ExportJob.objects.create(user=province_officer, kind="requests", format="csv")
    client.force_login(province_officer)

    response = export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 409
    assert ExportJob.objects.count() == 3


# A worker stopped mid-way


def running_job(user, last_progress: timedelta) -> ExportJob:
    moment = timezone.now() - last_progress
    return ExportJob.objects.create(
        user=user,
        kind="requests",
        format="csv",
        status=ExportStatus.RUNNING,
        started_at=moment,
        heartbeat_at=moment,
    )


def test_it_fails_a_job_whose_worker_stopped_and_gives_its_place_back(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    stalled = running_job(province_officer, timedelta(minutes=76))
    slow = [running_job(province_officer, timedelta(minutes=70)) for _ in range(2)]
    client.force_login(province_officer)

    response = export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302  # three were running, one of them no longer is
    stalled.refresh_from_db()
    assert stalled.status == ExportStatus.FAILED and stalled.finished_at is not None
    assert {job.status for job in ExportJob.objects.filter(pk__in=[j.pk for j in slow])} == {
        ExportStatus.RUNNING
    }
    row = client.get(reverse("reports:export-row", args=[stalled.pk])).content.decode()
    assert 'data-status="failed"' in row and "hx-trigger" not in row


def test_my_exports_shows_a_stalled_job_as_failed(client, province_officer):
    stalled = running_job(province_officer, timedelta(hours=3))
    client.force_login(province_officer)

    html = client.get(MY_EXPORTS).content.decode()

    assert 'data-status="failed"' in html
    stalled.refresh_from_db()
    assert stalled.status == ExportStatus.FAILED


def test_the_hourly_command_fails_the_stalled_jobs_of_every_user(province_officer, staff):
    stalled = running_job(staff, timedelta(hours=2))
    alive = running_job(province_officer, timedelta(minutes=10))
    out = io.StringIO()

    call_command("clear_expired_exports", stdout=out)

    with translation.override("th"):  # the command writes the portal's language
        said = translation.gettext(
            "%(cleared)s expired export files removed, %(stalled)s stalled marked failed."
        )
    assert out.getvalue().strip() == said % {"cleared": 0, "stalled": 1}
    assert ExportJob.objects.get(pk=stalled.pk).status == ExportStatus.FAILED
    assert ExportJob.objects.get(pk=alive.pk).status == ExportStatus.RUNNING
    assert fail_stalled_exports() == 0


def test_a_job_the_worker_finishes_late_is_done_after_all(
    province_officer, province_requests, monkeypatch
):
    """A worker that was only slow (marked failed meanwhile) still delivers its file."""
    job = ExportJob.objects.create(user=province_officer, kind="requests", format="csv")
    original = Counted.__iter__

    def stalling(self):
        ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=2))
        assert fail_stalled_exports() == 1
        yield from original(self)

    monkeypatch.setattr(Counted, "__iter__", stalling)

    run_export_job(job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.can_download


# Expiry


def test_it_answers_410_for_an_expired_file_and_the_command_removes_it(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    export(client, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    name = job.file.name
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    gone = download(client, job)
    out = io.StringIO()
    call_command("clear_expired_exports", stdout=out)

    assert gone.status_code == 410
    assert "ไม่ได้เก็บไว้แล้ว" in gone.content.decode()
    assert not default_storage.exists(name)
    job.refresh_from_db()
    assert not job.file and "1" in out.getvalue()
    assert download(client, job).status_code == 410
    assert clear_expired_exports() == 0


def test_it_keeps_the_files_still_in_their_time(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    export(client, django_capture_on_commit_callbacks)

    assert clear_expired_exports() == 0
    assert download(client, ExportJob.objects.get()).status_code == 200


# The notice and the e-mail


def test_it_mails_the_user_in_thai_when_the_file_is_ready(
    client, province_officer, province_requests, settings, django_capture_on_commit_callbacks
):
    province_officer.email = "officer@example.go.th"
    province_officer.save()
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks)

    (message,) = mail.outbox  # one, to the user who asked
    assert message.to == ["officer@example.go.th"]
    assert "พร้อม" in message.subject
    assert settings.PORTAL_URL + MY_EXPORTS in message.body
    assert "ไฟล์ส่งออกของฉัน" in message.body


def test_it_mails_nobody_when_the_user_has_no_address(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks)

    assert ExportJob.objects.get().status == ExportStatus.DONE
    assert mail.outbox == []


def test_it_keeps_the_file_ready_when_the_mail_server_is_down(
    client, province_officer, province_requests, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError("smtp")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    province_officer.email = "officer@example.go.th"
    province_officer.save()
    client.force_login(province_officer)

    export(client, django_capture_on_commit_callbacks)

    assert ExportJob.objects.get().status == ExportStatus.DONE


def test_it_shows_a_badge_until_the_user_opens_my_exports(
    client, province_officer, province_requests, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)
    notice = reverse("reports:export-notice")
    before = client.get(notice).content.decode()
    export(client, django_capture_on_commit_callbacks)

    ready = client.get(notice).content.decode()
    client.get(MY_EXPORTS)
    after = client.get(notice).content.decode()

    assert "btn-warning" not in before
    assert "btn-warning" in ready and "1" in ready
    assert "btn-warning" not in after


def test_the_navbar_loads_the_badge_after_the_page(client, staff):
    client.force_login(staff)

    html = client.get(reverse("services:request-list")).content.decode()

    assert f'hx-get="{reverse("reports:export-notice")}"' in html


# The list pages' buttons


def test_it_offers_a_centres_staff_the_direct_download(client, staff):
    client.force_login(staff)

    html = client.get(reverse("services:request-list")).content.decode()

    assert reverse("services:request-export") + "?format=csv" in html
    assert start_url() not in html


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("services:request-list", "requests"),
        ("clients:group-list", "groups"),
        ("clients:person-list", "persons"),
    ],
)
def test_it_offers_a_province_the_background(client, province_officer, page, kind):
    client.force_login(province_officer)

    html = client.get(reverse(page), {"q": "ผ้า", "page": "1"}).content.decode()

    assert f'action="{start_url(kind)}"' in html
    assert 'name="query" value="q=%E0%B8%9C%E0%B9%89%E0%B8%B2' in html


# Hostile input


def test_it_answers_404_to_an_unknown_list(client, province_officer):
    client.force_login(province_officer)

    assert client.post(start_url("visits-of-mars"), {"format": "csv"}).status_code == 404


def test_it_refuses_a_get_to_start_an_export(client, province_officer):
    client.force_login(province_officer)

    assert client.get(start_url()).status_code == 405


@pytest.mark.parametrize(
    "data",
    [
        {"format": "pdf", "query": ""},
        {"format": "", "query": ""},
        {"format": "csv", "query": "q=" + "ก" * 3000},
    ],
)
def test_it_refuses_bad_input_with_422(client, province_officer, data):
    client.force_login(province_officer)

    response = client.post(start_url(), data)

    assert response.status_code == 422
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["q=%00%01", "status=nonsense&service_type=99999999999999999999", "q=" + "๓" * 500, "%%%"],
)
def test_it_never_fails_on_hostile_filters(
    client, province_officer, province_requests, query, django_capture_on_commit_callbacks
):
    client.force_login(province_officer)

    response = export(client, django_capture_on_commit_callbacks, query=query)

    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE
    assert "\x00" not in job.query


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    response = client.get(MY_EXPORTS)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# Query counts


@pytest.mark.parametrize("jobs", [3, 12])
def test_my_exports_runs_the_same_queries_for_3_and_12_jobs(
    client, province_officer, jobs, django_assert_num_queries
):
    for n in range(jobs):
        ExportJob.objects.create(
            user=province_officer,
            kind="requests",
            format="csv",
            status=[ExportStatus.QUEUED, ExportStatus.DONE, ExportStatus.FAILED][n % 3],
            file="private/exports/x.csv" if n % 3 == 1 else "",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    client.force_login(province_officer)
    client.get(MY_EXPORTS)  # the session's first read

    with django_assert_num_queries(6):  # the same six, whatever the number of jobs
        response = client.get(MY_EXPORTS)

    assert response.status_code == 200
