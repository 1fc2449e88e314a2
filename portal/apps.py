"""The portal's app configs: Buddhist-era years in Django's date formatting and in the admin."""

from collections.abc import Callable
from datetime import date
from typing import cast

from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, multipartparser
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_db_apps

from portal.lib.dates import thai_is_active
from portal.lib.fiscal import to_be_year
from portal.middleware import stamp_sign_in

FormatMethod = Callable[[dateformat.DateFormat], str]


def _be_year_when_thai(ce_method: FormatMethod, width: int) -> FormatMethod:
    """Wrap DateFormat.Y or .y so that, in Thai only, it gives the BE year (zero-padded)."""

    def method(self: dateformat.DateFormat) -> str:
        if not thai_is_active():
            return ce_method(self)
        year = cast(date, self.data).year  # Y and y format dates (and datetimes), never times
        return f"{to_be_year(year) % 10**width:0{width}d}"

    method.__doc__ = f"{ce_method.__doc__} (Buddhist era when Thai is active)"
    method.be_patched = True  # type: ignore[attr-defined]
    return method


def install_be_year_patch() -> None:
    """Make the `Y` and `y` date format characters give the BE year when Thai is active.

    Django's `date` filter, `formats.date_format` and the admin all render dates through
    `django.utils.dateformat.DateFormat`, whose `Y` is the CE year and which no format string
    can shift by 543. So we replace `DateFormat.Y` and `DateFormat.y` with versions that add 543
    when the active language is Thai, and call the originals otherwise (English is untouched).
    Nothing else changes: `c`, `r`, `U` and `o` stay machine-readable CE, and input widgets and
    `strftime` are not affected (our own ThaiDateInput renders BE itself).

    Thai month names need no patch: Django's Thai catalogue already gives `M` (and `b`, `N`) as
    ม.ค. … ธ.ค. and `F` as มกราคม … ธันวาคม; tests/portal/test_dateformat_patch.py pins that.

    Caveat: in Thai, a template that needs a machine-readable year must not use `|date:"Y-m-d"`
    (it would print 2569-11-26); use `|date:"c"` or `value.isoformat` instead.
    """
    if getattr(dateformat.DateFormat.Y, "be_patched", False):
        return  # ready() can run more than once (e.g. in tests)
    # A deliberate patch of a method (docs/decisions.md), so the type checker is told to allow it.
    ce_y_method = cast(FormatMethod, dateformat.DateFormat.Y)  # returns int; str() suits it
    dateformat.DateFormat.Y = _be_year_when_thai(ce_y_method, width=4)  # type: ignore[method-assign,assignment]
    dateformat.DateFormat.y = _be_year_when_thai(dateformat.DateFormat.y, width=2)  # type: ignore[method-assign,assignment]


# Django reads at most 1,024 bytes of each part's headers in a multipart upload: a Thai file
# name of about 330 characters (3 bytes each in UTF-8) is over it, and the whole upload is
# refused with a 400 before any of our code sees it. With 8 KB, names of thousands of Thai
# characters arrive, and services.uploads shortens them with a message. A module constant
# read at each parse (Parser.__iter__): a deliberate patch, like the BE year's.
MULTIPART_HEADER_BYTES = 8 * 1024


def install_multipart_header_limit() -> None:
    multipartparser.MAX_TOTAL_HEADER_SIZE = MULTIPART_HEADER_BYTES  # type: ignore[attr-defined]


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        install_be_year_patch()
        install_multipart_header_limit()
        from portal.admin_i18n import install_boolean_icon_patch  # needs the app registry

        install_boolean_icon_patch()
        from portal.admin_signin import install_signin_admin  # after admin autodiscovery

        install_signin_admin()
        user_logged_in.connect(_stamp_sign_in, dispatch_uid="portal-stamp-sign-in")


def _stamp_sign_in(sender: type, request: HttpRequest | None, **kwargs: object) -> None:
    """The idle timeout counts from the sign-in (portal.middleware.IdleSessionMiddleware)."""
    if request is not None and hasattr(request, "session"):
        stamp_sign_in(request.session, timezone.now())


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with BE date fields as its defaults before any admin.py is read.

    INSTALLED_APPS lists this instead of "django.contrib.admin"; see portal/admin.py.
    """

    default = False  # "portal" alone still means PortalConfig

    def ready(self) -> None:
        from portal.admin import install_be_admin_dates

        install_be_admin_dates()
        super().ready()  # autodiscover(): every ModelAdmin is created after the install


class PortalAxesConfig(axes_apps.AppConfig):
    """django-axes (sign-in lockout) under a Thai name in the admin; INSTALLED_APPS lists it."""

    default = False
    verbose_name = _("Sign-in security")


class PortalTasksDbConfig(tasks_db_apps.TasksAppConfig):
    """django-tasks-db (the background task queue) under a Thai name in the admin's permission
    lists; its rows have no admin page (reports/admin.py)."""

    default = False
    verbose_name = _("Background task queue")  # type: ignore[assignment]  # lazy, as Django allows
