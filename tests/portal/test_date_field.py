from datetime import date

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.test.utils import isolate_apps
from django.utils import translation

from portal.admin import THAI_DATE_FORMFIELD_OVERRIDES
from portal.forms import ThaiDateField, ThaiDateInput


def make_meeting_model() -> type[models.Model]:
    """A throwaway model with a DateField; call it inside @isolate_apps."""

    class Meeting(models.Model):
        held_on = models.DateField()

        class Meta:
            app_label = "portal"

        def __str__(self) -> str:
            return str(self.held_on)

    return Meeting


class VisitForm(forms.Form):
    day = ThaiDateField()


def test_it_stores_a_be_year_typed_by_a_user_as_the_ce_date():
    form = VisitForm(data={"day": "26/11/2569"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2026, 11, 26)


def test_it_accepts_iso_and_ce_input():
    for text in ("2026-11-26", "26/11/2026"):
        form = VisitForm(data={"day": text})
        assert form.is_valid()
        assert form.cleaned_data["day"] == date(2026, 11, 26)


def test_it_refuses_a_malformed_date_with_a_clear_message():
    form = VisitForm(data={"day": "26 Nov"})
    assert not form.is_valid()
    assert form.errors.as_data()["day"][0].code == "invalid"
    with translation.override("en"):
        assert form.errors["day"] == ["Enter a date as dd/mm/yyyy, for example 26/11/2569."]


def test_it_refuses_29_february_of_a_common_year():
    form = VisitForm(data={"day": "29/02/2569"})
    assert not form.is_valid()
    assert form.errors.as_data()["day"][0].code == "nonexistent"
    assert VisitForm(data={"day": "29/02/2567"}).is_valid()


def test_it_refuses_a_year_out_of_range_under_thai():
    with translation.override("th"):
        form = VisitForm(data={"day": "26/11/2300"})
        assert not form.is_valid()
    assert form.errors.as_data()["day"][0].code == "year_out_of_range"


def test_it_leaves_an_optional_empty_date_empty():
    class OptionalForm(forms.Form):
        day = ThaiDateField(required=False)

    form = OptionalForm(data={"day": ""})
    assert form.is_valid()
    assert form.cleaned_data["day"] is None


def test_the_widget_shows_a_date_with_the_be_year_in_thai():
    with translation.override("th"):
        html = VisitForm(initial={"day": date(2026, 11, 26)})["day"].as_widget()
    assert 'value="26/11/2569"' in html
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html
    assert "placeholder=" in html


def test_the_widget_shows_a_date_with_the_ce_year_in_english():
    with translation.override("en"):
        html = VisitForm(initial={"day": date(2026, 11, 26)})["day"].as_widget()
    assert 'value="26/11/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_the_widget_shows_back_what_the_user_typed_when_it_is_wrong():
    html = VisitForm(data={"day": "31/02/2569"})["day"].as_widget()
    assert 'value="31/02/2569"' in html


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_date_survives_a_round_trip_through_the_widget(language):
    with translation.override(language):
        shown = ThaiDateInput().format_value(date(2027, 9, 30))
        form = VisitForm(data={"day": shown})
        assert form.is_valid()
    assert form.cleaned_data["day"] == date(2027, 9, 30)


def test_an_unchanged_date_is_not_reported_as_changed():
    with translation.override("th"):
        form = VisitForm(initial={"day": date(2026, 11, 26)}, data={"day": "26/11/2569"})
        assert not form.has_changed()


@isolate_apps("portal")
def test_a_plain_model_admin_makes_a_model_date_field_a_thai_date_field():
    """No override needed: portal.apps.PortalAdminConfig made it the admin's default."""
    Meeting = make_meeting_model()

    model_admin = admin.ModelAdmin(Meeting, admin.AdminSite())
    form_class = model_admin.get_form(RequestFactory().get("/"))

    field = form_class.base_fields["held_on"]
    assert isinstance(field, ThaiDateField)
    assert isinstance(field.widget, ThaiDateInput)
    with translation.override("th"):
        form = form_class(data={"held_on": "26/11/2569"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == date(2026, 11, 26)


@isolate_apps("portal")
def test_a_model_admins_own_widget_override_keeps_the_thai_date_field():
    Meeting = make_meeting_model()

    class MeetingAdmin(admin.ModelAdmin):
        formfield_overrides = {models.DateField: {"widget": forms.TextInput}}

    form_class = MeetingAdmin(Meeting, admin.AdminSite()).get_form(RequestFactory().get("/"))

    assert isinstance(form_class.base_fields["held_on"], ThaiDateField)


def test_the_old_overrides_name_still_imports_and_matches_the_defaults():
    from django.contrib.admin.options import FORMFIELD_FOR_DBFIELD_DEFAULTS

    assert THAI_DATE_FORMFIELD_OVERRIDES[models.DateField]["form_class"] is ThaiDateField
    for model_field, options in THAI_DATE_FORMFIELD_OVERRIDES.items():
        assert FORMFIELD_FOR_DBFIELD_DEFAULTS[model_field] == options
