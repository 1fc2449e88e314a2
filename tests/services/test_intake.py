"""The intake form for a walk-in: the client found by typing (groups and persons of the current
centre) or a new person registered inline, in one transaction with the request."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from clients.models import Person
from portal.lib.fiscal import fiscal_year
from services.models import Channel, ServiceRequest, Status, Urgency, VisitKind
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceTypeFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

LOGIN_URL = reverse("login")
CREATE_URL = reverse("services:request-create")
SEARCH_URL = reverse("services:client-search")


def th(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def group(centre_a, sriphum):
    return ClientGroupFactory(
        centre=centre_a,
        name="กลุ่มทอผ้าบ้านศรีภูมิ",
        registration_number="ก.12/2560",
        contact_phone="0812345678",
        village=VillageFactory(subdistrict=sriphum, number=3),
    )


@pytest.fixture
def person(centre_a, sriphum):
    return PersonFactory(
        centre=centre_a,
        first_name="สมหญิง",
        last_name="ใจงาม",
        phone="0898765432",
        village=VillageFactory(subdistrict=sriphum, number=4),
    )


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(name_th="ให้คำปรึกษาแนะนำ", target_days_normal=7)


def intake_data(client_label: str, service_type, **overrides) -> dict:
    """What the intake sends; a chosen suggestion adds its key (client_key="g12")."""
    data = {
        "client": client_label,
        "service_type": service_type.pk,
        "channel": Channel.ONSITE,
        "urgency": Urgency.NORMAL,
        "subject": "ขอคำแนะนำการขายผ้าทางออนไลน์",
        "description": "",
    }
    return {**data, **overrides}


def new_person(**overrides) -> dict:
    data = {
        "person-title": "mrs",
        "person-first_name": "มาลี",
        "person-last_name": "ศรีสุข",
        "person-phone": "081-111-2222",
        "person-subdistrict": "500101",
        "person-village_number": "7",
        "person-village_name": "บ้านดอนแก้ว",
    }
    return {**data, **overrides}


# Who may log requests


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    for url in (CREATE_URL, SEARCH_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN_URL)


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "nobody"])
def test_it_refuses_intake_to_read_only_roles(request, client, persona, group, service_type):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(CREATE_URL).status_code == 403
    assert client.get(SEARCH_URL, {"q": "ทอผ้า"}).status_code == 403
    response = client.post(CREATE_URL, intake_data(f"g{group.pk}", service_type))
    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_it_never_suggests_another_centres_clients(client, outsider, group, person):
    client.force_login(outsider)
    for text in ("ทอผ้า", "สมหญิง", "0812345678"):
        assert client.get(SEARCH_URL, {"q": text}).json() == {"results": []}


def test_it_refuses_a_client_of_another_centre_typed_by_key(client, outsider, group, service_type):
    client.force_login(outsider)
    response = client.post(CREATE_URL, intake_data(f"g{group.pk}", service_type))
    assert response.status_code == 422
    assert response.context["form"].errors["client"]
    assert not ServiceRequest.objects.exists()


# The client search


def test_it_suggests_groups_and_persons_by_name_number_and_phone(client, staff, group, person):
    client.force_login(staff)

    def found(text: str) -> list[str]:
        return [r["key"] for r in client.get(SEARCH_URL, {"q": text}).json()["results"]]

    assert found("ท") == []  # too short
    assert found("ทอผ้า") == [f"g{group.pk}"]
    assert found("ก.12") == [f"g{group.pk}"]
    assert found("081-234-5678") == [f"g{group.pk}"]
    assert found("สมหญิง") == [f"p{person.pk}"]
    assert found("089 876 5432") == [f"p{person.pk}"]


def test_it_labels_suggestions_with_name_village_and_a_hint_but_no_key_or_id(
    client, staff, group, person
):
    person.national_id = "1101700203450"
    person.save()
    client.force_login(staff)
    with translation.override("th"):
        group_result = client.get(SEARCH_URL, {"q": "ทอผ้า"}).json()["results"]
        person_result = client.get(SEARCH_URL, {"q": "สมหญิง"}).json()["results"]
    assert group_result == [{"label": "กลุ่มทอผ้าบ้านศรีภูมิ · หมู่ที่ 3 ศรีภูมิ", "key": f"g{group.pk}"}]
    [shown] = person_result
    assert shown["label"].startswith("สมหญิง ใจงาม · หมู่ที่ 4 ศรีภูมิ · ")
    assert shown["label"].endswith("5432")
    assert "1101700203450" not in shown["label"] and str(person.pk) not in shown["label"]


# Logging a request


def test_it_refuses_an_intake_without_a_client(client, staff, service_type):
    client.force_login(staff)
    response = client.post(CREATE_URL, intake_data("", service_type))
    assert response.status_code == 422
    assert response.context["form"].errors["client"] == [
        th("Find the client, or register a new person below.")
    ]
    assert not ServiceRequest.objects.exists()


def test_it_refuses_a_client_and_a_new_person_together(client, staff, group, service_type):
    client.force_login(staff)
    data = {**intake_data(f"g{group.pk}", service_type), **new_person()}
    response = client.post(CREATE_URL, data)
    assert response.status_code == 422
    assert response.context["form"].errors["client"]
    assert not ServiceRequest.objects.exists()
    assert not Person.objects.filter(first_name="มาลี").exists()


def test_it_refuses_a_retired_service_type(client, staff, group):
    retired = ServiceTypeFactory(is_active=False)
    client.force_login(staff)
    response = client.post(CREATE_URL, intake_data(f"g{group.pk}", retired))
    assert response.context["form"].errors["service_type"]
    assert not ServiceRequest.objects.exists()


def test_it_logs_a_walk_in_request_for_a_group_and_shows_the_reference(
    client, staff, centre_a, group, service_type
):
    client.force_login(staff)
    assert client.get(CREATE_URL).status_code == 200
    label = "กลุ่มทอผ้าบ้านศรีภูมิ · หมู่ที่ 3 ศรีภูมิ"
    data = intake_data(label, service_type, client_key=f"g{group.pk}")
    response = client.post(CREATE_URL, data, follow=True)
    created = ServiceRequest.objects.get()
    year = fiscal_year(timezone.localdate())
    assert created.reference == f"5001-{year}-00001"
    assert (created.client_group, created.centre, created.received_by) == (group, centre_a, staff)
    assert (created.channel, created.status) == (Channel.ONSITE, Status.RECEIVED)
    assert created.status_changes.get().to_status == Status.RECEIVED
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    with translation.override("th"):
        saved = translation.gettext("Request number %(reference)s is saved.") % {
            "reference": created.reference
        }
    assert [str(m) for m in get_messages(response.wsgi_request)] == [saved]
    assert created.reference in response.content.decode()


def test_it_logs_a_request_for_a_registered_person(client, staff, person, service_type):
    client.force_login(staff)
    client.post(CREATE_URL, intake_data(f"p{person.pk}", service_type, urgency="urgent"))
    created = ServiceRequest.objects.get()
    assert (created.person, created.client_group, created.urgency) == (person, None, "urgent")


def test_it_registers_a_new_person_inline_with_the_request(
    client, staff, centre_a, sriphum, service_type
):
    client.force_login(staff)
    response = client.post(CREATE_URL, {**intake_data("", service_type), **new_person()})
    assert response.status_code == 302
    created = ServiceRequest.objects.get()
    registered = created.person
    assert (registered.first_name, registered.last_name) == ("มาลี", "ศรีสุข")
    assert (registered.centre, registered.phone) == (centre_a, "0811112222")
    assert (registered.village.subdistrict, registered.village.number) == (sriphum, 7)
    assert registered.history.first().history_type == "+"


def test_it_saves_neither_person_nor_request_when_the_person_is_incomplete(
    client, staff, sriphum, service_type
):
    client.force_login(staff)
    data = {**intake_data("", service_type), **new_person(**{"person-last_name": ""})}
    response = client.post(CREATE_URL, data)
    assert response.status_code == 422
    assert response.context["person_form"].errors["last_name"]
    assert not ServiceRequest.objects.exists()
    assert not Person.objects.exists()


def test_it_keeps_no_person_when_the_request_is_refused(
    client, staff, sriphum, service_type, monkeypatch
):
    """The person and the request are saved in one transaction."""
    from services import actions

    def refuse(**kwargs):
        raise actions.ActionRefused("refused")

    monkeypatch.setattr(actions, "create_request", refuse)
    client.force_login(staff)
    response = client.post(CREATE_URL, {**intake_data("", service_type), **new_person()})
    assert response.status_code == 200
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["refused"]
    assert not Person.objects.exists()


def test_it_offers_the_assignee_only_to_the_head(
    client, staff, head, colleague, group, service_type, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert "assigned_to" not in client.get(CREATE_URL).context["form"].fields
    client.post(CREATE_URL, intake_data(f"g{group.pk}", service_type, assigned_to=colleague.pk))
    assert ServiceRequest.objects.get().assigned_to is None
    colleague.email = "colleague@example.org"
    colleague.save()
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, intake_data(f"g{group.pk}", service_type, assigned_to=colleague.pk))
    assert ServiceRequest.objects.order_by("pk").last().assigned_to == colleague
    assert [m.to for m in mail.outbox] == [["colleague@example.org"]]


def test_it_prefills_the_client_from_its_page(client, staff, group, service_type):
    client.force_login(staff)
    response = client.get(CREATE_URL, {"client": f"g{group.pk}"})
    page = response.content.decode()
    assert 'value="กลุ่มทอผ้าบ้านศรีภูมิ · หมู่ที่ 3 ศรีภูมิ"' in page
    assert f'name="client_key" value="g{group.pk}"' in page
    assert f"g{group.pk} ·" not in page


def test_it_prefills_nothing_for_a_client_of_another_centre(client, outsider, group):
    client.force_login(outsider)
    response = client.get(CREATE_URL, {"client": f"g{group.pk}"})
    assert group.name not in response.content.decode()


def test_it_links_a_request_raised_during_an_outreach_visit(
    client, staff, centre_a, group, service_type
):
    visit = VisitFactory(centre=centre_a, kind=VisitKind.OUTREACH, created_by=staff)
    client.force_login(staff)
    page = client.get(CREATE_URL, {"visit": visit.pk})
    assert page.context["form"]["channel"].value() == Channel.OUTREACH
    client.post(CREATE_URL, intake_data(f"g{group.pk}", service_type, visit=visit.pk))
    created = ServiceRequest.objects.get()
    assert (created.raised_on_visit, created.channel) == (visit, Channel.OUTREACH)


# What was typed without choosing a suggestion


def test_it_refuses_a_key_of_another_centre_sent_with_the_suggestion(
    client, outsider, group, service_type
):
    client.force_login(outsider)
    data = intake_data(group.name, service_type, client_key=f"g{group.pk}")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 422
    assert response.context["form"].errors["client"]
    assert not ServiceRequest.objects.exists()


def test_it_never_matches_an_exact_name_of_another_centre(client, outsider, group, service_type):
    client.force_login(outsider)
    response = client.post(CREATE_URL, intake_data(group.name, service_type))
    assert response.status_code == 422
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    "typed",
    ["กลุ่มทอผ้าบ้านศรีภูมิ", "  กลุ่มทอผ้าบ้านศรีภูมิ ", "ก.12/2560", "081-234-5678"],
)
def test_it_takes_the_one_group_whose_name_number_or_phone_was_typed(
    client, staff, group, service_type, typed
):
    ClientGroupFactory(centre=group.centre, name="กลุ่มทอผ้าบ้านศรีภูมิใหม่")  # only similar
    ClientGroupFactory(name="กลุ่มทอผ้าบ้านศรีภูมิ")  # the same name at another centre
    client.force_login(staff)
    response = client.post(CREATE_URL, intake_data(typed, service_type))
    assert response.status_code == 302
    assert ServiceRequest.objects.get().client_group == group


@pytest.mark.parametrize("typed", ["สมหญิง ใจงาม", "นางสมหญิง ใจงาม", "089-876-5432"])
def test_it_takes_the_one_person_whose_name_or_phone_was_typed(
    client, staff, person, service_type, typed
):
    person.title = "mrs"
    person.save()
    client.force_login(staff)
    with translation.override("th"):
        response = client.post(CREATE_URL, intake_data(typed, service_type))
    assert response.status_code == 302
    assert ServiceRequest.objects.get().person == person


def test_it_takes_a_suggestion_label_typed_without_its_key(client, staff, group, service_type):
    ClientGroupFactory(centre=group.centre, name=group.name)  # a namesake in another village
    client.force_login(staff)
    with translation.override("th"):
        label = "กลุ่มทอผ้าบ้านศรีภูมิ · หมู่ที่ 3 ศรีภูมิ"
        response = client.post(CREATE_URL, intake_data(label, service_type))
    assert response.status_code == 302
    assert ServiceRequest.objects.get().client_group == group


def test_it_offers_the_namesakes_to_choose_from_and_keeps_what_was_typed(
    client, staff, group, person, service_type
):
    namesake = ClientGroupFactory(
        centre=group.centre,
        name=group.name,
        village=VillageFactory(subdistrict=group.village.subdistrict, number=9),
    )
    client.force_login(staff)
    data = intake_data(group.name, service_type, subject="ขอทุนซื้อกี่ทอผ้า", urgency="urgent")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 422
    assert not ServiceRequest.objects.exists()
    expected = th("Several clients of this centre match “%(value)s”. Choose one of them.")
    assert response.context["form"].errors["client"] == [expected % {"value": group.name}]
    page = response.content.decode()
    assert page.count('type="radio" name="client_key"') == 2
    assert f'value="g{group.pk}"' in page and f'value="g{namesake.pk}"' in page
    assert "หมู่ที่ 9 ศรีภูมิ" in page and "หมู่ที่ 3 ศรีภูมิ" in page
    assert 'value="ขอทุนซื้อกี่ทอผ้า"' in page
    assert f'value="{group.name}"' in page
    assert response.context["form"]["urgency"].value() == "urgent"

    client.post(CREATE_URL, {**data, "client_key": f"g{namesake.pk}"})
    created = ServiceRequest.objects.get()
    assert (created.client_group, created.subject) == (namesake, "ขอทุนซื้อกี่ทอผ้า")


def test_it_tells_namesake_persons_apart_without_their_id(client, staff, person, service_type):
    person.national_id = "1101700203450"
    person.save()
    twin = PersonFactory(
        centre=person.centre,
        first_name=person.first_name,
        last_name=person.last_name,
        phone="",
        national_id="3101700203456",
        village=person.village,
    )
    client.force_login(staff)
    response = client.post(CREATE_URL, intake_data("สมหญิง ใจงาม", service_type))
    assert response.status_code == 422
    page = response.content.decode()
    assert f'value="p{person.pk}"' in page and f'value="p{twin.pk}"' in page
    assert "…5432" in page and "x-xxxx-xxxxx-xx-6" in page
    assert "1101700203450" not in page and "3101700203456" not in page


def test_it_says_so_when_nothing_matches_and_keeps_the_text(client, staff, group, service_type):
    client.force_login(staff)
    response = client.post(CREATE_URL, intake_data("กลุ่มที่ไม่มี", service_type))
    assert response.status_code == 422
    expected = th(
        "No client of this centre matches “%(value)s”. Choose one of the suggestions, "
        "or register a new person below."
    )
    assert response.context["form"].errors["client"] == [expected % {"value": "กลุ่มที่ไม่มี"}]
    assert 'value="กลุ่มที่ไม่มี"' in response.content.decode()
