"""Form fields for dates as Thai users type them: dd/mm/yyyy with a Buddhist-era year.

ThaiDateField for a date, ThaiSplitDateTimeField for a date and a time (the date typed the same
way). The admin uses them for every model DateField and DateTimeField: see portal/admin.py.
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.lib.dates import (
    INVALID_DATE_MESSAGE,
    MAX_CE_YEAR,
    MIN_CE_YEAR,
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

    def validate(self, value: date | None) -> None:
        super().validate(value)
        # A date given as an object (an initial value, a disabled field) skips the parser.
        if value is not None and not MIN_CE_YEAR <= value.year <= MAX_CE_YEAR:
            raise ValidationError(
                self.error_messages["year_out_of_range"], code="year_out_of_range"
            )


class ThaiSplitDateTimeWidget(forms.SplitDateTimeWidget):
    """A date box (ThaiDateInput: BE year in Thai) and a time box."""

    def __init__(self, attrs: dict | None = None) -> None:
        widgets = [ThaiDateInput(), forms.TimeInput()]
        forms.MultiWidget.__init__(self, widgets, attrs)  # as the admin's AdminSplitDateTime


class ThaiSplitHiddenDateTimeWidget(ThaiSplitDateTimeWidget):
    """The same pair as hidden inputs (the admin's "initial-" copy of a field with a default)."""

    template_name = "django/forms/widgets/splithiddendatetime.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        for widget in self.widgets:
            widget.input_type = "hidden"


class ThaiSplitDateTimeField(forms.SplitDateTimeField):
    """A date and time in two boxes, the date read by ThaiDateField (BE, CE or ISO year).

    Django's SplitDateTimeField reads the date with strptime, so 30/11/2569 would be the year
    2569 CE; this one stores 2026-11-30. The time keeps Django's TIME_INPUT_FORMATS.
    """

    widget = ThaiSplitDateTimeWidget
    hidden_widget = ThaiSplitHiddenDateTimeWidget

    def __init__(self, *, input_date_formats=None, input_time_formats=None, **kwargs) -> None:
        # input_date_formats is accepted for Django's signature and unused: the parser is ours.
        errors = {**self.default_error_messages, **kwargs.get("error_messages", {})}
        fields = (
            ThaiDateField(),
            forms.TimeField(
                input_formats=input_time_formats, error_messages={"invalid": errors["invalid_time"]}
            ),
        )
        forms.MultiValueField.__init__(self, fields, **kwargs)
