from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client registry")

    def seed_demo(self) -> str:
        """Called by ``manage.py seed_demo`` after the demo centres and users exist."""
        from clients.demo import seed_clients  # the models are not ready at import time

        created = seed_clients()
        return ", ".join(f"{count} {name} created" for name, count in created.items())

    def demo_seeded(self) -> bool:
        """Whether this app's demo data is all there, so ``manage.py seed_demo`` may skip it."""
        from clients.demo import clients_seeded

        return clients_seeded()
