"""Form fields shared by the apps: dates as Thai users type them (dd/mm/yyyy with a
Buddhist-era year), and text boxes whose suggestions carry a key (KeyedTextInput, KeyedField).

ThaiDateField for a date, ThaiSplitDateTimeField for a date and a time (the date typed the same
way). The admin uses them for every model DateField and DateTimeField: see portal/admin.py.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.lib.choices import kept
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
from portal.lib.numbers import parse_id


class ThaiDateInput(forms.DateInput):
    """A text box showing a date as dd/mm/yyyy: BE year in Thai (26/11/2569), CE in English.

    A text box rather than <input type="date">: the browser's own date picker shows and
    returns CE years, whatever the language.
    """

    input_type = "text"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "placeholder": _("dd/mm/yyyy"),
            "autocomplete": "off",
            "maxlength": 20,
        }
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


# Choices of objects read in one query


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A select's objects read in one query. Django's iterator streams them through a
    server-side cursor on PostgreSQL (DECLARE … WITH HOLD, FETCH, CLOSE: more round trips, and
    the result kept at commit): 11 ms for a district's 193 villages, against 4 ms read at once.
    Every row ends up in the page anyway."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():  # a fresh copy: the field's queryset keeps no rows
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField with its choices read in one query (ListedChoiceIterator)."""

    iterator = ListedChoiceIterator


class KeptChoiceIterator(ListedChoiceIterator):
    """A list filter's choices as (value, label), kept a while by the app server
    (portal.lib.choices): the filters above every list read the same small tables again and
    again. A form that saves something keeps ListedChoiceIterator, which reads them now."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from kept(self.queryset, self.read, kind=f"{type(self).__qualname__}:{self.kind()}")

    # Django's count and test the queryset: a query more each.
    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return any(True for _ in self)

    def kind(self) -> str:
        """What the labels depend on besides the query: the field's labelling."""
        return type(self.field).__qualname__

    def read(self, queryset) -> list[tuple[object, str]]:
        field = self.field
        return [(field.prepare_value(obj), str(field.label_from_instance(obj))) for obj in queryset]


class KeptModelChoiceField(forms.ModelChoiceField):
    """A list filter's ModelChoiceField (KeptChoiceIterator)."""

    iterator = KeptChoiceIterator


# Lists of objects chosen by id (checkboxes, a multiple select)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing a value that is no id before the database
    sees it: a 20-digit "id" overflows SQLite's integers in ``pk__in`` (a 500), and "²" passes
    ``isdigit()``. Use it for every multiple choice of objects keyed by an integer id."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk" and not isinstance(value, str) and hasattr(value, "__iter__"):
            for pk in value:
                if parse_id(pk) is None and not isinstance(pk, models.Model):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:20]},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # not in the stubs


# Text boxes with suggestions that carry a key

# What can be typed into a box that finds an object (a name, a code, a phone): longer text
# finds nothing, and only makes the database work (SQLite refuses LIKE patterns over 50 KB).
MAX_TYPED = 200
TOO_LONG_TO_FIND = _("Type at most %(limit)d characters: a name, a number or a code.")

SEPARATOR = " · "  # between the parts of a suggestion's label: name · village · hint


@dataclass(frozen=True)
class Typed:
    """What a keyed text box sent: the visible text, and the key of the suggestion chosen."""

    text: str = ""
    key: str = ""

    def __str__(self) -> str:
        return self.text


class KeyedTextInput(forms.TextInput):
    """A text box whose suggestions show a label (a name, never an internal key) and carry the
    object's key: portal.js copies the key of the chosen suggestion into a hidden
    ``<name>_key`` input, and clears it when the text changes. When the typed text matched
    several objects the field sets ``choices``, shown as radio buttons under that name."""

    KEY_SUFFIX = "_key"

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {"autocomplete": "off", "data-keyed": "", "maxlength": MAX_TYPED}
        super().__init__(attrs={**defaults, **(attrs or {})})
        self.choices: list[tuple[str, str]] = []  # replaced, never mutated (widgets are copied)

    def value_from_datadict(self, data, files, name) -> Typed:
        return Typed(str(data.get(name) or ""), str(data.get(name + self.KEY_SUFFIX) or ""))

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data

    def format_value(self, value):
        if isinstance(value, Typed):
            return value.text or None
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        key_name = name + self.KEY_SUFFIX
        key = value.key if isinstance(value, Typed) else ""
        if not self.choices:
            return box + format_html('<input type="hidden" name="{}" value="{}">', key_name, key)
        box_id = (attrs or {}).get("id") or self.attrs.get("id") or key_name
        radios = format_html_join(
            "",
            '<div class="form-check"><input class="form-check-input" type="radio" name="{}"'
            ' id="{}_{}" value="{}"{}><label class="form-check-label" for="{}_{}">{}</label>'
            "</div>",
            (
                (key_name, box_id, i, k, " checked" if k == key else "", box_id, i, label)
                for i, (k, label) in enumerate(self.choices)
            ),
        )
        return box + format_html(
            '<fieldset class="keyed-choices mt-2 mb-1"><legend class="visually-hidden">{}'
            "</legend>{}</fieldset>",
            _("Choose one"),
            radios,
        )


class KeyedField(forms.Field):
    """An object typed into a KeyedTextInput. It is found by the key of the suggestion chosen
    (checked again against the field's querysets); else by what was typed, the whole label of
    a suggestion or an exact name, number or phone: exactly one match is taken, several are
    offered as choices next to the box (the form is shown again, nothing typed is lost).

    Subclasses say how an object is keyed, labelled, found by key and matched by text."""

    widget = KeyedTextInput
    max_choices = 10
    default_error_messages = {
        "unknown": _("Nothing matches “%(value)s”. Choose one of the suggestions."),
        "several": _("Several match “%(value)s”. Choose one of them."),
        "too_long": TOO_LONG_TO_FIND,
    }

    def key_of(self, obj: models.Model) -> str:
        raise NotImplementedError

    def label_of(self, obj: models.Model) -> str:
        raise NotImplementedError

    def by_key(self, key: str) -> models.Model | None:
        raise NotImplementedError

    def matching(self, text: str) -> list[models.Model]:
        """The objects whose name, number or phone is exactly ``text`` (at most a few more
        than max_choices)."""
        raise NotImplementedError

    def prepare_value(self, value):
        if isinstance(value, models.Model):
            return Typed(self.label_of(value), self.key_of(value))
        return value

    def to_python(self, value) -> models.Model | None:
        if isinstance(value, models.Model):
            return value
        typed = value if isinstance(value, Typed) else Typed(str(value or ""))
        text = " ".join(typed.text.split())
        if not text:
            return None
        if len(text) > MAX_TYPED:
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"limit": MAX_TYPED}
            )
        if typed.key and (found := self.by_key(typed.key)) is not None:
            return found
        return self._one_of(self._candidates(text), text)

    def _candidates(self, text: str) -> list[models.Model]:
        """By the name part of a label (name · village · hint); a whole label narrows it down."""
        name = text.split(SEPARATOR.strip())[0].strip()
        found = self.matching(name)
        if len(found) > 1 and name != text:
            labelled = [obj for obj in found if " ".join(self.label_of(obj).split()) == text]
            found = labelled or found
        return found

    def _one_of(self, found: list[models.Model], text: str) -> models.Model:
        if len(found) == 1:
            return found[0]
        code = "several" if found else "unknown"
        shown = found[: self.max_choices]
        self.widget.choices = [(self.key_of(obj), self.label_of(obj)) for obj in shown]
        raise ValidationError(self.error_messages[code], code=code, params={"value": text})
