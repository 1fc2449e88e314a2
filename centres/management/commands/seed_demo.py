from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from centres.demo import DEMO_PASSWORD, seed_centres, seed_users
from centres.models import Role


class Command(BaseCommand):
    """Centres seed first; then every app whose AppConfig has a ``seed_demo()`` method adds its
    own demo data, in INSTALLED_APPS order. The hook keeps centres from importing the apps
    above it."""

    help = (
        "Load geography, demo centres, demo users with known passwords and each app's demo "
        "data (idempotent)."
    )

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
        for app_config in apps.get_app_configs():
            seed = getattr(app_config, "seed_demo", None)
            if seed is not None:
                summary = seed()
                if summary:
                    self.stdout.write(f"{app_config.verbose_name}: {summary}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /accounts/login/ with:"))
        for demo in users:
            role = "administrator" if demo.role == "admin" else Role(demo.role).label
            where = f" ({demo.place})" if demo.place else ""
            self.stdout.write(f"  {demo.username:<10} / {DEMO_PASSWORD}   {role}{where}")
