"""Months as the pages name, parse and list them (the first day of a month stands for it)."""

import re
from datetime import date

from portal.lib.dates import ENGLISH_MONTHS, THAI_MONTHS, THAI_MONTHS_ABBR, thai_is_active
from portal.lib.fiscal import to_be_year

MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def month_label(year: int, month: int) -> str:
    """พฤศจิกายน 2569 in Thai, November 2026 in English."""
    if thai_is_active():
        return f"{THAI_MONTHS[month - 1]} {to_be_year(year)}"
    return f"{ENGLISH_MONTHS[month - 1]} {year}"


def month_short_label(year: int, month: int) -> str:
    """ต.ค. 2569 in Thai, Oct 2026 in English."""
    if thai_is_active():
        return f"{THAI_MONTHS_ABBR[month - 1]} {to_be_year(year)}"
    return f"{ENGLISH_MONTHS[month - 1][:3]} {year}"


def parse_month(text: str | None) -> date | None:
    """The first day of a month given as 2026-11; None for anything else."""
    match = MONTH.fullmatch((text or "").strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2200:
        return None
    return date(int(match[1]), int(match[2]), 1)


def months_between(first: date, last: date, *, limit: int = 120) -> list[date]:
    """First days of the months from ``last`` back to ``first`` (newest first), at most
    ``limit`` of them."""
    months: list[date] = []
    current = date(last.year, last.month, 1)
    while current >= date(first.year, first.month, 1) and len(months) < limit:
        months.append(current)
        current = date(current.year - (current.month == 1), (current.month - 2) % 12 + 1, 1)
    return months


def add_months(day: date, count: int) -> date:
    """The first day of the month ``count`` months after (or before) ``day``'s."""
    index = day.year * 12 + day.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_around(today: date, *, back: int, ahead: int) -> list[date]:
    """The months from ``ahead`` months after ``today``'s back to ``back`` months before it,
    newest first: a calendar window, read from no table."""
    return months_between(
        add_months(today, -back), add_months(today, ahead), limit=back + ahead + 1
    )
