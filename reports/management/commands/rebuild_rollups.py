from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from centres.models import Centre
from reports.maintenance import rebuild


class Command(BaseCommand):
    help = "Recount the dashboards' roll-ups from the raw rows in bulk: all, or some centres/years."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--centre", action="append", default=[], help="a centre's district code (repeatable)"
        )
        parser.add_argument(
            "--fiscal-year",
            action="append",
            type=int,
            default=[],
            help="a BE fiscal year (repeatable); 0 for the registry as it stands now",
        )

    def handle(self, *args, centre: list[str], fiscal_year: list[int], **options) -> None:
        centre_ids = None
        if centre:
            found = dict(
                Centre.objects.filter(district_id__in=centre).values_list("district_id", "pk")
            )
            unknown = sorted(set(centre) - set(found))
            if unknown:
                raise CommandError(_("No centre for district code(s): %s") % ", ".join(unknown))
            centre_ids = list(found.values())
        written = rebuild(centre_ids, fiscal_year or None)
        self.stdout.write(_("Roll-ups rebuilt: %(count)s figures.") % {"count": f"{written:,}"})
