"""What the roll-ups hold for a centre, and moments on either side of a fiscal year's edge."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.lib.fiscal import fiscal_year, fiscal_year_range
from reports.figures import totals
from reports.models import WHOLE_YEAR


def figures(centre, year: int, month: int = WHOLE_YEAR, prefix: str = "") -> dict[str, Decimal]:
    found = totals([centre.pk], year, month=month, measures=[f"{prefix}*"] if prefix else None)
    return {measure: value for measure, value in found.items() if measure.startswith(prefix)}


def this_year() -> int:
    return fiscal_year(timezone.localdate())


def edge(year: int) -> tuple[datetime, datetime]:
    """23:30 on 30 September (the last evening of ``year - 1``) and 00:30 on 1 October (the
    first night of ``year``), Bangkok time."""
    first, _ = fiscal_year_range(year)
    zone = timezone.get_current_timezone()
    before = datetime.combine(first - timedelta(days=1), time(23, 30), tzinfo=zone)
    after = datetime.combine(first, time(0, 30), tzinfo=zone)
    return before, after
