"""Forms of the registry's staff pages: groups, persons, memberships, products, yearly figures.

Every form takes the signed-in ``user``: the duplicate guard links only to records the user may
see, and the person picker offers only persons in the user's scope.
"""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centres.forms import VillageFormMixin
from clients.models import (
    ALL_FIGURES,
    ClientGroup,
    GroupMembership,
    GroupSnapshot,
    Person,
    Product,
    Standard,
    StarRating,
)
from portal.forms import IdMultipleChoiceField, KeyedField, KeyedTextInput, ThaiDateField
from portal.lib.numbers import parse_id
from portal.lib.phone import INVALID_PHONE_MESSAGE, normalize_thai_phone
from portal.lib.thai_id import is_valid_thai_id, normalize_thai_id

MONEY_FIGURES = {
    "capital",
    "monthly_savings",
    "loans_outstanding",
    "annual_revenue",
    "debts_overdue",
}
BE_YEAR_MESSAGE = _("Enter a Buddhist-era year between 2400 and 2700, for example 2569.")


def squeeze(text: str) -> str:
    """One space between words, none around: how names are stored and compared."""
    return " ".join(text.split())


# Placeholders are built when the module loads: translate them when a page renders.
example = lazy(lambda value: _("e.g. %(value)s") % {"value": value}, str)


def be_year_field(label, *, required: bool = True, placeholder: str = "2569") -> forms.Field:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=2400,
        max_value=2700,
        error_messages={"min_value": BE_YEAR_MESSAGE, "max_value": BE_YEAR_MESSAGE},
        widget=forms.NumberInput(
            attrs={"placeholder": example(placeholder), "inputmode": "numeric"}
        ),
    )


def clean_phone_number(value: str) -> str:
    if not value:
        return ""
    try:
        return normalize_thai_phone(value)
    except ValueError:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_thai_phone") from None


# The duplicate guard


@dataclass(frozen=True)
class Duplicate:
    """An existing record that looks like the one being saved; ``url`` only if the user may
    open it."""

    label: str
    url: str | None


ELSEWHERE_LOOK_ALIKE = _(
    "A similar record is registered at another centre. If it may be the same, ask the portal "
    "administrator to check before you register this one."
)
REGISTERED_ELSEWHERE = _(
    "This ID number is already registered at another centre. Ask the portal administrator to "
    "check it: give them the ID number and the person's name."
)


class DuplicateGuardMixin(forms.Form):
    """Refuses to save a record that looks like an existing one until the user ticks
    ``confirm_duplicate``; the checkbox appears only once a look-alike was found."""

    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: this is not the same as the record(s) above"),
        required=False,
        widget=forms.HiddenInput,
    )
    duplicate_message = _("A similar record exists.")
    duplicates: list[Duplicate] = []

    def look_alikes(self) -> list:
        raise NotImplementedError

    def check_duplicates(self) -> None:
        found = self.look_alikes()
        if not found:
            return
        visible = set(
            type(found[0]).objects.visible_to(self.user).filter(pk__in=[r.pk for r in found])
        )
        # Another centre's record is not named (PDPA): only that one exists, and whom to ask.
        self.duplicates = [
            Duplicate(self.duplicate_label(r), r.get_absolute_url()) for r in found if r in visible
        ]
        if len(self.duplicates) < len(found):
            self.duplicates.append(Duplicate(str(ELSEWHERE_LOOK_ALIKE), None))
        self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
        if not self.cleaned_data.get("confirm_duplicate"):
            self.add_error("confirm_duplicate", self.duplicate_message)


# Groups


class GroupForm(VillageFormMixin, DuplicateGuardMixin, forms.ModelForm):
    founded_on = ThaiDateField(label=capfirst(_("founded on")), required=False)
    contact_phone = forms.CharField(
        label=capfirst(_("contact phone")),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    duplicate_message = _(
        "A group with this name is already registered in this subdistrict. Check the list "
        "above; tick the box to register this one anyway."
    )
    field_order = [
        "kind",
        "otop_producer_type",
        "name",
        "registration_number",
        "subdistrict",
        "village_number",
        "village_name",
        "founded_on",
        "status",
        "contact_name",
        "contact_phone",
        "member_count",
        "main_activity",
        "notes",
        "confirm_duplicate",
    ]

    class Meta:
        model = ClientGroup
        fields = [
            "kind",
            "otop_producer_type",
            "name",
            "registration_number",
            "founded_on",
            "status",
            "contact_name",
            "contact_phone",
            "member_count",
            "main_activity",
            "notes",
        ]
        widgets = {
            "main_activity": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"otop_producer_type": _("Only for OTOP producers or entrepreneurs.")}

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        return squeeze(self.cleaned_data["name"])

    def clean_registration_number(self) -> str:
        return squeeze(self.cleaned_data["registration_number"])

    def clean_contact_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["contact_phone"])

    def clean(self) -> dict:
        cleaned = super().clean()
        number, kind = cleaned.get("registration_number"), cleaned.get("kind")
        if number and kind and self._registration_taken(kind, number):
            self.add_error(
                "registration_number",
                _("Another group of this kind at this centre has this registration number."),
            )
        self.check_duplicates()
        return cleaned

    def _registration_taken(self, kind: str, number: str) -> bool:
        same = ClientGroup.objects.filter(
            centre=self.instance.centre, kind=kind, registration_number=number
        )
        return same.exclude(pk=self.instance.pk).exists()

    def look_alikes(self) -> list[ClientGroup]:
        """Groups of the same subdistrict whose name differs only in case or spacing."""
        name, subdistrict = self.cleaned_data.get("name"), self.cleaned_data.get("subdistrict")
        if not name or not subdistrict:
            return []
        key = name.casefold()
        same_place = ClientGroup.objects.filter(village__subdistrict=subdistrict)
        same_place = same_place.exclude(pk=self.instance.pk).select_related("village")
        return [g for g in same_place if squeeze(g.name).casefold() == key]

    def duplicate_label(self, group: ClientGroup) -> str:
        return f"{group.name} · {group.village} · {group.get_kind_display()}"


# Persons


class PersonForm(VillageFormMixin, DuplicateGuardMixin, forms.ModelForm):
    national_id = forms.CharField(
        label=capfirst(_("national ID number")),
        max_length=20,
        required=False,
        help_text=_("13 digits; dashes and spaces are fine."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    remove_national_id = forms.BooleanField(
        label=_("Remove the registered ID number"), required=False
    )
    phone = forms.CharField(
        label=capfirst(_("phone")),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    birth_year = be_year_field(capfirst(_("birth year (BE)")), required=False, placeholder="2510")
    consent_on = ThaiDateField(
        label=capfirst(_("consent given on")),
        required=False,
        help_text=_("The day the person agreed that the centre keeps their data."),
    )
    duplicate_message = _(
        "A person with this name and birth year is already registered in this village. Check "
        "the list above; tick the box to register this one anyway."
    )
    field_order = [
        "title",
        "first_name",
        "last_name",
        "national_id",
        "remove_national_id",
        "gender",
        "birth_year",
        "phone",
        "subdistrict",
        "village_number",
        "village_name",
        "occupation",
        "consent_on",
        "confirm_duplicate",
    ]

    class Meta:
        model = Person
        fields = [
            "title",
            "first_name",
            "last_name",
            "national_id",
            "gender",
            "birth_year",
            "phone",
            "occupation",
            "consent_on",
        ]

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.national_id:
            # The edit form never shows a stored ID (PDPA): empty keeps it, a new one replaces it.
            self.initial["national_id"] = ""
            self.fields["national_id"].help_text = _(
                "Registered: %(masked)s. Leave empty to keep it, or type a new one to replace it."
            ) % {"masked": self.instance.masked_national_id}
        else:
            del self.fields["remove_national_id"]

    def clean_first_name(self) -> str:
        return squeeze(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return squeeze(self.cleaned_data["last_name"])

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["phone"])

    def clean_national_id(self) -> str | None:
        number = normalize_thai_id(self.cleaned_data["national_id"])
        if not number:
            return None
        if not is_valid_thai_id(number):
            raise ValidationError(
                _("This is not a valid Thai national ID number: check the 13 digits."),
                code="invalid_thai_id",
            )
        holder = Person.objects.filter(national_id=number).exclude(pk=self.instance.pk).first()
        if holder is not None:
            raise ValidationError(self._registered_message(holder), code="registered")
        return number

    def _registered_message(self, holder: Person) -> str:
        """Names the holder only to whom may find them by ID (staff of the holder's centre)."""
        if Person.objects.holding_national_id(holder.national_id, self.user).exists():
            link = format_html('<a href="{}">{}</a>', holder.get_absolute_url(), holder.full_name)
            return format_html(_("This ID number is already registered to {person}."), person=link)
        return str(REGISTERED_ELSEWHERE)

    def clean(self) -> dict:
        cleaned = super().clean()
        kept = self.instance.national_id
        if kept and not cleaned.get("national_id") and "national_id" not in self.errors:
            cleaned["national_id"] = None if cleaned.get("remove_national_id") else kept
        self.check_duplicates()
        return cleaned

    def look_alikes(self) -> list[Person]:
        """Persons of the same village with the same names (and birth year, when given)."""
        data = self.cleaned_data
        keys = ("subdistrict", "village_number", "first_name", "last_name")
        if not all(data.get(key) for key in keys):
            return []
        same = Person.objects.filter(
            village__subdistrict=data["subdistrict"],
            village__number=data["village_number"],
            first_name__iexact=data["first_name"],
            last_name__iexact=data["last_name"],
        )
        if data.get("birth_year"):
            same = same.filter(birth_year=data["birth_year"])
        return list(same.exclude(pk=self.instance.pk).select_related("village"))

    def duplicate_label(self, person: Person) -> str:
        born = _("born %(year)s") % {"year": person.birth_year} if person.birth_year else ""
        return " · ".join(part for part in (person.full_name, str(person.village), born) if part)

    def save(self, commit: bool = True) -> Person:
        if "consent_on" in self.changed_data:
            self.instance.consent_recorded_by = self.user if self.instance.consent_on else None
        return super().save(commit=commit)


# Memberships: the person is picked by typing


# An older suggestion label, "13 · นายสมชาย …": its leading number is the person's key.
PERSON_PK = re.compile(r"^\s*(\d{1,12})\s*·")


def person_hint(person: Person) -> str:
    """What tells two namesakes apart without showing their ID: the last digits of the phone,
    else the masked ID."""
    if person.phone:
        return _("phone …%(last)s") % {"last": person.phone[-4:]}
    if person.national_id:
        return _("ID %(masked)s") % {"masked": person.masked_national_id}
    return ""


def person_label(person: Person) -> str:
    """How a person is suggested: name, village and a hint (the key travels apart)."""
    village = person.village
    parts = (person.full_name, f"{village} {village.subdistrict.name}", person_hint(person))
    return " · ".join(part for part in parts if part)


class PersonInput(KeyedTextInput):
    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "data-suggest-url": reverse_lazy("clients:person-search"),
            "placeholder": _("Type a name, phone or ID number"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})


class PersonField(KeyedField):
    """A person of ``queryset`` (the user's scope): the suggestion chosen, or the one person
    whose whole national ID, phone or full name was typed; namesakes are offered to choose."""

    widget = PersonInput
    default_error_messages = {
        "unknown": _("Choose a person from the suggestions, or register the person first."),
        "several": _("Several persons match “%(value)s”. Choose one of them."),
    }

    def __init__(self, *, queryset, user, **kwargs) -> None:
        self.queryset, self.user = queryset, user
        super().__init__(**kwargs)

    def key_of(self, obj: Person) -> str:
        return str(obj.pk)

    def label_of(self, obj: Person) -> str:
        return person_label(obj)

    def by_key(self, key: str) -> Person | None:
        if (pk := parse_id(key)) is None:
            return None
        return self.queryset.filter(pk=pk).select_related("village__subdistrict").first()

    def matching(self, text: str) -> list[Person]:
        persons = self.queryset.select_related("village__subdistrict")
        number = normalize_thai_id(text)
        if len(number) == 13 and is_valid_thai_id(number):
            return list(persons.holding_national_id(number, self.user)[:1])
        if (match := PERSON_PK.match(text)) and (found := self.by_key(match.group(1))):
            return [found]
        return exact_persons(persons, text, limit=self.max_choices + 1)

    def _candidates(self, text: str) -> list[Person]:
        if PERSON_PK.match(text):  # an older label: its number, not its name part
            return self.matching(text)
        return super()._candidates(text)


def exact_persons(persons, text: str, *, limit: int) -> list[Person]:
    """Persons whose whole name (with or without the title) or phone is ``text``."""
    if phone := typed_phone(text):
        return list(persons.filter(phone=phone)[:limit])
    words = text.split()
    if len(words) < 2:
        return []
    wanted = text.casefold()
    named = persons.filter(last_name__iexact=words[-1])[:200]
    found = [
        p
        for p in named
        if wanted in (p.full_name.casefold(), f"{p.first_name} {p.last_name}".casefold())
    ]
    return found[:limit]


PHONE_LIKE = re.compile(r"[+\d][\d\s\-]{7,}")


def typed_phone(text: str) -> str:
    """The Thai phone number ``text`` is (as stored: 0812345678), or "" when it is none."""
    if not PHONE_LIKE.fullmatch(text):
        return ""
    try:
        return normalize_thai_phone(text)
    except ValueError:
        return ""


class GroupMembershipForm(forms.ModelForm):
    joined_on = ThaiDateField(label=capfirst(_("joined on")), required=False)
    left_on = ThaiDateField(label=capfirst(_("left on")), required=False)

    class Meta:
        model = GroupMembership
        fields = ["person", "role", "joined_on", "left_on"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["person"]  # a membership stays the same person's
        else:
            self.fields["person"] = PersonField(
                label=capfirst(_("person")),
                queryset=Person.objects.visible_to(user).with_place(),
                user=user,
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        person = cleaned.get("person") if "person" in self.fields else self.instance.person
        if person is not None and not cleaned.get("left_on") and self._already_member(person):
            error = _("%(person)s is already a current member of this group.") % {
                "person": person.full_name
            }
            self.add_error("person" if "person" in self.fields else None, error)
        return cleaned

    def _already_member(self, person: Person) -> bool:
        current = GroupMembership.objects.current().filter(group=self.instance.group, person=person)
        return current.exclude(pk=self.instance.pk).exists()


class EndMembershipForm(forms.ModelForm):
    left_on = ThaiDateField(label=capfirst(_("left on")))

    class Meta:
        model = GroupMembership
        fields = ["left_on"]


# Products and their stars


class ProductForm(forms.ModelForm):
    standards = IdMultipleChoiceField(
        label=capfirst(_("standards held")),
        queryset=Standard.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Product
        fields = ["name", "category", "standards", "other_standards", "price", "unit"]
        widgets = {"price": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}


class StarRatingForm(forms.ModelForm):
    year = be_year_field(capfirst(_("selection year (BE)")), placeholder="2568")
    stars = forms.TypedChoiceField(
        label=capfirst(_("stars")),
        choices=[("", "–"), *((n, "★" * n) for n in range(1, 6))],
        coerce=int,
    )

    class Meta:
        model = StarRating
        fields = ["year", "stars"]


# absolute_max: a forged TOTAL_FORMS builds at most this many forms (Django's default is
# max_num + 1,000, and a thousand rating forms took a worker 25 seconds).
StarRatingFormSet = inlineformset_factory(
    Product,
    StarRating,
    form=StarRatingForm,
    extra=2,
    can_delete=True,
    max_num=50,
    absolute_max=60,
    validate_max=True,
)


# Yearly figures


class GroupSnapshotForm(forms.ModelForm):
    """Shows only the figures the group's kind reports (plus any other one already filled in,
    which must then be emptied: see GroupSnapshot.clean)."""

    fiscal_year = be_year_field(capfirst(_("fiscal year (BE)")))

    class Meta:
        model = GroupSnapshot
        fields = ["fiscal_year", *ALL_FIGURES]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ALL_FIGURES:
            if name not in self.instance.figures and getattr(self.instance, name) is None:
                del self.fields[name]
            elif name in MONEY_FIGURES:
                self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})
            else:
                self.fields[name].widget.attrs.update({"min": "0"})

    def clean_fiscal_year(self) -> int:
        year = self.cleaned_data["fiscal_year"]
        same = GroupSnapshot.objects.filter(group=self.instance.group, fiscal_year=year)
        if same.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("This group already has figures for fiscal year %(year)s: edit those instead."),
                code="duplicate_year",
                params={"year": year},
            )
        return year
