"""Buddhist-era years and the Thai government fiscal year.

The fiscal year runs 1 October – 30 September and is named by the Buddhist-era (BE) year in
which it ends: 1 Oct 2026 – 30 Sep 2027 is fiscal year 2570.
"""

from datetime import date

BE_OFFSET = 543
FIRST_MONTH = 10  # October


def to_be_year(ce: int) -> int:
    """Return the Buddhist-era year of a Common-Era year (2026 → 2569)."""
    return ce + BE_OFFSET


def to_ce_year(be: int) -> int:
    """Return the Common-Era year of a Buddhist-era year (2569 → 2026)."""
    return be - BE_OFFSET


def fiscal_year(d: date) -> int:
    """Return the BE fiscal year that `d` falls in (2026-10-01 → 2570, 2026-09-30 → 2569)."""
    ce_end_year = d.year + 1 if d.month >= FIRST_MONTH else d.year
    return to_be_year(ce_end_year)


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """Return the first and last day of BE fiscal year `fy` (2570 → 2026-10-01, 2027-09-30)."""
    end_year = to_ce_year(fy)
    return date(end_year - 1, FIRST_MONTH, 1), date(end_year, 9, 30)


def fiscal_month_starts(fy: int) -> list[date]:
    """Return the first day of each month of BE fiscal year `fy`, October to September."""
    start, _ = fiscal_year_range(fy)
    return [
        date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(12)
    ]
