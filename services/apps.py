from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services")

    def seed_demo(self) -> str:
        """Called by ``manage.py seed_demo`` after the demo centres, users and clients exist."""
        from services.demo import seed_services  # the models are not ready at import time

        created = seed_services()
        return ", ".join(f"{count} {name} created" for name, count in created.items())

    def demo_seeded(self) -> bool:
        """Whether this app's demo data is all there, so ``manage.py seed_demo`` may skip it."""
        from services.demo import services_seeded

        return services_seeded()
