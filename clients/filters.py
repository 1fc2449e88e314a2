"""The filters of the group and person lists (django-filter).

The subdistrict and village choices come from the geography of the districts the user sees,
never from the rows being listed (a scan of every visible row at national scale): a centre's
users choose from their districts' subdistricts and villages; users who see many centres type
a subdistrict (the village picker's search) and choose among its villages only once it is
chosen, so no page renders tens of thousands of options.
"""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.forms import SubdistrictField
from centres.models import Subdistrict, Village, village_label
from centres.scoping import centre_scope, scope_key, sees_many_centres
from clients.models import (
    ClientGroup,
    Gender,
    GroupKind,
    GroupStatus,
    Person,
    StarRating,
)
from portal.forms import KeptChoiceIterator, KeptModelChoiceField
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


class SubdistrictChoiceField(KeptModelChoiceField):
    def label_from_instance(self, obj: Subdistrict) -> str:
        return f"{obj.name} · {obj.district.name}"


class VillageChoices(KeptChoiceIterator):
    """A district's villages (about 200) labelled from their values in one query: a model
    instance for each village and its subdistrict cost more than the query itself."""

    def read(self, queryset) -> list[tuple[object, str]]:
        place = f"subdistrict__{Subdistrict.name_field()}"
        rows = queryset.values_list("pk", "number", "name", place)
        return [
            (pk, f"{village_label(number, name)} · {subdistrict}")
            for pk, number, name, subdistrict in rows
        ]


class VillageChoiceField(KeptModelChoiceField):
    iterator = VillageChoices


class SubdistrictFilter(django_filters.ModelChoiceFilter):
    field_class = SubdistrictChoiceField


class VillageFilter(django_filters.ModelChoiceFilter):
    field_class = VillageChoiceField


class SubdistrictSearchFilter(django_filters.Filter):
    """A typed subdistrict (name or 6-digit code), for users who see many centres."""

    field_class = SubdistrictField


def chosen_code(data, name: str = "subdistrict") -> str | None:
    """The subdistrict code a query string names, typed alone or leading a suggestion."""
    text = str(data.get(name, "") if data else "").strip()[:6]
    return text if len(text) == 6 and text.isascii() and text.isdigit() else None


def set_place_choices(filterset: django_filters.FilterSet, user, *, method: str = "") -> None:
    """The subdistrict and village filters of ``filterset`` for ``user`` (see the module's
    docstring); ``method`` is the filter set's method for a subdistrict, if it has one."""
    villages = Village.objects.select_related("subdistrict").order_by(
        "subdistrict__name_th", "number"
    )
    code = chosen_code(filterset.data)
    if sees_many_centres(user):
        old = filterset.filters["subdistrict"]
        typed = SubdistrictSearchFilter(
            label=old.label, field_name=old.field_name, method=method or None
        )
        typed.parent = filterset
        filterset.filters["subdistrict"] = typed
        villages = villages.filter(subdistrict_id=code) if code else villages.none()
    else:
        scope = centre_scope(user, via="district__centre__")
        filterset.filters["subdistrict"].queryset = (
            Subdistrict.objects.filter(scope).select_related("district").order_by("name_th")
        )
        villages = villages.filter(centre_scope(user, via="subdistrict__district__centre__"))
        if code:
            villages = villages.filter(subdistrict_id=code)
    filterset.filters["village"].queryset = villages


class ScopedFilterSet(django_filters.FilterSet):
    """A list's filters for ``user``, whose choices come from the centres the user sees: the
    list's template writes them with ``{% filter_fields %}``, which keeps the markup for
    their :attr:`scope` (portal.templatetags.filterfields)."""

    def __init__(self, data=None, *args, user, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.user = user

    @property
    def scope(self) -> str:
        return scope_key(self.user)

    @property
    def form(self) -> forms.Form:
        """The form, with the fields its filters made for this instance. django-filter builds a
        form class of them, which Django's form copies deeply again on every page: a quarter
        of binding a list's filters (issue 8). The fields are this instance's own, so the
        form takes them as they are (as a form whose fields are set after ``__init__``)."""
        if not hasattr(self, "_form"):
            data = self.data if self.is_bound else None
            form = self._meta.form(data, prefix=self.form_prefix)
            form.fields = {name: filter_.field for name, filter_ in self.filters.items()}
            self._form = form
        return self._form


class _PlaceFilterSet(ScopedFilterSet):
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
        super().__init__(*args, user=user, **kwargs)
        set_place_choices(self, user)

    @property
    def active_filters(self) -> int:
        """How many filters (not the search box) are set: the folded form says so."""
        return sum(1 for name in self.filters if name != "q" and self.data.get(name))


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

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_persons(queryset, value, user=self.user)

    def filter_consent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(consent_on__isnull=value != "yes")
