from django.core.management.base import BaseCommand

from reports.actions import clear_expired_exports


class Command(BaseCommand):
    help = "Removes the files of background exports past their expiry (run it hourly from cron)."

    def handle(self, *args, **options) -> None:
        cleared = clear_expired_exports()
        self.stdout.write(f"{cleared} expired export file(s) removed")
