"""The marker of a generated data set: ``seed_national`` runs only on an empty database or on
one that holds such a row, so it can never write into (or wipe) real data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalDataset(models.Model):
    """One run of ``seed_national``; written before the first row, finished at the end."""

    seed = models.IntegerField()
    scale = models.FloatField()
    centres = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("generated national data set")
        verbose_name_plural = _("generated national data sets")

    def __str__(self) -> str:
        return f"seed {self.seed} × {self.scale} ({self.started_at:%Y-%m-%d %H:%M})"
