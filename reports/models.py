"""The roll-ups the dashboards read: figures per centre, fiscal year and month, kept current in
the same transaction as the change they count (reports/maintenance.py), never read from the
raw tables by a page. The counting rules are in reports/rules.py and docs/counting-rules.md."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre

WHOLE_YEAR = 0  # the month of a whole fiscal year's figure; 1 = October … 12 = September
NOW = 0  # the "fiscal year" of the registry as it stands now (groups, persons, products)


class Tally(models.Model):
    """One figure (``measure``, e.g. ``requests.received``) of one centre for one month of a
    fiscal year, or for the whole year (month 0). Only figures that are not zero are stored.
    Fiscal year 0 (``NOW``), month 0, holds the registry as it stands now."""

    # The unique (centre, fiscal_year, month, measure) serves lookups by centre.
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+", db_index=False)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    month = models.PositiveSmallIntegerField(_("month of the fiscal year"))
    measure = models.CharField(_("figure"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("roll-up figure")
        verbose_name_plural = _("roll-up figures")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "fiscal_year", "month", "measure"], name="tally_unique_cell"
            ),
            models.CheckConstraint(condition=models.Q(month__lte=12), name="tally_month_0_to_12"),
        ]
        # A centre's page reads the unique index (centre first); a province's the same for
        # its centre ids; the national page this one (one fiscal year, one month, a few figures).
        indexes = [
            models.Index(
                fields=["fiscal_year", "month", "measure", "centre"], name="tally_national"
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.fiscal_year}/{self.month} {self.measure}={self.value}"


class Backlog(models.Model):
    """A centre's open requests now, by due date: "open now" and "overdue now" (due before
    today) are sums of these rows, so no page counts the requests themselves. The requests
    already overdue when the centre was last recounted share one row, dated the day before
    that recount (reports.rules.backlog_of)."""

    # The unique (centre, due_date) serves it.
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+", db_index=False)
    due_date = models.DateField(_("due date"))
    open = models.PositiveIntegerField(_("open"))
    unassigned = models.PositiveIntegerField(_("not assigned"))
    urgent = models.PositiveIntegerField(_("urgent"))

    class Meta:
        verbose_name = _("open requests by due date")
        verbose_name_plural = _("open requests by due date")
        constraints = [
            models.UniqueConstraint(fields=["centre", "due_date"], name="backlog_unique_day")
        ]
        indexes = [models.Index(fields=["due_date", "centre"], name="backlog_national")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.due_date}: {self.open}"


# Background exports


class ExportKind(models.TextChoices):
    """The raw lists an export job can write (reports/jobs.py knows how)."""

    REQUESTS = "requests", _("Service requests")
    GROUPS = "groups", _("Groups")
    PERSONS = "persons", _("Persons")
    VISITS = "visits", _("Visits")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (XLSX)"
    CSV = "csv", "CSV"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting in the queue")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportJobQuerySet(models.QuerySet):
    def of(self, user) -> "ExportJobQuerySet":
        """A user's own jobs: nobody sees another's, administrators included."""
        return self.filter(user=user) if user.is_authenticated else self.none()

    def unseen(self) -> "ExportJobQuerySet":
        """Done, not yet looked at on My exports, and still there to download."""
        return self.filter(
            status=ExportStatus.DONE, seen_at__isnull=True, expires_at__gt=timezone.now()
        )

    def stalled(self, now: datetime | None = None) -> "ExportJobQuerySet":
        """Jobs being written that gave no sign of life for longer than any one statement may
        take (settings.EXPORT_STALLED_MINUTES): their worker was stopped mid-way."""
        cut = (now or timezone.now()) - timedelta(minutes=settings.EXPORT_STALLED_MINUTES)
        return self.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=cut)

    def expired(self, now: datetime | None = None) -> "ExportJobQuerySet":
        """Jobs past their expiry that still hold a file."""
        return self.filter(expires_at__lte=now or timezone.now()).exclude(file="")


class ExportJob(models.Model):
    """One export run in the background for one user: what they asked for (the list, the
    format and its filters as a query string), the centres they could see when they asked (a
    download checks them again), how far it got, and the file it wrote, kept until
    ``expires_at`` (``manage.py clear_expired_exports`` removes it then)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        db_index=False,  # the (user, -created_at) index serves it
    )
    kind = models.CharField(_("list"), max_length=20, choices=ExportKind.choices)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    # The centres the user could see when they asked; empty with ``national`` (an
    # administrator's whole country).
    scope = models.JSONField(_("centres"), default=list)
    national = models.BooleanField(_("whole country"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    rows_expected = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="private/exports/", max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Moved on at the start and at every progress report: a running job whose worker died
    # stops moving (ExportJobQuerySet.stalled).
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background export")
        verbose_name_plural = _("background exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="exportjob_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportStatus.values), name="exportjob_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        """Still waiting or being written: its row on My exports polls for progress."""
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def can_download(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file) and not self.is_expired()

    @property
    def percent(self) -> int | None:
        """Progress in per cent when the number of rows was known beforehand."""
        if self.status == ExportStatus.DONE:
            return 100
        if not self.rows_expected:
            return None
        return min(99, self.rows_written * 100 // self.rows_expected)
