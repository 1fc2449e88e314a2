"""The big changelists write each row's action checkbox themselves (portal.admin.BigTableAdmin):
the same HTML as Django's widget-rendered one, and the actions still find the rows."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from clients.models import Person
from tests.clients.factories import PersonFactory


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["th", "en"])
def test_the_checkbox_is_djangos(language):
    person = PersonFactory(first_name="สม<ใจ>", last_name='"ดี"')
    person_admin = admin.site._registry[Person]
    with translation.override(language):
        ours = person_admin.action_checkbox(person)
        djangos = ModelAdmin.action_checkbox(person_admin, person)
    SimpleTestCase().assertHTMLEqual(ours, djangos)
    assert "&lt;ใจ&gt;" in ours


@pytest.mark.django_db
def test_the_changelist_lists_a_checkbox_per_row(admin_client):
    people = PersonFactory.create_batch(3)
    page = admin_client.get(reverse("admin:clients_person_changelist")).content.decode()
    for person in people:
        assert f'name="_selected_action" value="{person.pk}" class="action-select"' in page
