from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Dashboards and reports")
    # check_be_years skips it: its dates are copied from the tables it counts, never typed.
    typed_dates = False

    def ready(self) -> None:
        # The roll-ups follow every saved change of what they count (reports/maintenance.py).
        from reports import maintenance

        maintenance.connect()

    def seed_demo(self) -> str:
        """Last of the seeders (``manage.py seed_demo``): the demo backdates its history in bulk,
        past the signals, so the roll-ups are recounted from what it wrote."""
        from django.utils.translation import gettext as _

        from reports.maintenance import rebuild

        return _("%(count)s roll-up figures") % {"count": f"{rebuild():,}"}

    def demo_seeded(self) -> bool:
        from reports.models import Tally

        return Tally.objects.exists()
