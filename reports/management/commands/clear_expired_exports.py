from django.core.management.base import BaseCommand

from reports.actions import clear_expired_exports, fail_stalled_exports


class Command(BaseCommand):
    help = (
        "Removes the files of background exports past their expiry and marks as failed those "
        "whose worker stopped mid-way (run it hourly from cron)."
    )

    def handle(self, *args, **options) -> None:
        stalled = fail_stalled_exports()
        cleared = clear_expired_exports()
        self.stdout.write(
            f"{cleared} expired export file(s) removed, {stalled} stalled marked failed"
        )
