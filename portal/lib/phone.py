"""Thai telephone numbers: 10-digit mobiles (06, 08, 09) and 9-digit landlines (02, 053…)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE_MESSAGE = _("Enter a Thai phone number, for example 081-234-5678 or 02-123-4567.")

_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"0[689]\d{8}")
# Landline area codes: 02 Bangkok, 03x, 04x, 05x and 07x up-country.
_LANDLINE = re.compile(r"0[2-57]\d{7}")


def normalize_thai_phone(text: str) -> str:
    """Return the number as digits with a leading 0 (`+66 81-234-5678` → `0812345678`).

    Raises ValueError when it is not a Thai mobile or landline number.
    """
    digits = _SEPARATORS.sub("", text or "")
    for prefix in ("+66", "66"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            digits = rest if rest.startswith("0") else "0" + rest  # "+66 (0)81…" happens
            break
    if not digits.isascii() or not (_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits)):
        raise ValueError(str(INVALID_PHONE_MESSAGE))
    return digits


def format_thai_phone(digits: str) -> str:
    """Group a normalized number: 081-234-5678, 02-123-4567 (Bangkok), 053-123-456."""
    if len(digits) == 9 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def validate_thai_phone(value: str) -> None:
    """Django validator for a Thai phone number."""
    try:
        normalize_thai_phone(value)
    except ValueError as error:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_thai_phone") from error
