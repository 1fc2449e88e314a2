from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from centres.demo import DEMO_PASSWORD, DEMO_USERS, demo_seeded, seed_centres, seed_users
from centres.models import Role
from portal.lib.signals import upkeep_deferred


class Command(BaseCommand):
    """Centres seed first; then every app whose AppConfig has a ``seed_demo()`` method adds its
    own demo data, in INSTALLED_APPS order. The hook keeps centres from importing the apps
    above it.

    When the demo centres and users are there as seeded and every app's ``demo_seeded()`` says
    its data is complete (a count or two each), nothing is loaded again: a second
    ``./scripts/run`` starts at once. ``--full`` seeds all the same, e.g. to reset a demo
    password that was changed."""

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
        parser.add_argument(
            "--full",
            action="store_true",
            help="Seed even when the demo data is already complete (resets the demo passwords).",
        )

    def handle(self, *args, force: bool = False, full: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password; it runs only "
                "with DJANGO_DEBUG on (or --force)."
            )
        if not full and _demo_complete():
            self.stdout.write("Demo data already complete: nothing seeded (--full seeds anyway).")
        else:
            self._seed()
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at /accounts/login/ with:"))
        for demo in DEMO_USERS:
            role = "administrator" if demo.role == "admin" else Role(demo.role).label
            where = f" ({demo.place})" if demo.place else ""
            self.stdout.write(f"  {demo.username:<10} / {DEMO_PASSWORD}   {role}{where}")

    def _seed(self) -> None:
        # What the apps above keep from each write (the roll-ups) waits for the end: the last
        # seeder rebuilds it from everything seeded, once (a third of the seeding's time).
        with upkeep_deferred():
            seed_centres()
            seed_users()
            for app_config in apps.get_app_configs():
                seed = getattr(app_config, "seed_demo", None)
                if seed is not None:
                    summary = seed()
                    if summary:
                        self.stdout.write(f"{app_config.verbose_name}: {summary}")


def _demo_complete() -> bool:
    """An app that seeds but cannot tell whether its data is there is seeded every time."""
    seeders = [config for config in apps.get_app_configs() if hasattr(config, "seed_demo")]
    return demo_seeded() and all(
        getattr(config, "demo_seeded", lambda: False)() for config in seeders
    )
