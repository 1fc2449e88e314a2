"""Forms of the request pages: intake (with the client picker and an inline new person), edit
and outcome (both with optimistic locking), and the small forms of the detail page's actions.

The forms only read and check what was typed; every write goes through services.actions.
"""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from centres.scoping import centre_workers
from clients.forms import PersonForm, exact_persons, person_label, typed_phone
from clients.models import ClientGroup, Person
from portal.forms import KeyedField, KeyedTextInput, ListedModelChoiceField, ThaiDateField
from portal.lib.numbers import parse_id
from portal.lib.text import MAX_TEXT
from portal.lib.users import display_name
from services.models import Channel, ServiceRequest, ServiceType, Urgency, Visit

# A suggestion's key: "g12" is a group, "p34" a person. It travels in the hidden client_key
# input and in links (?client=g12), never in the visible label.
CLIENT_KEY = re.compile(r"^\s*([gp])(\d{1,12})\b", re.IGNORECASE | re.ASCII)
PLACE = ("village__subdistrict",)  # what a label names


class UserChoiceField(ListedModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


# The client picker


def group_label(group: ClientGroup) -> str:
    """How a group is suggested: its name and village (its key travels apart, see ClientField)."""
    village = group.village
    return f"{group.name} · {village} {village.subdistrict.name}"


def client_label(client: ClientGroup | Person) -> str:
    return group_label(client) if isinstance(client, ClientGroup) else person_label(client)


def client_key(client: ClientGroup | Person) -> str:
    return f"{'g' if isinstance(client, ClientGroup) else 'p'}{client.pk}"


class ClientInput(KeyedTextInput):
    """A text box whose suggestions (groups and persons) come from services:client-search."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "data-suggest-url": reverse_lazy("services:client-search"),
            "placeholder": _("Type a name, registration number or phone"),
        }
        super().__init__(attrs={**defaults, **(attrs or {})})


class ClientField(KeyedField):
    """A group or a person of the given querysets (the user's scope at the current centre):
    the suggestion chosen (its key), or the one client whose exact name, registration number
    or phone was typed; when several have it, they are offered to choose from."""

    widget = ClientInput
    default_error_messages = {
        "unknown": _(
            "No client of this centre matches “%(value)s”. Choose one of the "
            "suggestions, or register a new person below."
        ),
        "several": _("Several clients of this centre match “%(value)s”. Choose one of them."),
    }

    def __init__(self, *, groups: QuerySet, persons: QuerySet, **kwargs) -> None:
        self.groups, self.persons = groups, persons
        super().__init__(**kwargs)

    def key_of(self, obj) -> str:
        return client_key(obj)

    def label_of(self, obj) -> str:
        return client_label(obj)

    def by_key(self, key: str) -> ClientGroup | Person | None:
        match = CLIENT_KEY.match(key)
        if not match:
            return None
        queryset = self.groups if match.group(1).lower() == "g" else self.persons
        return queryset.filter(pk=int(match.group(2))).select_related(*PLACE).first()

    def matching(self, text: str) -> list[ClientGroup | Person]:
        # A key typed or linked (?client=g12, or an older label "g12 · …") still finds it.
        if (match := CLIENT_KEY.match(text)) and (found := self.by_key(match.group(0))):
            return [found]
        limit = self.max_choices + 1
        groups = self.groups.filter(exact_group(text)).select_related(*PLACE)
        persons = self.persons.select_related(*PLACE)
        return list(groups[:limit]) + exact_persons(persons, text, limit=limit)


def exact_group(text: str) -> Q:
    """Groups whose name or registration number is ``text`` (any case), or whose contact
    phone it is."""
    query = Q(name__iexact=text) | Q(registration_number__iexact=text)
    if phone := typed_phone(text):
        query |= Q(contact_phone=phone)
    return query


# Intake


class IntakeForm(forms.Form):
    """A new request, fast enough for a walk-in. The client is either found by typing or, when
    the box is left empty, the new person of the QuickPersonForm shown with it."""

    client = ClientField(
        label=_("Client"),
        required=False,
        groups=ClientGroup.objects.none(),
        persons=Person.objects.none(),
        help_text=_("A group or a person registered at this centre."),
    )
    service_type = ListedModelChoiceField(
        label=_("Service"),
        queryset=ServiceType.objects.filter(is_active=True),
        empty_label=_("Choose a service"),
    )
    channel = forms.ChoiceField(
        label=capfirst(_("channel")),
        choices=Channel.choices,
        initial=Channel.ONSITE,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label=capfirst(_("urgency")),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=capfirst(_("subject")), max_length=200)
    description = forms.CharField(
        label=capfirst(_("description")),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assigned_to = UserChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Not yet"),
    )
    visit = forms.ModelChoiceField(
        queryset=Visit.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, centre: Centre, user, is_head: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].groups = ClientGroup.objects.visible_to(user).filter(centre=centre)
        self.fields["client"].persons = Person.objects.visible_to(user).filter(centre=centre)
        self.fields["visit"].queryset = Visit.objects.visible_to(user).filter(centre=centre)
        if is_head:
            self.fields["assigned_to"].queryset = centre_workers(centre)
        else:
            del self.fields["assigned_to"]
        if not self.is_bound:
            self._resolve_initial()

    def _resolve_initial(self) -> None:
        """A client given by key (?client=g12, from a client's page) shows as its label."""
        self.initial["client"] = self.fields["client"].by_key(str(self.initial.get("client", "")))
        visit = self.initial.get("visit")
        visits = self.fields["visit"].queryset
        pk = parse_id(visit)
        found = visits.filter(pk=pk).first() if pk is not None else None
        self.initial["visit"] = found
        if found is not None:
            chosen = self.initial.get("channel", self.fields["channel"].initial)
            self.initial["channel"] = found.channel_for_request(chosen)

    def is_valid_with(self, person_form: "QuickPersonForm") -> bool:
        """Valid with exactly one client: the one found, or the new person typed below."""
        valid = self.is_valid()
        typed = bool(str(self.data.get(self.add_prefix("client"), "")).strip())
        new_person = person_form.is_filled()
        if typed and new_person:
            self.add_error(
                "client", _("Choose a registered client or register a new person, not both.")
            )
        elif not typed and not new_person:
            self.add_error("client", _("Find the client, or register a new person below."))
        elif new_person:
            valid = person_form.is_valid() and valid
        return valid and not self.errors


class QuickPersonForm(PersonForm):
    """The few facts a walk-in gives at the counter; the rest is filled in later on the
    person's page. Keeps the registry's duplicate guard."""

    class Meta(PersonForm.Meta):
        fields = ["title", "first_name", "last_name", "phone"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("national_id", "remove_national_id", "birth_year", "consent_on"):
            self.fields.pop(name, None)
        self.fields["subdistrict"].help_text = _(
            "Type a few letters and choose from the suggestions."
        )

    def is_filled(self) -> bool:
        """Whether the user typed anything into the new person's fields."""
        names = ("title", "first_name", "last_name", "phone", "subdistrict", "village_number")
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in names)


# Editing, with the version the form was opened at


class VersionedForm(forms.ModelForm):
    """A form on a request that remembers the version it was opened at (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def changes(self) -> dict:
        """The fields the user changed, for services.actions.edit_request."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "version"}


class RequestEditForm(VersionedForm):
    class Meta:
        model = ServiceRequest
        fields = ["subject", "description", "service_type", "channel", "urgency"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "channel": forms.RadioSelect,
            "urgency": forms.RadioSelect,
        }
        help_texts = {
            "urgency": _("The due date does not change with it: the centre head changes it."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        types = ServiceType.objects.filter(is_active=True)
        if self.instance.service_type_id:  # a retired type stays choosable on its requests
            types = ServiceType.objects.filter(is_active=True) | ServiceType.objects.filter(
                pk=self.instance.service_type_id
            )
        self.fields["service_type"].queryset = types


SATISFACTION_CHOICES = [("", "–"), *((n, f"{n} ★") for n in range(1, 6))]


class OutcomeForm(VersionedForm):
    satisfaction = forms.TypedChoiceField(
        label=capfirst(_("client satisfaction (1-5)")),
        choices=SATISFACTION_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = ServiceRequest
        fields = [
            "outcome",
            "result_note",
            "money_obtained",
            "people_trained",
            "market_found",
            "satisfaction",
        ]
        widgets = {
            "outcome": forms.Textarea(attrs={"rows": 4}),
            "result_note": forms.Textarea(attrs={"rows": 3}),
            "money_obtained": forms.NumberInput(
                attrs={"min": "0", "step": "0.01", "inputmode": "decimal"}
            ),
            "people_trained": forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
        }
        help_texts = {
            "outcome": _("Required before the request can be marked resolved."),
            "result_note": _("For example: loan approved, training completed, a new buyer."),
        }

    def __init__(self, *args, resolving: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = resolving


# The detail page's actions


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, needs_note: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if needs_note:  # cancelling, reopening…: the reason goes in the timeline
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = _("Give a reason.")


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the note first.")},
    )


class AssignForm(forms.Form):
    assignee = UserChoiceField(
        label=_("Assign to"),
        queryset=get_user_model().objects.none(),
        error_messages={
            "required": _("Choose a staff member of the centre."),
            "invalid_choice": _("Choose a staff member of the centre."),
        },
    )

    def __init__(self, *args, centre: Centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = centre_workers(centre)


class DueDateForm(forms.Form):
    due_date = ThaiDateField(label=_("New due date"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason.")},
    )
