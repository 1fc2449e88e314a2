"""Buddhist-era dates in the whole Django admin (the portal package registers no models).

Django's admin reads a date with strptime, so 30/11/2569 typed into any admin date box would be
saved as the year 2569 CE and shown back as 3112. Rather than an override that every ModelAdmin
must remember, install_be_admin_dates() changes the admin's own defaults
(django.contrib.admin.options.FORMFIELD_FOR_DBFIELD_DEFAULTS), which every ModelAdmin and inline
copies when it is created, ours and third parties' (auth's User and Group, simple-history,
import-export) alike:

- a model DateField gets a ThaiDateField with ThaiAdminDateWidget;
- a model DateTimeField gets a ThaiSplitDateTimeField with ThaiAdminSplitDateTime.

portal.apps.PortalAdminConfig (in INSTALLED_APPS instead of "django.contrib.admin") calls it
before the admin imports any admin.py, so no ModelAdmin is created with Django's defaults.
tests/portal/test_admin_dates.py walks every registered ModelAdmin and inline and fails on a
date or date-time field that does not use these fields.

The widgets keep the admin's look (its classes, the "Date:"/"Time:" layout, the calendar and
clock shortcuts); static/js/admin-be-dates.js makes the calendar, "Today" and the calendar's
caption use BE years when the page is in Thai.
"""

from django import forms
from django.contrib.admin import helpers, options, widgets
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext

from portal.forms import ThaiDateField, ThaiDateInput, ThaiSplitDateTimeField
from portal.lib.paging import CappedPaginator

ADMIN_DATE_JS = [
    "admin/js/calendar.js",
    "admin/js/admin/DateTimeShortcuts.js",
    "js/admin-be-dates.js",  # adjusts the two above once the page is loaded
]


class BaseThaiAdminDateWidget(ThaiDateInput):
    """The admin's date box (class vDateField, calendar pop-up) showing dd/mm/yyyy, BE in Thai."""

    class Media:
        js = ADMIN_DATE_JS

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs={"class": "vDateField", "size": "10", **(attrs or {})})


class ThaiAdminDateWidget(BaseThaiAdminDateWidget):
    template_name = "admin/widgets/date.html"


class ThaiAdminSplitDateTime(widgets.AdminSplitDateTime):
    """The admin's "Date: … Time: …" pair with a BE date box."""

    class Media:
        js = ADMIN_DATE_JS

    def __init__(self, attrs: dict | None = None) -> None:
        pair = [BaseThaiAdminDateWidget(), widgets.BaseAdminTimeWidget()]
        forms.MultiWidget.__init__(self, pair, attrs)  # as AdminSplitDateTime does


BE_DATE_FORMFIELD_DEFAULTS = {
    models.DateTimeField: {"form_class": ThaiSplitDateTimeField, "widget": ThaiAdminSplitDateTime},
    models.DateField: {"form_class": ThaiDateField, "widget": ThaiAdminDateWidget},
}

# Kept so that admin code written before install_be_admin_dates() still imports; not needed.
THAI_DATE_FORMFIELD_OVERRIDES = BE_DATE_FORMFIELD_DEFAULTS


def install_be_admin_dates() -> None:
    """Make BE date fields the admin's defaults for every ModelAdmin created from now on."""
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS.update(BE_DATE_FORMFIELD_DEFAULTS)


class BigTableAdmin:
    """A changelist over millions of rows (requests, visits, the registry): no full count of
    the table next to the filtered one, and a count capped like the portal's lists
    (portal.lib.paging), so a changelist never counts or offsets past 10,000 rows."""

    show_full_result_count = False

    def action_checkbox(self, obj):
        """Django's row checkbox, written here: rendered through the widget templates, the
        hundred checkboxes of a page cost 35 of the persons changelist's 88 ms (issue 8).
        The same markup (tests/portal/test_admin_checkbox.py)."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return CappedPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )
