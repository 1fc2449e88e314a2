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
