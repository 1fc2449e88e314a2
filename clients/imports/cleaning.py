"""Reading one cell: text as typed in a spreadsheet → a value for the model, or a reason.

Each parser takes the stripped, non-empty text of a cell and returns the value, or raises
CellError with a message for the user (an English msgid, shown translated).
"""

import re
from collections.abc import Callable
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clients.imports.columns import GROUPS, MEMBERSHIPS, PERSONS, choice_from_text, thai_word
from clients.models import Gender, GroupKind, GroupStatus, MemberRole, OtopProducerType, Title
from portal.lib.dates import (
    INVALID_DATE_MESSAGE,
    NONEXISTENT_DATE_MESSAGE,
    YEAR_OUT_OF_RANGE_MESSAGE,
    ThaiDateError,
    parse_thai_date,
)
from portal.lib.fiscal import to_be_year
from portal.lib.phone import INVALID_PHONE_MESSAGE, normalize_thai_phone
from portal.lib.thai_id import is_valid_thai_id, normalize_thai_id

REQUIRED = _("This column must be filled in.")
TOO_LONG = _("Too long: at most %(max)d characters.")
NOT_A_COUNT = _("Enter a whole number, 0 or more.")
BAD_VILLAGE_NUMBER = _("Enter the village number (Moo) as a whole number from 1 to 99.")
BIRTH_YEAR_IN_CE = _(
    "Enter the birth year in the Buddhist era (BE), e.g. %(be)d rather than %(ce)d."
)
BIRTH_YEAR_OUT_OF_RANGE = _("Enter a birth year (BE) between 2400 and this year.")
DATE_IN_FUTURE = _("This date is in the future.")
ID_NOT_13_DIGITS = _("A national ID number has 13 digits.")
ID_BAD_CHECK_DIGIT = _(
    "The check digit (the last digit) of this national ID number is wrong; check the number."
)
BAD_SUBDISTRICT_CODE = _("A subdistrict code has 6 digits, e.g. 500101.")
UNKNOWN_CHOICE = {
    GroupKind: _("Unknown kind of group “%(value)s”. Use one of: %(choices)s."),
    OtopProducerType: _("Unknown OTOP producer type “%(value)s”. Use one of: %(choices)s."),
    GroupStatus: _("Unknown status “%(value)s”. Use one of: %(choices)s."),
    Title: _("Unknown title “%(value)s”. Use one of: %(choices)s."),
    Gender: _("Unknown gender “%(value)s”. Use one of: %(choices)s."),
    MemberRole: _("Unknown role “%(value)s”. Use one of: %(choices)s."),
}

_DATE_MESSAGES = {
    "invalid": INVALID_DATE_MESSAGE,
    "nonexistent": NONEXISTENT_DATE_MESSAGE,
    "year_out_of_range": YEAR_OUT_OF_RANGE_MESSAGE,
}

# A masked ID, as exports write it (x-xxxx-xxxxx-xx-3): an exported file imports again.
_MASKED_ID = re.compile(r"x-?xxxx-?xxxxx-?xx-?\d", re.IGNORECASE)
_VILLAGE_NUMBER = re.compile(r"(?:หมู่ที่|หมู่|ม\.|moo)?\s*(\d{1,2})", re.IGNORECASE)
_WHOLE_NUMBER = re.compile(r"\d+")


# Thai digits (๐–๙), which some people type, read as the digits 0–9.
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _digits(value: str) -> str:
    return value.translate(_THAI_DIGITS)


def _today() -> date:
    """Today in the portal's time zone (no view activates another). Asking for the current
    time zone, once a cell, took a tenth of a 10,000-row plan."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


class CellError(ValueError):
    def __init__(self, message: Promise | str) -> None:
        super().__init__(str(message))
        self.message = message


Parser = Callable[[str], object]


def text(max_length: int | None = None) -> Parser:
    def parse(value: str) -> str:
        value = " ".join(value.split())
        if max_length and len(value) > max_length:
            raise CellError(TOO_LONG % {"max": max_length})
        return value

    return parse


def long_text(value: str) -> str:
    return value.strip()


def count(value: str) -> int:
    value = _digits(value).replace(",", "")
    if not _WHOLE_NUMBER.fullmatch(value):
        raise CellError(NOT_A_COUNT)
    return int(value)


def village_number(value: str) -> int:
    match = _VILLAGE_NUMBER.fullmatch(_digits(value))
    if not match or not 1 <= int(match[1]) <= 99:
        raise CellError(BAD_VILLAGE_NUMBER)
    return int(match[1])


def subdistrict_code(value: str) -> str:
    digits = _digits(value).replace(" ", "")
    if not (len(digits) == 6 and digits.isascii() and digits.isdigit()):
        raise CellError(BAD_SUBDISTRICT_CODE)
    return digits


def birth_year(value: str) -> int:
    value = _digits(value)
    if not _WHOLE_NUMBER.fullmatch(value):
        raise CellError(BIRTH_YEAR_OUT_OF_RANGE)
    year, this_year = int(value), to_be_year(_today().year)
    if 1800 <= year < 2400:
        raise CellError(BIRTH_YEAR_IN_CE % {"be": to_be_year(year), "ce": year})
    if not 2400 <= year <= this_year:
        raise CellError(BIRTH_YEAR_OUT_OF_RANGE)
    return year


def past_date(value: str) -> date:
    """A BE dd/mm/yyyy date (or ISO), not after today: the columns record what happened."""
    try:
        day = parse_thai_date(value)
    except ThaiDateError as error:
        raise CellError(_DATE_MESSAGES[error.code]) from error
    if day > _today():
        raise CellError(DATE_IN_FUTURE)
    return day


def national_id(value: str) -> str | None:
    """The 13 digits; None for a masked ID (an exported file), which leaves the ID as it is."""
    if _MASKED_ID.fullmatch(value.replace(" ", "")):
        return None
    digits = normalize_thai_id(_digits(value))
    if len(digits) != 13 or not digits.isascii() or not digits.isdigit():
        raise CellError(ID_NOT_13_DIGITS)
    if not is_valid_thai_id(digits):
        raise CellError(ID_BAD_CHECK_DIGIT)
    return digits


def phone(value: str) -> str:
    value = _digits(value)
    # A number typed into a numeric cell loses its leading zero (812345678).
    if value.isdigit() and len(value) in (8, 9) and not value.startswith("0"):
        value = "0" + value
    try:
        return normalize_thai_phone(value)
    except ValueError as error:
        raise CellError(INVALID_PHONE_MESSAGE) from error


def choice(choices: type[models.TextChoices]) -> Parser:
    def parse(value: str) -> str:
        code = choice_from_text(choices, value)
        if code is None:
            words = ", ".join(thai_word(choices, c) for c in choices.values)
            raise CellError(UNKNOWN_CHOICE[choices] % {"value": value, "choices": words})
        return code

    return parse


_PLACE = {
    "subdistrict_code": subdistrict_code,
    "subdistrict_name": text(100),
    "village_number": village_number,
}

PARSERS: dict[str, dict[str, Parser]] = {
    GROUPS: {
        "kind": choice(GroupKind),
        "otop_producer_type": choice(OtopProducerType),
        "name": text(200),
        "registration_number": text(50),
        **_PLACE,
        "village_name": text(100),
        "founded_on": past_date,
        "status": choice(GroupStatus),
        "contact_name": text(200),
        "contact_phone": phone,
        "member_count": count,
        "main_activity": long_text,
        "notes": long_text,
    },
    PERSONS: {
        "title": choice(Title),
        "first_name": text(100),
        "last_name": text(100),
        "national_id": national_id,
        "phone": phone,
        "birth_year": birth_year,
        "gender": choice(Gender),
        **_PLACE,
        "occupation": text(200),
        "consent_on": past_date,
    },
    MEMBERSHIPS: {
        "national_id": national_id,
        "first_name": text(100),
        "last_name": text(100),
        "group_registration_number": text(50),
        "group_name": text(200),
        "role": choice(MemberRole),
        "joined_on": past_date,
        "left_on": past_date,
    },
}
