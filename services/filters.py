"""The filters of the request list and its export (django-filter).

Choices come from small tables and calendars, never from a scan of the visible requests: the
assignees are the visible centres' workers, the fiscal years run from the visible centres'
first numbered year (their reference counters) to the current one, and the places come from
the visible districts' geography (clients.filters.set_place_choices).
"""

import functools

import django_filters
import django_filters.fields
from django.contrib.auth import get_user_model
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, District, Subdistrict, Village
from centres.scoping import centre_scope, centre_workers, sees_many_centres, visible_centre_ids
from clients.filters import ScopedFilterSet, SubdistrictFilter, VillageFilter, set_place_choices
from clients.models import ClientGroup, GroupKind, Person
from portal.filtering import KeptFilterChoiceField, KeptModelChoiceFilter
from portal.lib.choices import kept
from portal.lib.dates import ENGLISH_MONTHS, THAI_MONTHS, thai_is_active
from portal.lib.fiscal import fiscal_month_starts, fiscal_year, to_be_year
from portal.lib.numbers import parse_int
from portal.lib.users import display_name
from services.models import (
    OPEN_STATUSES,
    Channel,
    ReferenceCounter,
    ServiceRequest,
    ServiceType,
    Status,
    Urgency,
)

ALL = _("All")
OPEN = "open"
PERSON = "person"
YEARS_SHOWN = 5
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
SORTS = {
    "-received": ("-received_at", "-pk"),
    "received": ("received_at", "pk"),
    "due": ("due_date", "-received_at", "-pk"),
    "-due": ("-due_date", "-received_at", "-pk"),
}
SORT_CHOICES = [
    ("-received", _("Newest first")),
    ("received", _("Oldest first")),
    ("due", _("Due date, soonest first")),
    ("-due", _("Due date, latest first")),
]


class AssigneeField(KeptFilterChoiceField):  # django-filter's, which knows null_label
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class AssigneeFilter(django_filters.ModelChoiceFilter):
    field_class = AssigneeField


def fiscal_years_of(user) -> list[int]:
    """The current fiscal year back to the first one numbered at a centre the user sees, and
    at least the last :data:`YEARS_SHOWN` (newest first): a calendar, read from the few
    reference counters, not from a DISTINCT over the requests."""
    current = fiscal_year(timezone.localdate())
    counters = ReferenceCounter.objects.filter(centre_scope(user, via="centre__"))
    first = kept(counters, _first_year, kind="first-fiscal-year") or current
    return list(range(current, min(first, current - YEARS_SHOWN + 1) - 1, -1))


def _first_year(counters: QuerySet) -> int | None:
    return counters.aggregate(first=Min("fiscal_year"))["first"]


def month_choices(year: int | None) -> list[tuple[int, str]]:
    """October to September; with a fiscal year chosen, each month carries its BE year."""
    names = THAI_MONTHS if thai_is_active() else ENGLISH_MONTHS
    if year is None:
        return [(m, names[m - 1]) for m in FISCAL_MONTHS]
    be = to_be_year if thai_is_active() else int
    return [(d.month, f"{names[d.month - 1]} {be(d.year)}") for d in fiscal_month_starts(year)]


def visible_centre_choices(user) -> list[tuple[str, str]]:
    """The centres the user sees, by district code (what the dashboards link with), read as
    values: the country's 928 as model instances cost an administrator's list 15 ms."""
    centres = Centre.objects.visible_to(user).order_by("district")
    return kept(centres, _centre_choices, kind="centre-choices")


def _centre_choices(centres: QuerySet) -> list[tuple[str, str]]:
    return list(centres.values_list("district_id", f"district__{District.name_field()}"))


def _of_clients(requests: QuerySet, **place) -> QuerySet:
    """The requests of the groups and persons of a place. The clients are read first (a
    subdistrict holds a few hundred), so the requests are found by their client indexes: an OR
    of two subqueries would be planned as a scan of every request."""
    groups = list(ClientGroup.objects.filter(**place).order_by().values_list("pk", flat=True))
    persons = list(Person.objects.filter(**place).order_by().values_list("pk", flat=True))
    return requests.filter(Q(client_group__in=groups) | Q(person__in=persons))


class RequestFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("All open")), *Status.choices],
        method="filter_status",
        empty_label=ALL,
    )
    service_type = KeptModelChoiceFilter(
        label=_("Service"), queryset=ServiceType.objects.all(), empty_label=ALL
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=ALL
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"), choices=Urgency.choices, empty_label=ALL
    )
    assigned_to = AssigneeFilter(
        label=_("Assigned to"),
        queryset=get_user_model().objects.none(),
        empty_label=ALL,
        null_label=_("Not assigned"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Overdue only"))],
        method="filter_overdue",
        empty_label=ALL,
    )
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), choices=[], empty_label=ALL)
    month = django_filters.ChoiceFilter(
        label=_("Month received"), choices=[], method="filter_month", empty_label=ALL
    )
    subdistrict = SubdistrictFilter(
        label=_("Subdistrict"),
        queryset=Subdistrict.objects.none(),
        method="filter_subdistrict",
        empty_label=ALL,
    )
    village = VillageFilter(
        label=_("Village"),
        queryset=Village.objects.none(),
        method="filter_village",
        empty_label=ALL,
    )
    client_kind = django_filters.ChoiceFilter(
        label=_("Client"),
        choices=[(PERSON, _("Person")), *GroupKind.choices],
        method="filter_client_kind",
        empty_label=ALL,
    )
    # By district code (?centre=5001), as the dashboards link; offered to those who see several
    # centres, with choices from the centres table. The (centre, …) indexes serve it.
    centre = django_filters.ChoiceFilter(
        label=_("Centre"), choices=[], method="filter_centre", empty_label=ALL
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "q",
            "centre",
            "status",
            "service_type",
            "channel",
            "urgency",
            "assigned_to",
            "overdue",
            "fiscal_year",
            "month",
            "subdistrict",
            "village",
            "client_kind",
            "sort",
        ]

    def __init__(self, data=None, *args, user, **kwargs) -> None:
        super().__init__(data, *args, user=user, **kwargs)
        # Administrators see every centre: their select would list every worker of the country
        # (≈ 4,000 options), so they filter by "not assigned" only (the admin finds the rest).
        if not user.is_superuser:
            centres = Centre.objects.visible_to(user).order_by()
            self.filters["assigned_to"].queryset = centre_workers(centres)
        # Read when the choices are shown or a year is asked for, not for every export.
        years = functools.cache(lambda: fiscal_years_of(user))
        self.filters["fiscal_year"].extra["choices"] = lambda: [(y, y) for y in years()]
        chosen = str(self.data.get("fiscal_year", ""))
        year = parse_int(chosen)
        year = year if year is not None and year in years() else None
        self.filters["month"].extra["choices"] = month_choices(year)
        set_place_choices(self, user, method="filter_subdistrict")
        if sees_many_centres(user):  # a province's or the country's: the dashboards link here
            self.filters["centre"].extra["choices"] = lambda: visible_centre_choices(user)
        else:
            del self.filters["centre"]

    @property
    def active_filters(self) -> int:
        """How many filters (not the search box or the order) are set."""
        return sum(1 for name in self.filters if name not in ("q", "sort") and self.data.get(name))

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if not self.form.is_bound or not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["-received"])
        return queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # An administrator searches the whole country; everyone else their own centres.
        centres = None if self.user.is_superuser else visible_centre_ids(self.user)
        for word in value.split():  # "สมหญิง ใจงาม" finds the first and the last name
            queryset = queryset.search(word, centre_ids=centres)
        return queryset

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.overdue() if value == "yes" else queryset

    def filter_month(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(received_at__month=int(value))  # in the portal's time zone

    def filter_subdistrict(self, queryset: QuerySet, name: str, value: Subdistrict) -> QuerySet:
        villages = list(
            Village.objects.filter(subdistrict=value).order_by().values_list("pk", flat=True)
        )
        return _of_clients(queryset, village__in=villages)

    def filter_village(self, queryset: QuerySet, name: str, value: Village) -> QuerySet:
        return _of_clients(queryset, village=value)

    def filter_client_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == PERSON:
            return queryset.filter(person__isnull=False)
        return queryset.filter(client_group__kind=value)

    def filter_centre(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.of_district(value)

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS[value])
