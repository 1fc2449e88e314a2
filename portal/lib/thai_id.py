"""Thai national ID numbers (เลขประจำตัวประชาชน): 13 digits with a mod-11 check digit."""

import re
from operator import mul

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-]")
_WEIGHTS = range(13, 1, -1)


def normalize_thai_id(text: str) -> str:
    """Strip the spaces and dashes people type between the groups of an ID."""
    return _SEPARATORS.sub("", text or "")


def thai_id_check_digit(first_twelve: str) -> int:
    """Return the check digit of the first 12 digits of an ID.

    Each digit is weighted 13 down to 2; the check digit is (11 - sum mod 11) mod 10.
    """
    total = sum(map(mul, map(int, first_twelve), _WEIGHTS))
    return (11 - total % 11) % 10


def is_valid_thai_id(text: str) -> bool:
    """Whether `text` (spaces and dashes allowed) is a well-formed ID with a correct check digit."""
    digits = normalize_thai_id(text)
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit() or digits[0] == "0":
        return False
    return thai_id_check_digit(digits[:12]) == int(digits[12])


def format_thai_id(thai_id: str) -> str:
    """Group an ID the way it is printed on the card: 1-2345-67890-12-1."""
    d = normalize_thai_id(thai_id)
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def mask_thai_id(thai_id: str) -> str:
    """Hide all but the last digit (PDPA): x-xxxx-xxxxx-xx-3."""
    return f"x-xxxx-xxxxx-xx-{normalize_thai_id(thai_id)[-1:]}"


def validate_thai_id(value: str) -> None:
    """Django validator for a Thai national ID."""
    if not is_valid_thai_id(value):
        raise ValidationError(
            _("Enter a valid 13-digit Thai national ID number."), code="invalid_thai_id"
        )
