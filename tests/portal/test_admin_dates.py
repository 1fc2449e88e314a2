"""Buddhist-era years in every date and time input of the admin, and in what the admin prints."""

from datetime import date, datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from portal.admin import ThaiAdminDateWidget, ThaiAdminSplitDateTime
from portal.forms import ThaiDateField, ThaiSplitDateTimeField
from portal.lib.dates import format_be_date
from services.models import ServiceRequest
from tests.clients.factories import IdRevealFactory
from tests.services.factories import ServiceRequestFactory, StatusChangeFactory

pytestmark = pytest.mark.date_sensitive

TEMPORAL_FORM_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)
BE_FORM_FIELDS = (ThaiDateField, ThaiSplitDateTimeField)
BE_WIDGETS = (ThaiAdminDateWidget, ThaiAdminSplitDateTime)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_staff=True, is_superuser=True, is_active=True)
    return request


def admin_forms():
    """(name, form class) of every registered ModelAdmin's add and change forms and of every
    inline's form, for every model admin of the site (ours, auth's, simple-history's...)."""
    request = superuser_request()
    for model, model_admin in admin.site._registry.items():
        name = model._meta.label
        yield f"{name} add", model_admin.get_form(request, obj=None)
        yield f"{name} change", model_admin.get_form(request, obj=model())
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            formset = inline.get_formset(request, obj=model())
            yield f"{name} inline {inline.model._meta.label}", formset.form


def date_problems(form_name, form_class, widgets=BE_WIDGETS):
    """Each date or time field of the form that does not read and show BE years (its form
    field one of ours, its widget one of `widgets`)."""
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    for field_name, field in form_class.base_fields.items():
        model_field = _model_field(model, field_name)
        is_date = isinstance(field, TEMPORAL_FORM_FIELDS) or isinstance(
            model_field, models.DateField
        )
        if not is_date:
            continue
        if not isinstance(field, BE_FORM_FIELDS):
            yield f"{form_name}.{field_name}: {type(field).__name__}"
        elif not isinstance(field.widget, widgets):
            yield f"{form_name}.{field_name}: widget {type(field.widget).__name__}"


def _model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


@pytest.mark.django_db
def test_every_admin_form_reads_and_shows_be_dates():
    problems = [p for name, form in admin_forms() for p in date_problems(name, form)]

    assert problems == []


@pytest.mark.django_db
def test_the_walk_sees_the_date_fields_it_must_check():
    """Guards the walk itself: these forms are in it, with their date fields."""
    walked = dict(admin_forms())

    user_fields = walked["auth.User change"].base_fields
    assert isinstance(user_fields["last_login"], ThaiSplitDateTimeField)
    assert isinstance(user_fields["date_joined"], ThaiSplitDateTimeField)
    request_fields = walked["services.ServiceRequest change"].base_fields
    assert isinstance(request_fields["received_at"], ThaiSplitDateTimeField)
    assert isinstance(request_fields["due_date"], ThaiDateField)
    assert isinstance(walked["centres.Centre change"].base_fields["opened_on"], ThaiDateField)
    assert "clients.ClientGroup inline clients.GroupMembership" in walked


def test_a_plain_date_field_in_an_admin_form_is_reported():
    class CustomForm(forms.Form):
        held_on = forms.DateField()
        at = forms.SplitDateTimeField()
        day = ThaiDateField(widget=ThaiAdminDateWidget)

    problems = list(date_problems("custom", CustomForm))

    assert problems == ["custom.held_on: DateField", "custom.at: SplitDateTimeField"]


def form_data(form) -> dict:
    """What the browser would post for an unbound form, as its widgets render the values."""
    data = {}
    for name, bound in form.fields.items():
        value = form[name].value()
        widget = bound.widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value)
            for i, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{name}_{i}"] = sub.format_value(part) or ""
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is None or value is False:
            continue
        elif isinstance(widget, forms.DateInput):
            data[name] = widget.format_value(value)
        else:
            data[name] = value
    return data


@pytest.mark.django_db
def test_a_be_received_date_typed_in_the_admin_is_saved_as_the_ce_date(centre_a):
    service_request = ServiceRequestFactory(centre=centre_a)
    model_admin = admin.site._registry[ServiceRequest]
    form_class = model_admin.get_form(superuser_request(), obj=service_request)

    with translation.override("th"):
        data = form_data(form_class(instance=service_request))
        data.update({"received_at_0": "30/11/2569", "received_at_1": "09:30"})
        form = form_class(data=data, instance=service_request)
        assert form.is_valid(), form.errors
        form.save()

    service_request.refresh_from_db()
    received = timezone.localtime(service_request.received_at)
    assert (received.date(), received.hour, received.minute) == (date(2026, 11, 30), 9, 30)


@pytest.mark.django_db
def test_the_admin_refuses_an_impossible_date_with_a_thai_message(centre_a):
    service_request = ServiceRequestFactory(centre=centre_a)
    form_class = admin.site._registry[ServiceRequest].get_form(superuser_request(), service_request)

    with translation.override("th"):
        data = form_data(form_class(instance=service_request))
        data.update({"received_at_0": "31/02/2569", "due_date": "26/11/3112"})
        form = form_class(data=data, instance=service_request)
        assert not form.is_valid()
        errors = form.errors.as_data()
        assert errors["received_at"][0].code == "nonexistent"
        assert errors["due_date"][0].code == "year_out_of_range"
        assert "ปี" in form.errors["due_date"][0]  # the Thai message, next to the field

    service_request.refresh_from_db()
    assert service_request.due_date.year < 2400


@pytest.mark.django_db
def test_the_request_change_page_shows_the_received_date_in_be(admin_client, centre_a):
    received = timezone.make_aware(datetime(2026, 12, 1, 8, 15))
    service_request = ServiceRequestFactory(centre=centre_a, received_at=received)

    response = admin_client.get(
        reverse("admin:services_servicerequest_change", args=[service_request.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="received_at_0" value="01/12/2569"' in html
    assert 'class="vDateField"' in html
    assert "js/admin-be-dates.js" in html
    assert "01/12/2026" not in html


@pytest.mark.django_db
def test_the_user_page_shows_last_login_and_date_joined_in_be(admin_client, staff):
    staff.last_login = timezone.make_aware(datetime(2026, 11, 20, 14, 5))
    staff.date_joined = timezone.make_aware(datetime(2025, 10, 1, 9, 0))
    staff.save()

    response = admin_client.get(reverse("admin:auth_user_change", args=[staff.pk]))

    html = response.content.decode()
    assert 'name="last_login_0" value="20/11/2569"' in html
    assert 'name="date_joined_0" value="01/10/2568"' in html


def _reveals_in(staff, *years: int) -> None:
    for year in years:
        reveal = IdRevealFactory(user=staff)
        reveal.revealed_at = timezone.make_aware(datetime(year, 6, 1, 10, 0))
        reveal.save()


# The big tables' changelists (requests, visits) have no date hierarchy: its DISTINCT over every
# row cannot be served by an index at national scale (docs/decisions.md). The ID reveal log keeps
# one.


@pytest.mark.django_db
def test_the_date_hierarchy_years_are_be(admin_client, staff):
    _reveals_in(staff, 2025, 2026)

    response = admin_client.get(reverse("admin:clients_idreveal_changelist"))

    toplinks = _toplinks(response)
    assert ">2568</a>" in toplinks
    assert ">2569</a>" in toplinks
    assert "2025" not in toplinks.replace("__year=2025", "")  # the link keeps the CE lookup


@pytest.mark.django_db
def test_the_date_hierarchy_back_link_to_a_year_is_be(admin_client, staff):
    _reveals_in(staff, 2026)
    url = reverse("admin:clients_idreveal_changelist")

    response = admin_client.get(url, {"revealed_at__year": 2026, "revealed_at__month": 6})

    assert "&lsaquo; 2569</a>" in _toplinks(response)


@pytest.mark.django_db
def test_the_date_hierarchy_years_of_id_reveals_are_be(admin_client, staff):
    now = timezone.localtime()
    for moment in (now, now.replace(year=now.year - 1, month=6, day=15)):  # this year, the last
        reveal = IdRevealFactory(user=staff)
        reveal.revealed_at = moment
        reveal.save()

    response = admin_client.get(reverse("admin:clients_idreveal_changelist"))

    this_year = timezone.localdate().year
    toplinks = _toplinks(response)
    assert f">{this_year + 543}</a>" in toplinks
    assert f">{this_year - 1 + 543}</a>" in toplinks


@pytest.mark.django_db
def test_the_date_hierarchy_years_stay_ce_in_english(admin_client, staff, settings):
    _reveals_in(staff, 2025, 2026)
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = admin_client.get(reverse("admin:clients_idreveal_changelist"))

    assert ">2025</a>" in _toplinks(response)
    assert ">2026</a>" in _toplinks(response)


@pytest.mark.django_db
def test_the_request_list_and_its_readonly_dates_show_be(admin_client, centre_a):
    today = timezone.localdate()
    service_request = ServiceRequestFactory(centre=centre_a, due_date=today)
    StatusChangeFactory(request=service_request)

    listing = admin_client.get(reverse("admin:services_servicerequest_changelist"))
    change = admin_client.get(
        reverse("admin:services_servicerequest_change", args=[service_request.pk])
    )

    assert format_be_date(today) in listing.content.decode()  # list_display's due date
    assert format_be_date(today) in change.content.decode()  # the status change's readonly time


@pytest.mark.django_db
def test_the_request_history_page_shows_be_dates(admin_client, centre_a):
    service_request = ServiceRequestFactory(centre=centre_a)

    response = admin_client.get(
        reverse("admin:services_servicerequest_history", args=[service_request.pk])
    )

    assert response.status_code == 200
    assert format_be_date(timezone.localdate()) in response.content.decode()


def _toplinks(response) -> str:
    html = response.content.decode()
    start = html.index('<nav class="toplinks">')
    return html[start : html.index("</nav>", start)]
