"""E-mail each officer the referral follow-ups that have come due; meant for a daily cron,
next to services' send_overdue_digest."""

from django.core.management.base import BaseCommand

from resources.notifications import send_follow_up_digests


class Command(BaseCommand):
    help = "E-mails each officer (with an e-mail address) their referral follow-ups due."

    def handle(self, *args, **options) -> None:
        sent = send_follow_up_digests()
        self.stdout.write(f"Sent {sent} follow-up digest(s).")
