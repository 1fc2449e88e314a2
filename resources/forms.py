"""Forms of the resource pages. They read and check what was typed; every write goes through
resources.actions."""

from decimal import Decimal

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Village
from clients.models import ClientGroup, Person
from portal.forms import ListedModelChoiceField, ThaiDateField
from portal.lib.phone import INVALID_PHONE_MESSAGE, normalize_thai_phone
from resources.models import (
    Attendance,
    Coverage,
    Event,
    Kind,
    Offer,
    OrganisationType,
    Resource,
)
from services.forms import ClientField
from services.models import OPEN_STATUSES, ServiceRequest, ServiceType

MONEY_FIELD = {
    "max_digits": 14,
    "decimal_places": 2,
    "min_value": Decimal("0"),
    "required": False,
}


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    service_type = ListedModelChoiceField(
        label=_("Service type"),
        required=False,
        queryset=ServiceType.objects.filter(is_active=True),
        empty_label=_("All service types"),
    )
    coverage = forms.ChoiceField(
        label=_("Coverage"),
        required=False,
        choices=[("", _("All coverages")), *Coverage.choices],
    )

    def apply(self, resources: QuerySet) -> QuerySet:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            resources = resources.search(data["q"])
        if data.get("kind"):
            resources = resources.filter(kind=data["kind"])
        if data.get("service_type"):
            resources = resources.filter(service_types=data["service_type"])
        if data.get("coverage"):
            resources = resources.filter(coverage=data["coverage"])
        return resources


class ResourceForm(forms.ModelForm):
    """A centre's own resource (national and provincial ones are kept in the admin)."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = [
            "kind",
            "name",
            "organisation_type",
            "offers_text",
            "service_types",
            "contact_person",
            "phone",
            "email",
            "line_id",
            "website",
            "address",
            "expertise",
            "village",
            "is_active",
        ]
        widgets = {
            "service_types": forms.CheckboxSelectMultiple,
            "offers_text": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "expertise": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, centre: Centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        self.instance.coverage = Coverage.DISTRICT
        self.fields["village"].queryset = Village.objects.filter(
            subdistrict__district=centre.district
        ).select_related("subdistrict")
        self.fields["service_types"].queryset = ServiceType.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation_type") == OrganisationType.LOCAL_SAGE and not cleaned.get(
            "expertise"
        ):
            self.add_error("expertise", _("Say what the local sage knows."))
        return cleaned


class OfferForm(forms.ModelForm):
    """An offer's terms: fill those of its kind (a loan product, a market, a training)."""

    class Meta:
        model = Offer
        fields = [
            "name",
            "interest_rate",
            "ceiling",
            "term_months",
            "conditions",
            "fees",
            "what_sells",
            "topic",
            "capacity",
            "is_active",
        ]
        widgets = {
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "fees": forms.Textarea(attrs={"rows": 2}),
            "what_sells": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, resource: Resource, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.resource = resource


class OfferChoiceField(ListedModelChoiceField):
    def label_from_instance(self, obj: Offer) -> str:
        return f"{obj.resource.name} · {obj.name}"


class ReferralForm(forms.Form):
    resource = ListedModelChoiceField(label=_("Resource"), queryset=Resource.objects.none())
    offer = OfferChoiceField(
        label=_("Offer (optional)"), required=False, queryset=Offer.objects.none()
    )
    asked = forms.CharField(
        label=_("What was asked"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: a loan of 200,000 baht to buy a sewing machine."),
    )
    amount_asked = forms.DecimalField(label=_("Amount asked (baht)"), **MONEY_FIELD)
    sent_on = ThaiDateField(label=_("Sent on"))
    follow_up_on = ThaiDateField(
        label=_("Follow-up date"),
        required=False,
        help_text=_(
            "Left empty: set from the kind of resource (30 days for funding, 14 for others)."
        ),
    )

    def __init__(self, *args, resources: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources
        self.fields["offer"].queryset = Offer.objects.filter(
            resource__in=resources, is_active=True
        ).select_related("resource")

    def clean(self):
        cleaned = super().clean()
        offer, resource = cleaned.get("offer"), cleaned.get("resource")
        if offer and resource and offer.resource_id != resource.pk:
            self.add_error("offer", _("This offer belongs to another resource."))
        sent, follow_up = cleaned.get("sent_on"), cleaned.get("follow_up_on")
        if sent and follow_up and follow_up < sent:
            self.add_error(
                "follow_up_on", _("The follow-up cannot be before the referral was sent.")
            )
        return cleaned


class RespondForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The resource's answer"),
        choices=[("accepted", _("Accepted")), ("declined", _("Declined"))],
        widget=forms.RadioSelect,
    )
    responded_on = ThaiDateField(label=_("Answered on"))
    reason = forms.CharField(
        label=_("Reason for declining"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "declined" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the resource's reason for declining."))
        return cleaned


class CompleteForm(forms.Form):
    completed_on = ThaiDateField(label=_("Completed on"))
    money_obtained = forms.DecimalField(label=_("Money obtained (baht)"), **MONEY_FIELD)
    sales = forms.DecimalField(label=_("Sales or orders (baht)"), **MONEY_FIELD)
    people_trained = forms.IntegerField(label=_("People trained"), required=False, min_value=0)
    market_found = forms.CharField(label=_("Market found"), required=False, max_length=200)
    other_result = forms.CharField(
        label=_("Other result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    RESULTS = ("money_obtained", "sales", "people_trained", "market_found", "other_result")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and all(cleaned.get(name) in (None, "") for name in self.RESULTS):
            self.add_error("money_obtained", _("Record at least one result of the referral."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(forms.Form):
    follow_up_on = ThaiDateField(label=_("New follow-up date"))


class EventForm(forms.ModelForm):
    starts_on = ThaiDateField(label=_("Date"))
    ends_on = ThaiDateField(label=_("Last day (if more than one)"), required=False)

    class Meta:
        model = Event
        fields = [
            "kind",
            "topic",
            "starts_on",
            "ends_on",
            "place_kind",
            "village",
            "place",
            "organiser",
            "speakers",
            "service_types",
            "requests",
            "capacity",
            "summary",
        ]
        widgets = {
            "service_types": forms.CheckboxSelectMultiple,
            "speakers": forms.CheckboxSelectMultiple,
            "requests": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, centre: Centre, speakers: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.centre = centre
        self.fields["village"].queryset = Village.objects.filter(
            subdistrict__district=centre.district
        ).select_related("subdistrict")
        self.fields["speakers"].queryset = speakers
        self.fields["service_types"].queryset = ServiceType.objects.filter(is_active=True)
        # The centre's open requests, and those the event already serves.
        served = self.instance.requests.all() if self.instance.pk else ServiceRequest.objects.none()
        self.fields["requests"].queryset = ServiceRequest.objects.filter(
            Q(centre=centre, status__in=OPEN_STATUSES) | Q(pk__in=served.values("pk"))
        ).order_by("-received_at")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first."))
        return cleaned


class ParticipantForm(forms.Form):
    """Who came: a person or group of the registry, typed and chosen from suggestions (the
    intake's picker: a large centre's thousands of persons are never listed on the page), or a
    walk-in's name typed on the day."""

    client = ClientField(
        label=_("Person or group"),
        required=False,
        groups=ClientGroup.objects.none(),
        persons=Person.objects.none(),
        help_text=_("Type a name, registration number or phone and choose."),
    )
    walk_in_name = forms.CharField(label=_("Or a walk-in's name"), required=False, max_length=200)
    walk_in_phone = forms.CharField(label=_("Walk-in's phone"), required=False, max_length=20)
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=Attendance.choices, initial=Attendance.ATTENDED
    )

    def __init__(self, *args, centre: Centre, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].groups = ClientGroup.objects.visible_to(user).filter(centre=centre)
        self.fields["client"].persons = Person.objects.visible_to(user).filter(centre=centre)

    def clean_walk_in_phone(self) -> str:
        text = self.cleaned_data["walk_in_phone"].strip()
        if not text:
            return ""
        try:
            return normalize_thai_phone(text)
        except ValueError:
            raise forms.ValidationError(INVALID_PHONE_MESSAGE, code="invalid_thai_phone") from None

    def clean(self):
        cleaned = super().clean()
        if "client" in self.errors:
            return cleaned
        client = cleaned.get("client")
        name = cleaned.get("walk_in_name", "").strip()
        if bool(client) == bool(name):
            self.add_error(
                "walk_in_name", _("Choose a person or a group, or type a walk-in's name.")
            )
        elif client is not None and cleaned.get("walk_in_phone"):
            self.add_error("walk_in_phone", _("A phone is kept only for a walk-in."))
        cleaned["person"] = client if isinstance(client, Person) else None
        cleaned["group"] = client if isinstance(client, ClientGroup) else None
        return cleaned


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "–"), *[(n, str(n)) for n in range(1, 6)]],
    )
    will_apply = forms.CharField(label=_("What they will apply"), required=False, max_length=500)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)
