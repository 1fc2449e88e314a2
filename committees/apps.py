from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Centre committees")

    def seed_demo(self) -> str:
        """Called by ``manage.py seed_demo`` after the demo services exist."""
        from committees.demo import seed_committees  # the models are not ready at import time

        created = seed_committees()
        return ", ".join(f"{count} {name} created" for name, count in created.items())

    def demo_seeded(self) -> bool:
        from committees.demo import committees_seeded

        return committees_seeded()
