"""Forms of the committee pages: each checks its input and says what is wrong next to the field;
the rules that span rows (quorum, who may act) are the actions'."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from committees.models import APPROVED_NEXT, CommitteeMember, Opinion, Outcome, Presence, Round
from portal.forms import ThaiDateField, ThaiSplitDateTimeField
from services.models import ServiceType, Status


class MemberForm(forms.ModelForm):
    term_start = ThaiDateField(label=capfirst(_("term start")))
    term_end = ThaiDateField(label=capfirst(_("term end")))
    username = forms.CharField(
        label=_("Portal login (username)"),
        required=False,
        help_text=_("Leave empty for a member without a login."),
    )
    expertise = forms.ModelMultipleChoiceField(
        label=capfirst(_("expertise")),
        queryset=ServiceType.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CommitteeMember
        fields = [
            "title",
            "first_name",
            "last_name",
            "phone",
            "email",
            "category",
            "position",
            "term_start",
            "term_end",
            "expertise",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.user_id:
            self.fields["username"].initial = self.instance.user.username

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active login has this username."))
        return user

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data

    def member_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "expertise"}
        return {**fields, "user": self.cleaned_data["username"]}


class EndTermForm(forms.Form):
    on = ThaiDateField(label=_("Last day on the committee"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PutBeforeForm(forms.Form):
    question = forms.CharField(
        label=_("Question for the committee"), widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(label=_("Case summary"), widget=forms.Textarea(attrs={"rows": 4}))


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Your opinion"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required unless you support the request."),
    )

    def clean(self):
        data = super().clean()
        if data.get("opinion") not in (None, Opinion.SUPPORT) and not data.get("note", "").strip():
            self.add_error("note", _("Say why, or on what conditions."))
        return data


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Your conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: you are a member of the group asking."),
    )


class MeetingForm(forms.Form):
    starts_at = ThaiSplitDateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=200)
    rounds = forms.ModelMultipleChoiceField(
        label=_("Cases on the agenda"),
        queryset=Round.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_items = forms.CharField(
        label=_("Other agenda items"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, centre, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rounds = Round.objects.filter(centre=centre).open().select_related("request")
        self.fields["rounds"].queryset = rounds
        self.fields["rounds"].label_from_instance = lambda r: (
            f"{r.request.reference} {r.request.subject}"
        )


class AttendanceForm(forms.Form):
    """One choice per member sitting on the meeting's date."""

    def __init__(self, *args, members, current: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=member.full_name,
                choices=Presence.choices,
                initial=current.get(member.pk, Presence.PRESENT),
                widget=forms.RadioSelect,
            )

    def presence(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


_NEXT_CHOICES = [("", "—")] + [(s, Status(s).label) for s in APPROVED_NEXT]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Resolution"), choices=Outcome.choices)
    next_status = forms.ChoiceField(
        label=_("If approved, the request goes"), choices=_NEXT_CHOICES, required=False
    )
    text = forms.CharField(
        label=_("Text of the resolution"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        approved = data.get("outcome") in (Outcome.APPROVED, Outcome.APPROVED_WITH_CONDITIONS)
        if approved and not data.get("next_status"):
            self.add_error("next_status", _("Say where the approved request goes next."))
        return data


class ResolutionForm(OutcomeForm):
    votes_for = forms.IntegerField(label=_("For"), min_value=0, initial=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, initial=0)
    votes_abstaining = forms.IntegerField(label=_("Abstaining"), min_value=0, initial=0)

    def __init__(self, *args, present: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.present = present

    def clean(self):
        data = super().clean()
        votes = [data.get(f"votes_{k}") or 0 for k in ("for", "against", "abstaining")]
        if sum(votes) > self.present:
            self.add_error(
                "votes_for",
                _("The votes cannot be more than the %(present)d members present.")
                % {"present": self.present},
            )
        return data


class VisitMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Committee members who went"),
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, visit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = CommitteeMember.objects.sitting(visit.planned_date).filter(centre=visit.centre)
        self.fields["members"].queryset = members.order_by("first_name")
        self.fields["members"].label_from_instance = lambda m: m.full_name
