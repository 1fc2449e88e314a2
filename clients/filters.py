"""The filters of the group and person lists (django-filter).

The subdistrict and village choices are only the places where the user has groups (or
persons) to find, so a provincial officer's select stays short and no one learns of places
they cannot see.
"""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import Subdistrict, Village
from clients.models import (
    ClientGroup,
    Gender,
    GroupKind,
    GroupStatus,
    Person,
    StarRating,
)
from portal.lib.phone import normalize_thai_phone

# Digits with the separators people type in phone and ID numbers.
NUMBER = re.compile(r"[\d\s\-+().]*\d[\d\s\-+().]*")
STAR_CHOICES = [(str(n), "★" * n + ("+" if n < 5 else "")) for n in range(1, 6)]
ALL = _("All")


def search_persons(persons: QuerySet, text: str, *, user) -> QuerySet:
    """By name, phone number, or a whole national ID (typed with dashes or not); an ID finds
    only persons of the centres where ``user`` is staff or head, and nobody anywhere else."""
    text = text.strip()
    if NUMBER.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 13:
            return persons.holding_national_id(digits, user)
        try:
            text = normalize_thai_phone(text)  # "+66 81-234-5678" is stored 0812345678
        except ValueError:
            text = digits
    return persons.search(text) if text else persons


class SubdistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Subdistrict) -> str:
        return f"{obj.name} · {obj.district.name}"


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Village) -> str:
        return f"{obj} · {obj.subdistrict.name}"


class SubdistrictFilter(django_filters.ModelChoiceFilter):
    field_class = SubdistrictChoiceField


class VillageFilter(django_filters.ModelChoiceFilter):
    field_class = VillageChoiceField


def _subdistricts_of(villages: QuerySet) -> QuerySet:
    return (
        Subdistrict.objects.filter(pk__in=villages.values("subdistrict_id"))
        .select_related("district")
        .order_by("name_th")
    )


class _PlaceFilterSet(django_filters.FilterSet):
    """Search box, subdistrict and village; the village choices narrow to the chosen
    subdistrict."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    subdistrict = SubdistrictFilter(
        label=_("Subdistrict"),
        field_name="village__subdistrict",
        queryset=Subdistrict.objects,
        empty_label=ALL,
    )
    village = VillageFilter(label=_("Village"), queryset=Village.objects, empty_label=ALL)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        villages = Village.objects.filter(pk__in=self.visible_rows(user).values("village_id"))
        self.filters["subdistrict"].queryset = _subdistricts_of(villages)
        subdistrict = self.data.get("subdistrict")
        if subdistrict and str(subdistrict).isdigit():
            villages = villages.filter(subdistrict_id=subdistrict)
        self.filters["village"].queryset = villages.select_related("subdistrict").order_by(
            "subdistrict__name_th", "number"
        )

    @property
    def active_filters(self) -> int:
        """How many filters (not the search box) are set: the folded form says so."""
        return sum(1 for name in self.filters if name != "q" and self.data.get(name))

    def visible_rows(self, user) -> QuerySet:
        raise NotImplementedError


class GroupFilter(_PlaceFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=GroupKind.choices, empty_label=ALL)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=GroupStatus.choices, empty_label=ALL
    )
    stars = django_filters.ChoiceFilter(
        label=_("OTOP stars"), choices=STAR_CHOICES, method="filter_stars", empty_label=ALL
    )

    class Meta:
        model = ClientGroup
        fields = ["q", "kind", "status", "subdistrict", "village", "stars"]

    def visible_rows(self, user) -> QuerySet:
        return ClientGroup.objects.visible_to(user)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value.strip()) if value.strip() else queryset

    def filter_stars(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Groups with a product rated at least ``value`` stars in any selection year, not only
        the latest: a group that ever made a 4-star product is one the centre looks for when a
        fair asks for "4 stars and up"."""
        rated = StarRating.objects.filter(product__group=OuterRef("pk"), stars__gte=int(value))
        return queryset.filter(Exists(rated))


class PersonFilter(_PlaceFilterSet):
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices, empty_label=ALL)
    has_consent = django_filters.ChoiceFilter(
        label=_("Consent to keep data"),
        choices=[("yes", _("Recorded")), ("no", _("Not recorded"))],
        method="filter_consent",
        empty_label=ALL,
    )

    class Meta:
        model = Person
        fields = ["q", "subdistrict", "village", "gender", "has_consent"]

    def visible_rows(self, user) -> QuerySet:
        return Person.objects.visible_to(user)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_persons(queryset, value, user=self.user)

    def filter_consent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(consent_on__isnull=value != "yes")
