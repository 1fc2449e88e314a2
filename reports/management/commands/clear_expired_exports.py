from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.actions import clear_expired_exports, fail_stalled_exports


class Command(BaseCommand):
    help = (
        "Removes the files of background exports past their expiry and marks as failed those "
        "whose worker stopped mid-way (run it hourly from cron)."
    )

    def handle(self, *args, **options) -> None:
        stalled = fail_stalled_exports()
        cleared = clear_expired_exports()
        done = _("%(cleared)s expired export files removed, %(stalled)s stalled marked failed.")
        self.stdout.write(done % {"cleared": cleared, "stalled": stalled})
