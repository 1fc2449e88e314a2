"""Form fields for dates as Thai users type them: dd/mm/yyyy with a Buddhist-era year."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.lib.dates import (
    INVALID_DATE_MESSAGE,
    NONEXISTENT_DATE_MESSAGE,
    YEAR_OUT_OF_RANGE_MESSAGE,
    ThaiDateError,
    format_numeric_date,
    parse_thai_date,
)


class ThaiDateInput(forms.DateInput):
    """A text box showing a date as dd/mm/yyyy: BE year in Thai (26/11/2569), CE in English.

    A text box rather than <input type="date">: the browser's own date picker shows and
    returns CE years, whatever the language.
    """

    input_type = "text"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        defaults = {"inputmode": "numeric", "placeholder": _("dd/mm/yyyy"), "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format=format)

    def format_value(self, value: object) -> str | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return format_numeric_date(value)
        return super().format_value(value)  # what the user typed, shown again with its error


class ThaiDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (BE or CE year) or ISO yyyy-mm-dd; see parse_thai_date.

    26/11/2569 is stored as 2026-11-26, never as the year 2569.
    """

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": INVALID_DATE_MESSAGE,
        "nonexistent": NONEXISTENT_DATE_MESSAGE,
        "year_out_of_range": YEAR_OUT_OF_RANGE_MESSAGE,
    }

    def to_python(self, value: object) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_thai_date(str(value))
        except ThaiDateError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from error
