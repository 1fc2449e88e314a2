"""Whole numbers read from a query string or a hidden field, safely; figures written fast.

``str.isdigit()`` is True for "²" and "๓", which int() then refuses or reads; a 20-digit id
overflows SQLite's integers. parse_int takes ASCII digits only, within bounds, and answers the
default for anything else: a bad number in a URL or a hidden field is ignored, never a 500.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")
MAX_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL's bigint hold


def parse_int(
    value: object, *, default: int | None = None, min: int = 0, max: int = MAX_ID
) -> int | None:
    """``value`` as an int when it is ASCII digits (a leading minus allowed) between ``min``
    and ``max``; else ``default``. Surrounding spaces are ignored."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if not ASCII_INTEGER.fullmatch(text):
        return default
    number = int(text)
    return number if min <= number <= max else default


def parse_id(value: object) -> int | None:
    """A database id (a positive integer the databases can hold), or None."""
    return parse_int(value, min=1)


def format_figure(
    value: Decimal | int, places: int, *, trim: bool = False, grouped: bool = False
) -> str:
    """``value`` with ``places`` decimals rounded half up, as Django's ``floatformat`` writes
    it in Thai and in English, whose formats agree ("." for decimals, "," every three digits):
    ``trim`` writes a whole number without decimals (floatformat's "-2"), ``grouped`` separates
    the thousands (its "…g"). floatformat reads the active locale's formats for every figure:
    a fifth of the centre overview's rendering (issue 8)."""
    number = value if isinstance(value, Decimal) else Decimal(value)
    comma = "," if grouped else ""
    if trim and number == number.to_integral_value():
        return f"{int(number):{comma}d}"
    rounded = number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):{comma}.{places}f}"  # never "-0.0"
