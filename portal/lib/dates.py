"""Dates as Thai users read and type them: Buddhist-era (BE) years, dd/mm/yyyy.

BE = CE + 543, so 26 November 2026 is "26 พ.ย. 2569". Dates are stored as ordinary `date`
objects; the BE year exists only in what people type and what they read.
"""

import re
from datetime import date, datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.lib.fiscal import to_be_year, to_ce_year

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# A 4-digit year from here on is a BE year; below it, a CE year. No CE year the portal deals
# with is this large, and no BE year this small (2400 BE is 1857 CE).
FIRST_BE_YEAR = 2400
MIN_CE_YEAR = 1900
MAX_CE_YEAR = 2200

INVALID_DATE_MESSAGE = _("Enter a date as dd/mm/yyyy, for example 26/11/2569.")
NONEXISTENT_DATE_MESSAGE = _("This date does not exist; check the day and the month.")
YEAR_OUT_OF_RANGE_MESSAGE = _("Enter a year between 2443 and 2743 BE (1900 and 2200 CE).")

# \d also matches Thai digits (๐–๙), which int() reads, so "๒๖/๑๑/๒๕๖๙" parses too.
_DAY_FIRST = re.compile(r"(\d{1,2})([/.\- ])(\d{1,2})\2(\d{4})")
# Phone keypads opened by inputmode="numeric" often have no "/": 26112569 is 26/11/2569.
_DAY_FIRST_COMPACT = re.compile(r"(\d{2})()(\d{2})(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class ThaiDateError(ValueError):
    """A date that cannot be read; `code` says why: invalid, nonexistent or year_out_of_range."""

    def __init__(self, code: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.code = code


def thai_is_active() -> bool:
    """Whether the active language is Thai (the portal's default)."""
    return (get_language() or "").startswith("th")


def parse_thai_date(text: str) -> date:
    """Read `dd/mm/yyyy` (also `d/m/yyyy`, `-`, `.` or space, or `ddmmyyyy`) or ISO `yyyy-mm-dd`.

    A year of 2400 or more is BE and becomes CE by subtracting 543, in either form; a smaller
    year is CE. Raises ThaiDateError (a ValueError) on anything else, on a day that does not
    exist (31/02, 29/02 of a common year) and on a year outside 1900–2200 CE.
    """
    text = (text or "").strip()
    if match := _DAY_FIRST.fullmatch(text) or _DAY_FIRST_COMPACT.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _ISO.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ThaiDateError("invalid", INVALID_DATE_MESSAGE)
    if year >= FIRST_BE_YEAR:
        year = to_ce_year(year)
    if not MIN_CE_YEAR <= year <= MAX_CE_YEAR:
        raise ThaiDateError("year_out_of_range", YEAR_OUT_OF_RANGE_MESSAGE)
    try:
        return date(year, month, day)
    except ValueError:
        raise ThaiDateError("nonexistent", NONEXISTENT_DATE_MESSAGE) from None


def format_numeric_date(d: date) -> str:
    """`26/11/2569` in Thai, `26/11/2026` in English: the form people type into date fields."""
    year = to_be_year(d.year) if thai_is_active() else d.year
    return f"{d.day:02d}/{d.month:02d}/{year:04d}"


def format_be_date(d: date, *, long: bool = False) -> str:
    """`26 พ.ย. 2569` (or `26 พฤศจิกายน 2569`) in Thai; `26 Nov 2026` (`26 November 2026`) else."""
    if thai_is_active():
        month = THAI_MONTHS[d.month - 1] if long else THAI_MONTHS_ABBR[d.month - 1]
        return f"{d.day} {month} {to_be_year(d.year)}"
    month = ENGLISH_MONTHS[d.month - 1]
    return f"{d.day} {month if long else month[:3]} {d.year}"


def format_be_datetime(dt: datetime) -> str:
    """`26 พ.ย. 2569 14:05` in Bangkok time; a naive datetime is taken as local already."""
    if timezone.is_aware(dt):
        dt = timezone.localtime(dt)
    return f"{format_be_date(dt.date())} {dt:%H:%M}"
