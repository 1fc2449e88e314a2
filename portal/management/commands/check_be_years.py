"""List dates saved with a Buddhist-era year taken as Common Era, for an administrator.

Before every admin date box read BE years, a date typed as 30/11/2569 was stored as the year
2569 CE and shown back as 3112. No real date of the portal is that late, so any date or
date-time of 2400 CE or later is such a value: one range query per field (which an index on
the field serves) finds them without reading the other rows.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from portal.lib.dates import FIRST_BE_YEAR

FIRST_BAD_DATE = date(FIRST_BE_YEAR, 1, 1)
FIRST_BAD_MOMENT = datetime(FIRST_BE_YEAR, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class BadDate:
    model: str  # app_label.ModelName
    pk: object
    field: str
    value: date


def audited_app_configs() -> list[AppConfig]:
    """The apps whose code is in this project (not in Django or an installed package), and
    auth, whose users' last login and date joined are typed in the admin too."""
    base = Path(settings.BASE_DIR).resolve()
    paths = {config: Path(config.path).resolve() for config in apps.get_app_configs()}
    ours = [
        config
        for config, path in paths.items()
        if path.is_relative_to(base)
        and "site-packages" not in path.parts
        # An app whose dates nobody types (roll-ups copied from the audited tables) says so.
        and getattr(config, "typed_dates", True)
    ]
    return [apps.get_app_config("auth"), *ours]


def stored_models(config: AppConfig) -> list[type[models.Model]]:
    """The app's models with a table of their own (history models included, proxies not)."""
    return [m for m in config.get_models() if m._meta.managed and not m._meta.proxy]


def date_fields(model: type[models.Model]) -> list[models.DateField]:
    """The model's stored date and date-time fields (a DateTimeField is a DateField)."""
    return [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]


def find_be_years() -> Iterator[BadDate]:
    """Every stored date or date-time of the audited apps' models in 2400 CE or later."""
    for config in audited_app_configs():
        for model in stored_models(config):
            for field in date_fields(model):
                is_moment = isinstance(field, models.DateTimeField)
                first = FIRST_BAD_MOMENT if is_moment else FIRST_BAD_DATE
                rows = model._base_manager.filter(**{f"{field.attname}__gte": first})
                for pk, value in rows.order_by("pk").values_list("pk", field.attname):
                    yield BadDate(model._meta.label, pk, field.name, value)


class Command(BaseCommand):
    help = (
        "Lists every date or date-time of the project's models (and users) with a year of "
        "2400 or later (a Buddhist-era year saved as if it were Common Era), one per line: "
        "model, pk, field, value. Exits with status 1 when it finds any."
    )

    def handle(self, *args, **options) -> None:
        found = 0
        for bad in find_be_years():
            self.stdout.write(f"{bad.model}\t{bad.pk}\t{bad.field}\t{bad.value.isoformat()}")
            found += 1
        if found:
            raise CommandError(f"{found} value(s) with a year of 2400 or later; correct them.")
        self.stdout.write("No date with a year of 2400 or later.")
