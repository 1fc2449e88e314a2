"""One rule of place for every form that places a client or a visit: the village lies in the
centre's district (Centre.check_place), refused with a message next to the subdistrict."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import Village
from clients.models import ClientGroup, Person
from services.models import ServiceRequest, Visit
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.clients.test_group_pages import group_data
from tests.clients.test_person_pages import person_data
from tests.services.factories import ServiceTypeFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

SAMRAN = "400105 สำราญ · เมืองขอนแก่น · ขอนแก่น"  # a subdistrict of centre B's district


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def samran(centre_b):
    return SubdistrictFactory(
        code="400105", district=centre_b.district, name_th="สำราญ", name_en="Samran"
    )


def _refused(response, form: str = "form", field: str = "subdistrict") -> None:
    assert response.status_code == 422
    errors = response.context[form].errors[field]
    assert [e for e in errors if "สำราญ" in e and "เมืองขอนแก่น" in e and "เมืองเชียงใหม่" in e]
    assert html.escape(errors[0]) in response.content.decode()


def test_it_refuses_a_new_person_outside_the_district(client, staff, sriphum, samran):
    client.force_login(staff)
    response = client.post(reverse("clients:person-create"), person_data(subdistrict=SAMRAN))

    _refused(response)
    assert not Person.objects.exists()
    assert not Village.objects.filter(subdistrict=samran).exists()


def test_it_refuses_moving_a_person_outside_the_district(client, staff, sriphum, samran):
    person = PersonFactory(centre=staff.memberships.get().centre, village__subdistrict=sriphum)
    client.force_login(staff)
    response = client.post(
        reverse("clients:person-edit", args=[person.pk]), person_data(subdistrict=SAMRAN)
    )

    _refused(response)
    person.refresh_from_db()
    assert person.village.subdistrict == sriphum


def test_it_registers_a_person_inside_the_district(client, staff, sriphum, samran):
    client.force_login(staff)
    response = client.post(reverse("clients:person-create"), person_data())

    assert response.status_code == 302
    assert Person.objects.get().village.subdistrict == sriphum


def test_it_refuses_a_group_outside_the_district(client, staff, sriphum, samran, centre_a):
    group = ClientGroupFactory(centre=centre_a, village__subdistrict=sriphum)
    client.force_login(staff)
    created = client.post(reverse("clients:group-create"), group_data(subdistrict="400105"))
    edited = client.post(
        reverse("clients:group-edit", args=[group.pk]), group_data(subdistrict="400105")
    )

    _refused(created)
    _refused(edited)
    assert list(ClientGroup.objects.all()) == [group]
    group.refresh_from_db()
    assert group.village.subdistrict == sriphum


def test_the_intakes_new_person_keeps_the_rule(client, staff, sriphum, samran):
    client.force_login(staff)
    data = {
        "client": "",
        "service_type": ServiceTypeFactory().pk,
        "channel": "onsite",
        "urgency": "normal",
        "subject": "ขอคำแนะนำ",
        "person-first_name": "มาลี",
        "person-last_name": "ศรีสุข",
        "person-subdistrict": "400105",
        "person-village_number": "7",
    }
    response = client.post(reverse("services:request-create"), data)

    _refused(response, form="person_form")
    assert not Person.objects.exists() and not ServiceRequest.objects.exists()


def _plan(**villages) -> dict:
    return {
        "kind": "outreach",
        "planned_date": timezone.localdate().isoformat(),
        "title": "ลงพื้นที่",
        "villages-TOTAL_FORMS": "2",
        "villages-INITIAL_FORMS": "0",
        "villages-0-subdistrict": "500101",
        "villages-0-village_number": "3",
        **villages,
    }


def test_it_refuses_a_visit_to_a_village_outside_the_district(client, staff, sriphum, samran):
    client.force_login(staff)
    data = _plan(**{"villages-1-subdistrict": SAMRAN, "villages-1-village_number": "2"})
    response = client.post(reverse("services:visit-create"), data)

    assert response.status_code == 422
    errors = response.context["rows"].forms[1].errors["subdistrict"]
    assert "สำราญ" in errors[0]
    assert html.escape(errors[0]) in response.content.decode()
    assert not Visit.objects.exists()


def test_it_refuses_adding_such_a_village_to_a_planned_visit(client, staff, sriphum, samran):
    visit = VisitFactory(centre=staff.memberships.get().centre, created_by=staff)
    visit.villages.add(VillageFactory(subdistrict=sriphum, number=3))
    client.force_login(staff)
    data = {
        **_plan(**{"villages-1-subdistrict": "400105", "villages-1-village_number": "2"}),
        "version": str(visit.version),
    }
    response = client.post(reverse("services:visit-edit", args=[visit.pk]), data)

    assert response.status_code == 422
    assert [v.subdistrict_id for v in visit.villages.all()] == ["500101"]


def test_it_plans_a_visit_inside_the_district(client, staff, sriphum, samran):
    client.force_login(staff)
    response = client.post(reverse("services:visit-create"), _plan())

    assert response.status_code == 302
    assert [v.subdistrict_id for v in Visit.objects.get().villages.all()] == ["500101"]
