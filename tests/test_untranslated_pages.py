"""No English is left on the pages: the portal's main pages, and in the admin the changelists,
change forms and history pages of the main models and the user and group pages (permission
names included); an admin form with errors says so in Thai."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from centres.models import Centre, District, Province
from portal.admin_i18n import permission_label
from services.models import ServiceType
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.pages import main_page_urls
from tests.services.factories import ServiceRequestFactory, VisitFactory
from tests.untranslated import english_on

# Words that are Thai usage or names, on admin pages only.
ADMIN_ALLOWED = ("SME", "LDAP", "Single Sign-On", "Control", "Command", "Mac")


@pytest.fixture
def main_objects(centre_a, staff):
    group = ClientGroupFactory(centre=centre_a)
    request = ServiceRequestFactory(centre=centre_a, received_by=staff, client_group=group)
    return {
        "centres_centre": centre_a,
        "centres_membership": staff.memberships.get(),
        "clients_clientgroup": group,
        "clients_person": PersonFactory(centre=centre_a),
        "services_servicerequest": request,
        "services_visit": VisitFactory(centre=centre_a, created_by=staff),
        "services_servicetype": request.service_type,
        "auth_user": staff,
        "auth_group": Group.objects.create(name="เจ้าหน้าที่ส่วนกลาง"),
    }


def _admin_urls(objects: dict) -> list[str]:
    urls = [reverse("admin:index")]
    for name, obj in objects.items():
        urls += [
            reverse(f"admin:{name}_changelist"),
            reverse(f"admin:{name}_add"),
            reverse(f"admin:{name}_change", args=[obj.pk]),
            reverse(f"admin:{name}_history", args=[obj.pk]),
        ]
    return urls


def _data() -> tuple[str, ...]:
    """English that is data, not interface: English names of places and service types."""
    names = [*Province.objects.values_list("name_en", flat=True)]
    names += District.objects.values_list("name_en", flat=True)
    names += ServiceType.objects.values_list("name_en", flat=True)
    return (*names, "admin", *ADMIN_ALLOWED)


def test_no_english_is_left_on_the_main_pages(client, centre_a, head, staff):
    client.force_login(head)
    data = _data()
    found = {}
    for url in main_page_urls(centre_a, staff):
        english = english_on(client.get(url).content.decode(), data)
        if english:
            found[url] = english
    assert found == {}


def test_no_english_is_left_on_the_admin_pages(client, admin_user, main_objects):
    client.force_login(admin_user)
    data = _data()
    found = {}
    for url in _admin_urls(main_objects):
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_on(response.content.decode(), data)
        if english:
            found[url] = english
    assert found == {}


def test_the_admin_says_in_thai_that_a_form_has_errors(client, admin_user, centre_a):
    client.force_login(admin_user)
    response = client.post(reverse("admin:centres_centre_change", args=[centre_a.pk]), {})
    html = response.content.decode()
    assert "Please correct" not in html
    with translation.override("th"):
        message = translation.ngettext(
            "Please correct the error below.", "Please correct the errors below.", 2
        )
    assert message != "Please correct the errors below."
    assert escape(message) in html
    assert english_on(html, _data()) == []
    assert Centre.objects.get().name == centre_a.name


def test_the_user_page_shows_permissions_in_thai(client, admin_user, staff):
    client.force_login(admin_user)
    html = client.get(reverse("admin:auth_user_change", args=[staff.pk])).content.decode()
    log_entry = Permission.objects.get(codename="add_logentry")
    with translation.override("th"):
        label = permission_label(log_entry)
    assert "Can add log entry" not in html
    assert f'value="{log_entry.pk}">{escape(label)}</option>' in html


def test_it_names_each_permission_by_its_action_and_model(db):
    history = Permission.objects.get(codename="view_historicalcentre")
    change_user = Permission.objects.get(codename="change_user")
    with translation.override("th"):
        assert "แก้ไข" in permission_label(change_user)
        assert str(Centre._meta.verbose_name) in permission_label(history)
        assert "historical" not in permission_label(history)
    with translation.override("en"):
        assert permission_label(change_user).endswith("| user | Can change user")
        assert permission_label(history).endswith("Can view history of centre")


def test_an_empty_change_reason_shows_as_nothing_in_the_history(client, admin_user, centre_a):
    client.force_login(admin_user)
    html = client.get(reverse("admin:centres_centre_history", args=[centre_a.pk])).content
    assert b"None" not in html
    assert "None" not in english_on(html.decode())
