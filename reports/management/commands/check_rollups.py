from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from centres.models import Centre
from reports.consistency import differences


class Command(BaseCommand):
    help = "Compare the roll-ups with a recount from the raw rows; exit 1 and list what differs."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--centre", action="append", default=[], help="a district code")
        parser.add_argument("--fiscal-year", action="append", type=int, default=[])

    def handle(self, *args, centre: list[str], fiscal_year: list[int], **options) -> None:
        centre_ids = None
        if centre:
            centre_ids = list(
                Centre.objects.filter(district_id__in=centre).values_list("pk", flat=True)
            )
        found = differences(centre_ids, fiscal_year or None)
        for line in found[:50]:
            self.stdout.write(line)
        if found:
            raise CommandError(
                _("%(count)s roll-up figures differ from a recount.") % {"count": len(found)}
            )
        self.stdout.write(_("The roll-ups match a recount from the raw rows."))
