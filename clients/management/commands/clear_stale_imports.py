"""Remove the pending import files nobody confirmed or cancelled (run it from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from clients.imports.pending import MAX_AGE, remove_stale_files


class Command(BaseCommand):
    help = "Remove pending spreadsheet imports older than --hours (24 by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = int(MAX_AGE.total_seconds() // 3600)
        parser.add_argument("--hours", type=int, default=default)

    def handle(self, *args, hours: int, **options) -> None:
        removed = remove_stale_files(timedelta(hours=max(hours, 0)))
        self.stdout.write(f"{removed} stale import file(s) removed")
