"""E-mail the committee members of each meeting held tomorrow; meant for a daily cron."""

from django.core.management.base import BaseCommand

from committees.actions import send_meeting_reminders


class Command(BaseCommand):
    help = "E-mails sitting committee members (with a login) the day before their meeting."

    def handle(self, *args, **options) -> None:
        sent = send_meeting_reminders()
        self.stdout.write(f"Sent {sent} meeting reminder(s).")
