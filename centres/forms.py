"""The village picker: a subdistrict found by typing, a village number, an optional name.

Villages are many (~75,000) and created as needed, so forms never list them: the user types
a subdistrict's Thai or English name or code (the browser offers matches from
``centres:subdistrict-search``), then the หมู่ที่ number.
"""

import re
from typing import TYPE_CHECKING

from django import forms
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from centres.models import Subdistrict, Village
from portal.forms import MAX_TYPED, TOO_LONG_TO_FIND

# For the type checker only: the mixin goes on model forms (at run time its base is a Form).
if TYPE_CHECKING:
    _ModelFormBase = forms.ModelForm
else:
    _ModelFormBase = forms.Form

SUBDISTRICT_CODE = re.compile(r"^\s*(\d{6})\b")


def subdistrict_label(subdistrict: Subdistrict) -> str:
    """How a subdistrict is offered and shown: code first, so a chosen label parses back."""
    district = subdistrict.district
    return (
        f"{subdistrict.code} {subdistrict.name_th} · {district.name_th} · "
        f"{district.province.name_th}"
    )


class SubdistrictInput(forms.TextInput):
    """A text box whose suggestions come from the subdistrict search (see portal.js)."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "autocomplete": "off",
            "data-suggest-url": reverse_lazy("centres:subdistrict-search"),
            "placeholder": _("Type a subdistrict name or code"),
            "maxlength": MAX_TYPED,
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Subdistrict):
            return subdistrict_label(value)
        if isinstance(value, str) and value.isdigit() and len(value) == 6:
            found = Subdistrict.objects.select_related("district__province").filter(code=value)
            return subdistrict_label(found[0]) if found else value
        return super().format_value(value)


class SubdistrictField(forms.Field):
    """Accepts a 6-digit code (alone or leading a suggestion) or an exact Thai/English name."""

    widget = SubdistrictInput
    default_error_messages = {
        "unknown": _("No subdistrict matches “%(value)s”. Type its name or 6-digit code."),
        "ambiguous": _(
            "Several subdistricts are called “%(value)s”. Choose one from the suggestions."
        ),
        "too_long": TOO_LONG_TO_FIND,
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Subdistrict):
            return value
        text = str(value).strip()
        if len(text) > MAX_TYPED:
            raise forms.ValidationError(
                self.error_messages["too_long"], code="too_long", params={"limit": MAX_TYPED}
            )
        match = SUBDISTRICT_CODE.match(text)
        if match:
            found = list(Subdistrict.objects.filter(code=match.group(1)))
        else:
            name = text.removeprefix("ตำบล").removeprefix("แขวง").strip()
            found = list(Subdistrict.objects.filter(name_th=name)[:2]) or list(
                Subdistrict.objects.filter(name_en__iexact=name)[:2]
            )
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"value": text}
            )
        return found[0]


def _has_centre(instance) -> bool:
    return getattr(instance, "centre_id", None) is not None


class VillageFormMixin(_ModelFormBase):
    """Adds the picker to a ModelForm with a ``village`` foreign key (exclude ``village`` from
    its fields); ``save()`` then creates the village if it is new. When the instance has a
    centre, the subdistrict must lie in its district (``Centre.check_place``)."""

    subdistrict = SubdistrictField(label=_("Subdistrict"))
    village_number = forms.IntegerField(label=_("Village number (Moo)"), min_value=1, max_value=99)
    village_name = forms.CharField(label=_("Village name"), max_length=100, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        village = getattr(self.instance, "village", None) if self.instance.village_id else None
        if village is not None and not self.is_bound:
            self.initial.setdefault("subdistrict", village.subdistrict)
            self.initial.setdefault("village_number", village.number)
            self.initial.setdefault("village_name", village.name)

    def clean_subdistrict(self):
        subdistrict = self.cleaned_data["subdistrict"]
        centre = getattr(self.instance, "centre", None) if _has_centre(self.instance) else None
        if subdistrict is not None and centre is not None:
            centre.check_place(subdistrict)
        return subdistrict

    def chosen_village(self) -> Village:
        """The village the cleaned fields name, created (or its name filled in) as needed."""
        data = self.cleaned_data
        with transaction.atomic():
            village, created = Village.objects.get_or_create(
                subdistrict=data["subdistrict"],
                number=data["village_number"],
                defaults={"name": data.get("village_name", "")},
            )
            if not created and data.get("village_name") and not village.name:
                village.name = data["village_name"]
                village.save(update_fields=["name"])
        return village

    def save(self, commit: bool = True):
        self.instance.village = self.chosen_village()
        return super().save(commit=commit)
