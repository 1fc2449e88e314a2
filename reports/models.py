"""The roll-ups the dashboards read: figures per centre, fiscal year and month, kept current in
the same transaction as the change they count (reports/maintenance.py), never read from the
raw tables by a page. The counting rules are in reports/rules.py and docs/counting-rules.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from centres.models import Centre

WHOLE_YEAR = 0  # the month of a whole fiscal year's figure; 1 = October … 12 = September
NOW = 0  # the "fiscal year" of the registry as it stands now (groups, persons, products)


class Tally(models.Model):
    """One figure (``measure``, e.g. ``requests.received``) of one centre for one month of a
    fiscal year, or for the whole year (month 0). Only figures that are not zero are stored.
    Fiscal year 0 (``NOW``), month 0, holds the registry as it stands now."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
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
    today) are sums of these rows, so no page counts the requests themselves."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="+")
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
