from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    """The generated national data set (``manage.py seed_national``) and the page benchmarks.

    At the top of the house: it reads every app and no app imports it."""

    name = "benchmarks"
    verbose_name = _("Benchmarks")
