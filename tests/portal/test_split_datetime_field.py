"""ThaiSplitDateTimeField: a date typed with a BE year and a time, stored as the CE moment."""

from datetime import date, datetime

from django import forms
from django.utils import timezone, translation

from portal.forms import ThaiDateInput, ThaiSplitDateTimeField


class ReceivedForm(forms.Form):
    received_at = ThaiSplitDateTimeField()


def test_it_stores_a_be_date_and_a_time_as_the_ce_moment_in_bangkok():
    form = ReceivedForm(data={"received_at_0": "30/11/2569", "received_at_1": "09:30"})

    assert form.is_valid(), form.errors
    moment = timezone.localtime(form.cleaned_data["received_at"])
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 11, 30), 9, 30)


def test_it_accepts_an_iso_or_ce_date_too():
    for text in ("2026-11-30", "30/11/2026"):
        form = ReceivedForm(data={"received_at_0": text, "received_at_1": "09:30"})
        assert form.is_valid(), form.errors
        assert timezone.localtime(form.cleaned_data["received_at"]).date() == date(2026, 11, 30)


def test_it_refuses_a_nonexistent_date_with_the_thai_date_message():
    form = ReceivedForm(data={"received_at_0": "31/02/2569", "received_at_1": "09:30"})

    assert not form.is_valid()
    assert form.errors.as_data()["received_at"][0].code == "nonexistent"
    with translation.override("th"):
        assert form.errors["received_at"] == ["ไม่มีวันที่นี้ในปฏิทิน กรุณาตรวจสอบวันและเดือน"]


def test_it_refuses_a_missing_time():
    form = ReceivedForm(data={"received_at_0": "30/11/2569", "received_at_1": ""})

    assert not form.is_valid()


def test_it_shows_the_date_with_the_be_year_in_thai_and_ce_in_english():
    moment = timezone.make_aware(datetime(2026, 11, 30, 9, 30))
    with translation.override("th"):
        html = ReceivedForm(initial={"received_at": moment})["received_at"].as_widget()
    assert 'value="30/11/2569"' in html
    assert 'value="09:30:00"' in html
    with translation.override("en"):
        html = ReceivedForm(initial={"received_at": moment})["received_at"].as_widget()
    assert 'value="30/11/2026"' in html


def test_its_date_box_is_the_thai_date_input():
    assert isinstance(ReceivedForm().fields["received_at"].widget.widgets[0], ThaiDateInput)


def test_an_unchanged_moment_is_not_reported_as_changed():
    moment = timezone.make_aware(datetime(2026, 11, 30, 9, 30))
    with translation.override("th"):
        form = ReceivedForm(
            initial={"received_at": moment},
            data={"received_at_0": "30/11/2569", "received_at_1": "09:30:00"},
        )
        assert not form.has_changed()


def test_an_optional_moment_left_empty_stays_empty():
    class LoginForm(forms.Form):
        last_login = ThaiSplitDateTimeField(required=False)

    form = LoginForm(data={"last_login_0": "", "last_login_1": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["last_login"] is None
