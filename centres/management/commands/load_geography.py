from django.core.management.base import BaseCommand

from centres.geography import load_geography


class Command(BaseCommand):
    help = "Load the official provinces, districts and subdistricts (idempotent)."

    def handle(self, *args, **options) -> None:
        for level, result in load_geography().items():
            self.stdout.write(f"{level}: {result.created} created, {result.updated} updated")
