"""Requests on a visit: raised on the spot (outreach when the visit is, linked to it) and the
open requests a visit served."""

from datetime import date

import pytest
from django.urls import reverse

from services.models import Channel, ServiceRequest, Status, StatusChange, Urgency, VisitKind
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory, VisitFactory


@pytest.fixture
def village(centre_a):
    subdistrict = SubdistrictFactory(code="500101", district=centre_a.district)
    return VillageFactory(subdistrict=subdistrict, number=3)


@pytest.fixture
def group(centre_a, village):
    return ClientGroupFactory(centre=centre_a, village=village, name="กลุ่มจักสานบ้านป่าแดด")


@pytest.fixture
def visit(centre_a, staff, village):
    visit = VisitFactory(centre=centre_a, created_by=staff, kind=VisitKind.OUTREACH)
    visit.villages.add(village)
    return visit


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(code="market", name_th="เชื่อมโยงแหล่งตลาด", name_en="Market linkage")


def _url(name: str, visit) -> str:
    return reverse(f"services:{name}", kwargs={"pk": visit.pk})


def _raise(http, visit, service_type, **client_fields):
    data = {
        "service_type": service_type.pk,
        "urgency": "urgent",
        "subject": "ขอหาตลาดรับซื้อตะกร้า",
        **client_fields,
    }
    return http.post(_url("visit-raise-request", visit), data)


# Raised on the spot


def test_the_form_offers_the_groups_of_the_visits_villages(client, staff, visit, group):
    other = ClientGroupFactory(centre=visit.centre, name="กลุ่มอื่นไกลออกไป")
    client.force_login(staff)
    page = client.get(_url("visit-raise-request", visit)).content.decode()
    assert group.name in page
    assert other.name not in page


def test_a_request_raised_on_an_outreach_visit_is_outreach_and_linked(
    client, staff, visit, group, service_type
):
    client.force_login(staff)
    response = _raise(client, visit, service_type, group=group.pk)
    raised = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert raised.channel == Channel.OUTREACH
    assert raised.raised_on_visit == visit
    assert raised.client_group == group
    assert raised.urgency == Urgency.URGENT
    assert raised.received_by == staff
    assert raised.reference.startswith("5001-")
    assert StatusChange.objects.get(request=raised).to_status == Status.RECEIVED
    detail = client.get(visit.get_absolute_url()).content.decode()
    assert raised.reference in detail


def test_a_request_raised_at_a_centre_session_is_onsite(client, staff, visit, group, service_type):
    visit.kind = VisitKind.ONSITE
    visit.save()
    client.force_login(staff)
    _raise(client, visit, service_type, group=group.pk)
    raised = ServiceRequest.objects.get()
    assert raised.channel == Channel.ONSITE
    assert raised.raised_on_visit == visit


def test_a_person_found_by_typing_can_be_the_client(client, staff, visit, service_type):
    person = PersonFactory(centre=visit.centre)
    client.force_login(staff)
    _raise(client, visit, service_type, client=f"p{person.pk} · {person.full_name}")
    assert ServiceRequest.objects.get().person == person


def test_a_person_whose_whole_name_was_typed_without_a_suggestion_is_the_client(
    client, staff, visit, service_type, centre_b
):
    person = PersonFactory(centre=visit.centre, first_name="ทองดี", last_name="มีสุข")
    PersonFactory(centre=centre_b, first_name="ทองดี", last_name="มีสุข")  # not visible here
    client.force_login(staff)
    response = _raise(client, visit, service_type, client=" ทองดี  มีสุข ")
    assert response.status_code == 302
    assert ServiceRequest.objects.get().person == person


def test_a_client_chosen_from_the_suggestions_travels_by_key(client, staff, visit, service_type):
    person = PersonFactory(centre=visit.centre)
    PersonFactory(centre=visit.centre, first_name=person.first_name, last_name=person.last_name)
    client.force_login(staff)
    _raise(client, visit, service_type, client=person.full_name, client_key=f"p{person.pk}")
    assert ServiceRequest.objects.get().person == person


def test_a_client_of_another_centre_is_refused(client, staff, visit, service_type, centre_b):
    stranger = PersonFactory(centre=centre_b)
    client.force_login(staff)
    response = _raise(client, visit, service_type, client=f"p{stranger.pk} · x")
    assert response.status_code == 422
    assert not ServiceRequest.objects.exists()


def test_exactly_one_client_is_needed(client, staff, visit, group, service_type):
    person = PersonFactory(centre=visit.centre)
    client.force_login(staff)
    assert _raise(client, visit, service_type).status_code == 422
    both = _raise(client, visit, service_type, group=group.pk, client=f"p{person.pk} · x")
    assert both.status_code == 422
    assert not ServiceRequest.objects.exists()


def test_the_urgency_follows_an_urgent_visit(client, staff, visit):
    visit.is_urgent = True
    visit.save()
    client.force_login(staff)
    response = client.get(_url("visit-raise-request", visit))
    assert response.context["form"]["urgency"].value() == Urgency.URGENT


# Served


def test_serving_links_open_requests_ticked_or_typed(client, staff, visit, group, centre_a):
    nearby = ServiceRequestFactory(centre=centre_a, client_group=group)
    elsewhere = ServiceRequestFactory(centre=centre_a)  # a group of another village
    closed = ServiceRequestFactory(centre=centre_a, client_group=group, status=Status.CLOSED)
    client.force_login(staff)
    page = client.get(_url("visit-serve", visit)).content.decode()
    assert nearby.reference in page
    assert elsewhere.reference not in page
    assert closed.reference not in page
    response = client.post(
        _url("visit-serve", visit), {"requests": [nearby.pk], "references": elsewhere.reference}
    )
    assert response.status_code == 302
    assert set(visit.served_requests.all()) == {nearby, elsewhere}
    assert visit in nearby.visits.all()


def test_unticking_a_served_request_unlinks_it(client, staff, visit, group, centre_a):
    served = ServiceRequestFactory(centre=centre_a, client_group=group, status=Status.RESOLVED)
    visit.served_requests.add(served)
    client.force_login(staff)
    page = client.get(_url("visit-serve", visit)).content.decode()
    assert served.reference in page  # still listed, though no longer open
    client.post(_url("visit-serve", visit), {"references": ""})
    assert not visit.served_requests.exists()


def test_serving_refuses_a_request_of_another_centre(client, staff, visit, centre_b):
    foreign = ServiceRequestFactory(centre=centre_b)
    client.force_login(staff)
    response = client.post(_url("visit-serve", visit), {"references": foreign.reference})
    assert response.status_code == 422
    assert foreign.reference in response.content.decode()
    assert not visit.served_requests.exists()


def test_serving_refuses_text_that_is_no_reference(client, staff, visit):
    client.force_login(staff)
    response = client.post(_url("visit-serve", visit), {"references": "เรื่องของป้าแดง"})
    assert response.status_code == 422


def test_the_detail_lists_served_requests_with_their_late_badge(client, staff, visit, centre_a):
    late = ServiceRequestFactory(centre=centre_a, due_date=date(2020, 1, 1))
    visit.served_requests.add(late)
    client.force_login(staff)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert late.reference in page
    assert late.get_absolute_url() in page
