from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from centres.demo import DEMO_PASSWORD, seed_centres, seed_users
from centres.models import Role


class Command(BaseCommand):
    help = "Load geography, demo centres and demo users with known passwords (idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Demo users have a published password: never in "
            "production.",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password; it runs only "
                "with DJANGO_DEBUG on (or --force)."
            )
        seed_centres()
        users = seed_users()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /accounts/login/ with:"))
        for demo in users:
            role = "administrator" if demo.role == "admin" else Role(demo.role).label
            where = f" ({demo.place})" if demo.place else ""
            self.stdout.write(f"  {demo.username:<10} / {DEMO_PASSWORD}   {role}{where}")
