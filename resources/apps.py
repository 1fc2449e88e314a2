from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resource linking")

    def seed_demo(self) -> str:
        """Called by ``manage.py seed_demo`` after the demo centres, clients and requests exist."""
        from resources.demo import seed_resources  # the models are not ready at import time

        created = seed_resources()
        return ", ".join(f"{count} {name} created" for name, count in created.items())

    def demo_seeded(self) -> bool:
        from resources.demo import resources_seeded

        return resources_seeded()
