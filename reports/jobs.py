"""What a background export writes: the raw lists' own sheets (services.exports,
clients.exports), read with the filters the user had on the list, within the centres they
could see when they asked, into a file on the default storage.

Who gets the background: users whose lists span a province or the whole country
(:func:`runs_in_background`); a centre's list streams in one request as before.
"""

import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone, translation

from centres.scoping import roles_of
from clients.exports import group_export_queryset, group_sheet, person_export_queryset, person_sheet
from clients.filters import GroupFilter, PersonFilter
from clients.models import ClientGroup, Person
from portal.db import reporting_db
from portal.filtering import bind_filters, described_filters
from portal.lib.spreadsheets import SheetData, csv_lines, export_filename, write_xlsx
from reports.models import ExportFormat, ExportJob, ExportKind
from services.exports import request_sheet, visit_sheet
from services.filters import RequestFilter
from services.models import ServiceRequest, Visit
from services.visit_forms import visit_filters

PROGRESS_EVERY = 5000  # rows between two updates of a job's progress
# The list's name in the access trail and in the file name, as the web exports write them.
LIST_NAMES = {
    ExportKind.REQUESTS: "service-requests",
    ExportKind.GROUPS: "client-groups",
    ExportKind.PERSONS: "persons",
    ExportKind.VISITS: "visits",
}


def runs_in_background(user) -> bool:
    """Province and national users export in the background: their lists run to hundreds of
    thousands of rows, more than one request should hold a worker for."""
    return user.is_superuser or bool(roles_of(user).provinces)


@dataclass
class Source:
    rows: QuerySet  # the filtered list, counted for the progress
    sheet: SheetData
    filters: object


def _requests(user, base: QuerySet, data: QueryDict | None) -> Source:
    filters, _dropped = bind_filters(data, lambda d: RequestFilter(d, queryset=base, user=user))
    rows = filters.qs.using(reporting_db())
    return Source(rows, request_sheet(rows), filters)


def _groups(user, base: QuerySet, data: QueryDict | None) -> Source:
    filters, _dropped = bind_filters(data, lambda d: GroupFilter(d, queryset=base, user=user))
    rows = filters.qs.using(reporting_db())
    return Source(rows, group_sheet(group_export_queryset(rows)), filters)


def _persons(user, base: QuerySet, data: QueryDict | None) -> Source:
    filters, _dropped = bind_filters(data, lambda d: PersonFilter(d, queryset=base, user=user))
    rows = filters.qs.using(reporting_db())
    return Source(rows, person_sheet(person_export_queryset(rows), user=user), filters)


def _visits(user, base: QuerySet, data: QueryDict | None) -> Source:
    today = timezone.localdate()  # "upcoming" and "past" as of when the job runs
    filters, _dropped = bind_filters(data, visit_filters(user, today))
    rows = filters.apply(base, today).using(reporting_db())
    return Source(rows, visit_sheet(rows), filters)


_SOURCES: dict[str, tuple[Callable, Callable[[], QuerySet]]] = {
    ExportKind.REQUESTS: (_requests, lambda: ServiceRequest.objects),
    ExportKind.GROUPS: (_groups, lambda: ClientGroup.objects),
    ExportKind.PERSONS: (_persons, lambda: Person.objects),
    ExportKind.VISITS: (_visits, lambda: Visit.objects),
}


def job_source(job: ExportJob) -> Source:
    """The job's list as its user may see it now, narrowed to the centres of the job's scope
    (a user who lost a centre since asking gets none of its rows)."""
    build, manager = _SOURCES[job.kind]
    base = manager().visible_to(job.user)
    if not job.national:
        base = base.filter(centre_id__in=job.scope)
    return build(job.user, base, QueryDict(job.query, mutable=True) if job.query else None)


class Counted:
    """The rows unchanged, counted, calling ``report(n)`` after every ``every`` rows."""

    def __init__(self, rows: Iterable[list], report: Callable[[int], None]) -> None:
        self.rows, self.report = rows, report
        self.every, self.count = PROGRESS_EVERY, 0

    def __iter__(self) -> Iterator[list]:
        for row in self.rows:
            yield row
            self.count += 1
            if self.count % self.every == 0:
                self.report(self.count)


@contextmanager
def statement_timeout(alias: str, milliseconds: int):
    """A long job's own limit on PostgreSQL (the web's is far shorter; a worker's command has
    none), restored afterwards since the connection is kept."""
    connection = connections[alias]
    if connection.vendor != "postgresql" or not milliseconds:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [before])


def write_file(job: ExportJob, source: Source) -> tuple[str, int]:
    """Write the source's sheet into the job's file; return its storage name and size."""
    sheet = source.sheet
    with tempfile.TemporaryFile() as file:
        if job.format == ExportFormat.CSV:
            for chunk in csv_lines(sheet.headers, sheet.rows, trailer=True):
                file.write(chunk.encode("utf-8"))
        else:
            with translation.override("th"):  # the file's words are Thai, like its headers
                described = described_filters(source.filters)
            write_xlsx(file, [sheet], filters=described)
        size = file.tell()
        file.seek(0)
        filename = export_filename(LIST_NAMES[ExportKind(job.kind)], job.format)
        # A folder per user and an unguessable one per file; the storage is never served.
        name = f"private/exports/{job.user_id}/{secrets.token_hex(8)}/{filename}"
        return default_storage.save(name, File(file, name=filename)), size
