"""The PDPA access trail: reveals, list exports, imports, personal-data exports and
anonymisations each write an AuditEvent; administrators read them in a read-only admin list,
filtered by user, centre, kind and date."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent, AuditKind
from centres.scoping import CURRENT_CENTRE_KEY
from portal.lib.dates import format_be_date
from tests.centres.factories import UserFactory
from tests.clients.factories import PersonFactory, valid_thai_id
from tests.clients.files import fixtures
from tests.clients.files.flow import import_file
from tests.clients.test_import_export_admin import _admin_import
from tests.clients.test_import_views import _workbook

pytestmark = pytest.mark.date_sensitive

CHANGELIST = reverse("admin:centres_auditevent_changelist")
media = fixtures.media
places = fixtures.places


@pytest.fixture
def person(centre_a):
    return PersonFactory(centre=centre_a, national_id=valid_thai_id(8080))


def _only_event() -> AuditEvent:
    (event,) = AuditEvent.objects.all()
    return event


def _working_at(client, user, centre) -> None:
    client.force_login(user)
    session = client.session
    session[CURRENT_CENTRE_KEY] = centre.code
    session.save()


# What writes an event


def test_a_reveal_on_the_persons_page_is_recorded(client, staff, person):
    client.force_login(staff)
    client.post(reverse("clients:person-reveal-id", args=[person.pk]))

    event = _only_event()
    assert (event.kind, event.user, event.centre) == (AuditKind.REVEAL, staff, person.centre)
    assert event.what == f"person {person.pk}"
    assert person.national_id not in event.what


def test_a_refused_reveal_records_nothing(client, committee_member, person):
    client.force_login(committee_member)
    assert client.post(reverse("clients:person-reveal-id", args=[person.pk])).status_code == 403
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (reverse("clients:person-export", args=["csv"]), "persons"),
        (reverse("clients:group-export", args=["xlsx"]), "client-groups"),
        (reverse("services:request-export"), "service-requests"),
        (reverse("services:visit-export"), "visits"),
    ],
)
def test_a_list_export_is_recorded_with_its_filters(client, staff, centre_a, person, url, name):
    _working_at(client, staff, centre_a)
    response = client.get(url, {"q": "สม"})

    assert response.status_code == 200
    event = _only_event()
    assert (event.kind, event.user, event.centre) == (AuditKind.EXPORT, staff, centre_a)
    assert event.what == f"{name}?q=%E0%B8%AA%E0%B8%A1"


def test_a_confirmed_import_is_recorded_with_the_file_and_its_rows(
    client, staff, centre_a, media, places
):
    client.force_login(staff)
    import_file(client, _workbook(name="ทะเบียน.xlsx"))

    event = _only_event()
    assert (event.kind, event.user, event.centre) == (AuditKind.IMPORT, staff, centre_a)
    assert event.what == "ทะเบียน.xlsx"
    assert event.count == 6  # two groups, two persons, two memberships


def test_the_admins_personal_data_export_and_anonymisation_are_recorded(client, admin_user, person):
    client.force_login(admin_user)
    changelist = reverse("admin:clients_person_changelist")
    selected = {ACTION_CHECKBOX_NAME: [person.pk]}
    client.post(changelist, {"action": "export_personal_data", **selected})
    client.post(changelist, {"action": "anonymise", "post": "yes", **selected})

    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", "user", "centre", "what"))
    what = f"person {person.pk}"
    assert kinds == [
        (AuditKind.PERSONAL_DATA, admin_user.pk, person.centre_id, what),
        (AuditKind.ANONYMISE, admin_user.pk, person.centre_id, what),
    ]


def test_the_admins_spreadsheet_export_is_recorded(client, admin_user, person):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:clients_person_export"),
        {"format": "0", "resource": "0", **{f"personresource_{f}": "on" for f in ("id",)}},
    )

    assert response.status_code == 200
    event = _only_event()
    assert (event.kind, event.what, event.count) == (AuditKind.EXPORT, "admin:clients.person", 1)


def test_the_admins_spreadsheet_import_is_recorded(client, admin_user, centre_a, places):
    client.force_login(admin_user)
    csv_text = (
        "รหัสในระบบ,รหัสศูนย์ (รหัสอำเภอ),ประเภทกลุ่ม,ประเภทผู้ผลิต OTOP,ชื่อกลุ่ม,เลขทะเบียน,"
        "รหัสหมู่บ้าน,วันที่ก่อตั้ง,สถานะ\r\n"
        ",5001,ผู้ผลิต/ผู้ประกอบการ OTOP,SME,วิสาหกิจผ้าทอ,OT-1,50010103,15/06/2550,\r\n"
    )
    assert _admin_import(client, "clientgroup", csv_text).status_code == 302

    event = _only_event()
    assert (event.kind, event.user, event.what, event.count) == (
        AuditKind.IMPORT,
        admin_user,
        "admin:clients.clientgroup",
        1,
    )


# The administrators' list


@pytest.fixture
def events(staff, outsider, centre_a, centre_b):
    now = timezone.now()

    def make(count: int) -> None:
        for n in range(count):
            AuditEvent.objects.create(
                at=now, user=staff, centre=centre_a, kind=AuditKind.REVEAL, what=f"person {n}"
            )
            AuditEvent.objects.create(
                at=now, user=outsider, centre=centre_b, kind=AuditKind.EXPORT, what="persons"
            )

    return make


def test_administrators_filter_the_trail_by_user_centre_kind_and_date(
    client, admin_user, staff, centre_a, events
):
    events(2)
    client.force_login(admin_user)
    today = timezone.localdate()
    response = client.get(
        CHANGELIST,
        {
            "user__id__exact": staff.pk,
            "centre__id__exact": centre_a.pk,
            "kind__exact": AuditKind.REVEAL,
            "at__year": today.year,
            "at__month": today.month,
        },
    )

    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert len(shown) == 2 and {e.user for e in shown} == {staff}
    assert f"{format_be_date(today)} " in response.content.decode()  # in the Buddhist era


def test_the_trail_costs_the_same_queries_for_more_rows(
    client, admin_user, events, django_assert_max_num_queries
):
    client.force_login(admin_user)
    events(3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(CHANGELIST).status_code == 200
    events(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(CHANGELIST).status_code == 200


def test_the_trail_is_read_only(client, admin_user, events):
    events(1)
    event = AuditEvent.objects.first()
    client.force_login(admin_user)

    assert client.get(reverse("admin:centres_auditevent_add")).status_code == 403
    assert (
        client.get(reverse("admin:centres_auditevent_delete", args=[event.pk])).status_code == 403
    )
    change = client.get(reverse("admin:centres_auditevent_change", args=[event.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content


def test_the_trail_is_for_administrators_only(client, staff, events):
    events(1)
    clerk = UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)
    assert client.get(CHANGELIST).status_code == 403

    client.force_login(staff)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "login" in response.url
