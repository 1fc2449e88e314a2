"""Forms of the visit pages and of attachment uploads.

A visit is planned at the office (kind, date, purpose, villages, staff) and recorded in the
field on a phone (attendees, groups met, what was done, photos): two short forms, not one long
one. Villages are picked like everywhere else (subdistrict by typing + หมู่ที่) and created as
needed.
"""

import re
from collections.abc import Callable
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centres.forms import SubdistrictField
from centres.models import Centre, Village
from centres.scoping import centre_workers, sees_many_centres
from clients.models import ClientGroup, GroupStatus, Person
from portal.forms import (
    IdMultipleChoiceField,
    KeyedField,
    KeyedTextInput,
    ListedModelChoiceField,
    ThaiDateField,
)
from portal.lib.fiscal import fiscal_year, fiscal_year_range
from portal.lib.months import month_label, months_around, parse_month
from portal.lib.numbers import MAX_ID, parse_id
from portal.lib.text import MAX_TEXT
from portal.lib.users import display_name
from services.filters import visible_centre_choices
from services.forms import ClientField
from services.models import (
    OPEN_STATUSES,
    ServiceRequest,
    ServiceType,
    Urgency,
    Visit,
    VisitKind,
    VisitStatus,
)
from services.uploads import ACCEPT, CheckedFile, check_upload

MAX_FILES_AT_ONCE = 20
GROUP_PK = re.compile(r"^\s*(\d{1,12})\s*·")  # an older label: "12 · name · …"
REFERENCE = re.compile(r"\d{4}-\d{4}-\d{5}")


# Files: several at once, each checked by its content


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list of CheckedFile (see services.uploads)."""

    default_error_messages = {
        "too_many": _("Attach at most %(limit)d files at once."),
    }

    def __init__(self, *, attrs: dict | None = None, **kwargs) -> None:
        attrs = {"accept": ACCEPT, **(attrs or {})}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[CheckedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES_AT_ONCE:
            raise ValidationError(
                self.error_messages["too_many"],
                code="too_many",
                params={"limit": MAX_FILES_AT_ONCE},
            )
        checked, errors = [], []
        for file in files:
            try:
                checked.append(check_upload(super().clean(file, initial)))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return checked


class AttachmentUploadForm(forms.Form):
    files = MultipleFileField(label=_("Files"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


# Choosing people and groups


class StaffChoiceField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return display_name(obj)


def group_label(group: ClientGroup) -> str:
    """How a group is offered in the typed picker: name and village; its key travels apart."""
    moo = _("Moo %(number)d") % {"number": group.village.number}
    return f"{group.name} · {moo} {group.village.subdistrict.name}"


class GroupChoiceField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: ClientGroup) -> str:
        return f"{obj.name} · {obj.village}"


class TypedGroupField(KeyedField):
    """A group of ``queryset``: the suggestion chosen (its key), or the one group whose exact
    name or registration number was typed; namesakes are offered to choose from."""

    default_error_messages = {
        "unknown": _("No group of this centre matches “%(value)s”. Choose one from the list."),
        "several": _("Several groups of this centre are called “%(value)s”. Choose one of them."),
    }

    def __init__(self, *, queryset: QuerySet, **kwargs) -> None:
        self.queryset = queryset.select_related("village__subdistrict")
        kwargs.setdefault("widget", KeyedTextInput(attrs={"list": "group-suggestions"}))
        super().__init__(**kwargs)

    def key_of(self, obj: ClientGroup) -> str:
        return str(obj.pk)

    def label_of(self, obj: ClientGroup) -> str:
        return group_label(obj)

    def by_key(self, key: str) -> ClientGroup | None:
        if (pk := parse_id(key)) is None:
            return None
        return self.queryset.filter(pk=pk).first()

    def matching(self, text: str) -> list[ClientGroup]:
        if match := GROUP_PK.match(text):  # an older label, "12 · name · …"
            found = self.by_key(match.group(1))
            return [found] if found else []
        exact = Q(name__iexact=text) | Q(registration_number__iexact=text)
        return list(self.queryset.filter(exact)[: self.max_choices + 1])

    def _candidates(self, text: str) -> list[ClientGroup]:
        if GROUP_PK.match(text):
            return self.matching(text)
        return super()._candidates(text)


def groups_in(centre: Centre, villages) -> QuerySet:
    return ClientGroup.objects.filter(centre=centre, village__in=villages).select_related("village")


class GroupsMixin(forms.Form):
    """Groups met: checkboxes of the centre's groups in the visit's villages, and one more
    typed (any group of the centre)."""

    def add_group_fields(self, centre: Centre, visit: Visit | None) -> None:
        village_ids = list(visit.villages.values_list("pk", flat=True)) if visit else []
        nearby = groups_in(centre, village_ids)
        if visit is not None:
            nearby = nearby | ClientGroup.objects.filter(pk__in=visit.groups.all())
        self.fields["groups"] = GroupChoiceField(
            label=_("Groups met"),
            queryset=nearby.distinct().order_by("village__number", "name"),
            required=False,
            help_text=_("The centre's groups in the villages of this visit."),
        )
        self.fields["other_group"] = TypedGroupField(
            label=_("Another group"),
            queryset=ClientGroup.objects.filter(centre=centre),
            required=False,
            help_text=_("Type the group's name and choose it from the suggestions."),
        )
        self.group_suggestions = ClientGroup.objects.filter(centre=centre).exclude(
            status=GroupStatus.DISSOLVED
        )

    def group_options(self) -> list[tuple[str, str]]:
        """The typed picker's suggestions (a <datalist> on the page): key and label."""
        groups = self.group_suggestions.select_related("village__subdistrict")
        return [(str(g.pk), group_label(g)) for g in groups.order_by("name")[:500]]

    def chosen_groups(self) -> list[ClientGroup]:
        groups = list(self.cleaned_data.get("groups") or [])
        other = self.cleaned_data.get("other_group")
        if other is not None and other not in groups:
            groups.append(other)
        return groups


# The version the form was opened at (optimistic locking, as services.forms.VersionedForm)


OUT_OF_DATE = _("This form is out of date. Open the visit again and retry.")


class VisitVersionMixin(forms.Form):
    """A visit's form remembers the version it was opened at: a save is refused when someone
    saved the visit since (services.visit_actions, StaleEdit), and a form without its
    version (an old page, a script) is refused too."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)

    def add_version(self, visit: Visit | None) -> None:
        if visit is None:
            del self.fields["version"]  # a new visit has no version yet
        else:
            self.fields["version"].initial = visit.version

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.has_error("version"):
            self.add_error(None, OUT_OF_DATE)
        return cleaned


# Planning


class VisitPlanForm(VisitVersionMixin, GroupsMixin, forms.ModelForm):
    planned_date = ThaiDateField(label=capfirst(_("date")))

    class Meta:
        model = Visit
        fields = ["kind", "planned_date", "is_urgent", "title"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, centre: Centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = VisitKind.choices  # radio buttons: no empty choice
        visit = self.instance if self.instance.pk else None
        self.add_version(visit)
        self.fields["staff"] = StaffChoiceField(
            label=_("Staff who go"), queryset=centre_workers(centre), required=False
        )
        self.add_group_fields(centre, visit)
        if visit is not None:
            self.initial.setdefault("staff", list(visit.staff.all()))
            self.initial.setdefault("groups", list(visit.groups.all()))
        if visit is None or not self.fields["groups"].queryset.exists():
            del self.fields["groups"]  # no villages yet: only the typed group


class VillageRowForm(forms.Form):
    """One village visited: the subdistrict picker and หมู่ที่; an empty row is skipped."""

    subdistrict = SubdistrictField(label=_("Subdistrict"), required=False)
    village_number = forms.IntegerField(
        label=_("Village number (Moo)"),
        min_value=1,
        max_value=99,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    village_name = forms.CharField(label=_("Village name"), max_length=100, required=False)

    def __init__(self, *args, centre: Centre | None = None, **kwargs) -> None:
        self.centre = centre
        super().__init__(*args, **kwargs)

    def clean_subdistrict(self):
        subdistrict = self.cleaned_data["subdistrict"]
        if subdistrict is not None and self.centre is not None:
            self.centre.check_place(subdistrict)
        return subdistrict

    def clean(self) -> dict:
        cleaned = super().clean()
        subdistrict, number = cleaned.get("subdistrict"), cleaned.get("village_number")
        if subdistrict and not number:
            self.add_error("village_number", _("Enter the village number (Moo)."))
        if number and not subdistrict and not self.has_error("subdistrict"):
            self.add_error("subdistrict", _("Choose the subdistrict of this village."))
        return cleaned

    def village(self) -> Village | None:
        """The village this row names, created (or its name filled in) as needed."""
        data = self.cleaned_data
        if not data.get("subdistrict") or not data.get("village_number"):
            return None
        name = data.get("village_name", "")
        with transaction.atomic():
            village, created = Village.objects.get_or_create(
                subdistrict=data["subdistrict"],
                number=data["village_number"],
                defaults={"name": name},
            )
            if not created and name and not village.name:
                village.name = name
                village.save(update_fields=["name"])
        return village


VillageRowFormSet = forms.formset_factory(
    VillageRowForm, extra=2, max_num=30, absolute_max=40, validate_max=True
)


def village_rows(data=None, *, centre: Centre, visit: Visit | None = None) -> forms.BaseFormSet:
    initial = []
    if visit is not None:
        for village in visit.villages.select_related("subdistrict__district__province"):
            initial.append(
                {
                    "subdistrict": village.subdistrict,
                    "village_number": village.number,
                    "village_name": village.name,
                }
            )
    return VillageRowFormSet(
        data, initial=initial, prefix="villages", form_kwargs={"centre": centre}
    )


def chosen_villages(rows: forms.BaseFormSet) -> list[Village]:
    villages = [row.village() for row in rows.forms]  # a cleared or empty row gives None
    unique = {v.pk: v for v in villages if v is not None}
    return list(unique.values())


# Recording in the field


class VisitRecordForm(VisitVersionMixin, GroupsMixin, forms.ModelForm):
    follow_up_on = ThaiDateField(label=capfirst(_("follow-up date")), required=False)
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        attrs={"accept": "image/*", "capture": "environment"},
        help_text=_("Take photos with the camera, or choose them; several at once."),
    )

    class Meta:
        model = Visit
        fields = ["attendees", "what_was_done", "follow_up_on"]
        widgets = {
            "attendees": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "what_was_done": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["what_was_done"].required = True
        self.add_version(self.instance)
        self.add_group_fields(self.instance.centre, self.instance)
        self.initial.setdefault("groups", list(self.instance.groups.all()))
        order = ["attendees", "groups", "other_group", "what_was_done", "follow_up_on", "photos"]
        self.order_fields(order)


# Requests: raised on the spot, or served


class RaiseRequestForm(forms.Form):
    """A new request raised during the visit: for a group met there, or any client of the
    centre found by typing (the intake's picker, services:client-search)."""

    group = ListedModelChoiceField(
        label=_("A group of this visit"), queryset=ClientGroup.objects.none(), required=False
    )
    client = ClientField(
        label=_("or another client"),
        groups=ClientGroup.objects.none(),
        persons=Person.objects.none(),
        required=False,
    )
    service_type = ListedModelChoiceField(
        label=_("Service type"), queryset=ServiceType.objects.filter(is_active=True)
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, visit: Visit, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        centre = visit.centre
        nearby = Q(pk__in=visit.groups.all()) | Q(village__in=visit.villages.all())
        groups = ClientGroup.objects.filter(nearby, centre=centre).select_related("village")
        self.fields["group"].queryset = groups.distinct().order_by("name")
        self.fields["group"].label_from_instance = lambda g: f"{g.name} · {g.village}"
        client = self.fields["client"]
        client.groups = ClientGroup.objects.visible_to(user).filter(centre=centre)
        client.persons = Person.objects.visible_to(user).filter(centre=centre)
        self.fields["urgency"].initial = Urgency.URGENT if visit.is_urgent else Urgency.NORMAL

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.has_error("client"):
            return cleaned
        group, other = cleaned.get("group"), cleaned.get("client")
        if bool(group) == bool(other):
            raise ValidationError(_("Choose one client: a group of this visit, or another one."))
        cleaned["chosen_client"] = group or other
        return cleaned


class RequestChoiceField(IdMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: ServiceRequest) -> str:
        return f"{obj.reference} · {obj.client} · {obj.subject}"


class ServeRequestsForm(forms.Form):
    """The requests the visit served: open requests of the clients met, ticked; others typed
    by reference."""

    requests = RequestChoiceField(
        label=_("Open requests of the groups and villages visited"),
        queryset=ServiceRequest.objects.none(),
        required=False,
    )
    references = forms.CharField(
        label=_("Other requests"),
        max_length=2_000,  # about a hundred references
        required=False,
        help_text=_("Type the references of other open requests, e.g. 5001-2570-00042."),
    )

    def __init__(self, *args, visit: Visit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.centre_requests = ServiceRequest.objects.filter(centre=visit.centre)
        groups, villages = visit.groups.all(), visit.villages.all()
        nearby = (
            Q(client_group__in=groups)
            | Q(client_group__village__in=villages)
            | Q(person__village__in=villages)
        )
        candidates = self.centre_requests.filter(
            (nearby & Q(status__in=OPEN_STATUSES)) | Q(pk__in=visit.served_requests.all())
        )
        self.fields["requests"].queryset = candidates.select_related(
            "client_group", "person"
        ).order_by("due_date", "pk")
        self.initial.setdefault("requests", list(visit.served_requests.all()))

    def clean_references(self) -> list[ServiceRequest]:
        references = REFERENCE.findall(self.cleaned_data["references"])
        found = list(
            self.centre_requests.filter(reference__in=references, status__in=OPEN_STATUSES)
        )
        missing = sorted(set(references) - {r.reference for r in found})
        if missing:
            raise ValidationError(
                _("No open request of this centre has the reference %(references)s."),
                params={"references": ", ".join(missing)},
            )
        leftover = REFERENCE.sub("", self.cleaned_data["references"]).strip(" ,;\n\r\t")
        if leftover:
            raise ValidationError(_("Type references as 5001-2570-00042, separated by spaces."))
        return found

    def chosen_requests(self) -> list[ServiceRequest]:
        chosen = {r.pk: r for r in self.cleaned_data["requests"]}
        chosen.update({r.pk: r for r in self.cleaned_data["references"]})
        return list(chosen.values())


# The visit list's filters


class When(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    PAST = "past", _("Past")
    ALL = "all", _("All dates")


class VisitFilterForm(forms.Form):
    when = forms.ChoiceField(label=_("When"), choices=When.choices, required=False)
    day = ThaiDateField(label=_("On the day"), required=False)  # the calendar's "and N more"
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    month = forms.ChoiceField(label=_("Month"), required=False)
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)
    centre = forms.ChoiceField(label=_("Centre"), required=False)

    def __init__(
        self,
        *args,
        months: list[date],
        years: list[int] | None = None,
        centres: list[tuple[str, str]] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [("", _("Any fiscal year"))] + [
            (y, y) for y in years or []
        ]
        if centres is None:  # a user of one centre: nothing to choose
            del self.fields["centre"]
        else:
            self.fields["centre"].choices = [("", _("All centres")), *centres]
        self.fields["kind"].choices = [("", _("All kinds")), *VisitKind.choices]
        self.fields["status"].choices = [("", _("All statuses")), *VisitStatus.choices]
        self.fields["month"].choices = [("", _("Any month"))] + [
            (f"{m:%Y-%m}", month_label(m.year, m.month)) for m in months
        ]

    def apply(self, visits: QuerySet, today: date) -> QuerySet:
        """The visits that match; upcoming ones soonest first, past ones latest first."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("kind"):
            visits = visits.filter(kind=data["kind"])
        if data.get("status"):
            visits = visits.filter(status=data["status"])
        if data.get("centre"):
            visits = visits.of_district(data["centre"])
        if data.get("fiscal_year"):
            first, last = fiscal_year_range(data["fiscal_year"])
            visits = visits.filter(planned_date__range=(first, last))
        if data.get("day"):
            return visits.filter(planned_date=data["day"]).order_by("planned_date", "pk")
        if month := parse_month(data.get("month")):
            end = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            return visits.filter(planned_date__gte=month, planned_date__lt=end).order_by(
                "planned_date", "pk"
            )
        when = data.get("when") or (When.ALL if data.get("fiscal_year") else When.UPCOMING)
        if when == When.UPCOMING:
            return visits.filter(planned_date__gte=today).order_by("planned_date", "pk")
        if when == When.PAST:
            visits = visits.filter(planned_date__lt=today)
        return visits.order_by("-planned_date", "-pk")


MONTHS_BACK = 36  # the month filter's window: three years back, a year ahead
MONTHS_AHEAD = 12
YEARS_BACK = 5  # the fiscal-year filter: next year, this one and five before


def visit_filters(user, today: date) -> Callable[[QueryDict | None], VisitFilterForm]:
    """The visit list's filters for ``user`` (for bind_query_filters / bind_filters): the list,
    its export and a background export offer the same choices."""
    # A window around today, not Min/Max over every visit (a scan at national scale).
    months = months_around(today, back=MONTHS_BACK, ahead=MONTHS_AHEAD)
    current = fiscal_year(today)  # a calendar of fiscal years, like the months
    years = list(range(current + 1, current - YEARS_BACK - 1, -1))
    centres = visible_centre_choices(user) if sees_many_centres(user) else None
    return lambda data: VisitFilterForm(data, months=months, years=years, centres=centres)
