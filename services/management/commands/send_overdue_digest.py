"""E-mail each staff member the list of their overdue requests; meant for a daily cron."""

from django.core.management.base import BaseCommand

from services.notifications import send_overdue_digests


class Command(BaseCommand):
    help = "E-mails each staff member (with an e-mail address) their overdue requests."

    def handle(self, *args, **options) -> None:
        sent = send_overdue_digests()
        self.stdout.write(f"Sent {sent} overdue digest(s).")
