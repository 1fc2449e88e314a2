from django.core.management.base import BaseCommand, CommandError

from centres.geography import create_missing_centres
from centres.models import Province


class Command(BaseCommand):
    help = "Create a centre for every district that has none yet (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", metavar="CODE", help="Only this province (2 digits).")

    def handle(self, *args, province: str | None = None, **options) -> None:
        if province and not Province.objects.filter(code=province).exists():
            raise CommandError(
                f"Unknown province code {province!r}; run load_geography first if it is empty."
            )
        created = create_missing_centres(province_code=province)
        self.stdout.write(f"{len(created)} centres created")
