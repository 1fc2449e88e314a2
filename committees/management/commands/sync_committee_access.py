"""Make committee logins' access follow the roster's terms; meant for a daily cron just after
midnight, so a term that ended yesterday no longer opens the centre's cases."""

from django.core.management.base import BaseCommand

from committees.actions import sync_all_access


class Command(BaseCommand):
    help = "Gives sitting committee members with a login their access, and ends it after a term."

    def handle(self, *args, **options) -> None:
        count = sync_all_access()
        self.stdout.write(f"Synced committee access at {count} centre(s).")
