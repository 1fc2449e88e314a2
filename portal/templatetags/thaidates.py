"""Template filters for Buddhist-era dates, fiscal years, Thai IDs and phone numbers.

Registered as a template builtin in settings, so templates use them without {% load %}.
Empty values (None, "") render as "".
"""

import re
from datetime import date, datetime

from django import template
from django.utils import timezone

from portal.lib import dates, fiscal, phone, thai_id

register = template.Library()

_BARE_YEAR = re.compile(r"[0-9]{4}")


@register.filter
def bedate(value: date | None) -> str:
    """26 พ.ย. 2569 (Thai) / 26 Nov 2026 (English)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local_date(value)
    return dates.format_be_date(value)


@register.filter
def bedate_long(value: date | None) -> str:
    """26 พฤศจิกายน 2569 (Thai) / 26 November 2026 (English)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local_date(value)
    return dates.format_be_date(value, long=True)


@register.filter
def numeric_date(value: date | None) -> str:
    """26/11/2569 (Thai) / 26/11/2026 (English): a date as it is typed into a date field."""
    return dates.format_numeric_date(value) if value else ""


@register.filter
def bedatetime(value: datetime | None) -> str:
    """26 พ.ย. 2569 14:05 in Bangkok time."""
    return dates.format_be_datetime(value) if value else ""


@register.filter
def be_year_label(value: object) -> object:
    """A label that is a bare CE year ("2026", as the admin's date hierarchy prints years) as
    the BE year in Thai ("2569"); any other label, and every label in English, unchanged."""
    text = str(value)
    if dates.thai_is_active() and _BARE_YEAR.fullmatch(text):
        return str(fiscal.to_be_year(int(text)))
    return value


@register.filter(name="fiscal_year")
def fiscal_year_filter(value: date | None) -> int | str:
    """The BE fiscal year a date falls in: 2570 for 1 Oct 2026."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = _local_date(value)
    return fiscal.fiscal_year(value)


@register.filter
def thai_id_masked(value: str | None) -> str:
    """x-xxxx-xxxxx-xx-3: only the last digit shows (PDPA)."""
    return thai_id.mask_thai_id(value) if value else ""


@register.filter
def thai_phone(value: str | None) -> str:
    """081-234-5678 / 02-123-4567; a value that is not a Thai number shows as stored."""
    if not value:
        return ""
    try:
        return phone.format_thai_phone(phone.normalize_thai_phone(value))
    except ValueError:
        return value


def _local_date(value: datetime) -> date:
    """The calendar date of a datetime in Bangkok time (a naive one is taken as local)."""
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
