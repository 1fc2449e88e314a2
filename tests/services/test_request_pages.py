"""The request pages: the list with its filters, the detail page with its timeline, and the
actions it offers (moves, assignment, due date, notes, edit, outcome), for every persona."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from clients.models import GroupKind
from services.actions import create_request, transition_request
from services.models import (
    Channel,
    RequestNote,
    ServiceRequest,
    Status,
    Urgency,
    VisitStatus,
)
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import (
    AttachmentFactory,
    ServiceRequestFactory,
    ServiceTypeFactory,
    VisitFactory,
)

pytestmark = pytest.mark.date_sensitive

BANGKOK = ZoneInfo("Asia/Bangkok")
LOGIN_URL = reverse("login")


@pytest.fixture
def group(centre_a):
    return ClientGroupFactory(centre=centre_a, name="กลุ่มแปรรูปลำไยบ้านหนองหอย")


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(name_th="เชื่อมโยงแหล่งตลาด", target_days_normal=30)


@pytest.fixture
def service_request(centre_a, group, service_type, staff):
    return create_request(
        centre=centre_a,
        client=group,
        service_type=service_type,
        channel=Channel.ONSITE,
        urgency=Urgency.NORMAL,
        subject="ขอช่องทางจำหน่ายลำไยอบแห้ง",
        by=staff,
    )


@pytest.fixture
def b_request(centre_b, outsider):
    return ServiceRequestFactory(centre=centre_b, received_by=outsider, subject="คำขอของศูนย์ข")


def page_urls(pk: int) -> list[str]:
    return [
        reverse("services:request-detail", args=[pk]),
        reverse("services:request-edit", args=[pk]),
        reverse("services:request-outcome", args=[pk]),
    ]


def action_urls(pk: int) -> list[str]:
    names = ["request-transition", "request-assign", "request-due-date", "request-note"]
    return [reverse(f"services:{name}", args=[pk]) for name in names]


def th(msgid: str) -> str:
    """A message as the pages show it: in Thai (when translated), HTML-escaped."""
    with translation.override("th"):
        return escape(translation.gettext(msgid))


def th_text(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def field_error(response, name: str) -> str:
    """The error crispy-forms shows under the field ``name`` (empty if there is none)."""
    match = re.search(
        rf'<p id="error_\d+_id_{name}"><strong>(.*?)</strong>',
        response.content.decode(),
    )
    return match.group(1) if match else ""


def refresh(service_request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.get(pk=service_request.pk)


# Who may open what


def test_it_sends_anonymous_users_to_the_login_page(client, service_request):
    urls = [reverse("services:request-list"), *page_urls(service_request.pk)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN_URL)
    for url in action_urls(service_request.pk):
        response = client.post(url, {"to": Status.IN_PROGRESS, "text": "x"})
        assert response.status_code == 302
        assert response.url.startswith(LOGIN_URL)
    assert refresh(service_request).status == Status.RECEIVED


def test_it_answers_404_to_an_outsider_on_every_page_and_action(client, outsider, service_request):
    client.force_login(outsider)
    for url in page_urls(service_request.pk):
        assert client.get(url).status_code == 404
    data = {"to": Status.IN_PROGRESS, "note": "x", "text": "x", "assignee": outsider.pk}
    for url in action_urls(service_request.pk):
        assert client.post(url, data).status_code == 404
    fresh = refresh(service_request)
    assert (fresh.status, fresh.assigned_to, fresh.version) == (Status.RECEIVED, None, 1)
    assert not RequestNote.objects.exists()


def test_it_hides_other_centres_requests_from_the_list(client, outsider, service_request):
    client.force_login(outsider)
    response = client.get(reverse("services:request-list"))
    assert response.status_code == 200
    assert service_request.reference not in response.content.decode()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_lets_read_only_roles_read_but_not_write(request, client, persona, service_request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    detail = client.get(service_request.get_absolute_url())
    assert detail.status_code == 200
    assert service_request.reference in detail.content.decode()
    assert th("Start work") not in detail.content.decode()
    assert client.get(reverse("services:request-list")).status_code == 200
    assert (
        client.get(reverse("services:request-edit", args=[service_request.pk])).status_code == 403
    )
    outcome_url = reverse("services:request-outcome", args=[service_request.pk])
    assert client.get(outcome_url).status_code == 403
    data = {"to": Status.IN_PROGRESS, "note": "x", "text": "x", "assignee": user.pk}
    for url in action_urls(service_request.pk):
        assert client.post(url, data).status_code == 403
    assert refresh(service_request).status == Status.RECEIVED
    assert not RequestNote.objects.exists()


def test_it_refuses_get_on_the_action_urls(client, staff, service_request):
    client.force_login(staff)
    for url in action_urls(service_request.pk):
        assert client.get(url).status_code == 405


# The detail page


def test_it_shows_the_request_with_its_client_and_due_date(client, staff, service_request, group):
    client.force_login(staff)
    response = client.get(service_request.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert service_request.reference in html
    assert group.get_absolute_url() in html
    assert group.name in html
    assert "เชื่อมโยงแหล่งตลาด" in html
    assert th("Late") not in html


def test_it_marks_a_late_request(client, staff, centre_a, staff_request_factory):
    late = staff_request_factory(due_date=timezone.localdate() - timedelta(days=1))
    client.force_login(staff)
    html = client.get(late.get_absolute_url()).content.decode()
    assert th("Late") in html


@pytest.fixture
def staff_request_factory(centre_a, staff, service_type):
    def make(**values) -> ServiceRequest:
        values.setdefault("centre", centre_a)
        values.setdefault("received_by", staff)
        values.setdefault("service_type", service_type)
        return ServiceRequestFactory(**values)

    return make


def test_it_offers_only_the_moves_of_the_users_role(client, staff, head, service_request):
    client.force_login(staff)
    html = client.get(service_request.get_absolute_url()).content.decode()
    assert th("Start work") in html
    assert th("Cancel the request") in html
    assert th("Put before the committee") not in html
    assert th("Change the due date") not in html
    client.force_login(head)
    html = client.get(service_request.get_absolute_url()).content.decode()
    assert th("Put before the committee") in html
    assert th("Change the due date") in html


def test_it_guides_to_the_outcome_before_resolving(client, staff, service_request):
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    client.force_login(staff)
    html = client.get(service_request.get_absolute_url()).content.decode()
    outcome_url = reverse("services:request-outcome", args=[service_request.pk])
    assert f"{outcome_url}?resolve=1" in html


def test_it_shows_a_timeline_of_every_kind_of_event_with_be_dates(
    client, staff, head, centre_a, service_request
):
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    RequestNote.objects.create(request=service_request, author=staff, text="โทรนัดกลุ่มแล้ว")
    visit = VisitFactory(centre=centre_a, title="หน่วยเคลื่อนที่บ้านหนองหอย", created_by=staff)
    visit.served_requests.add(service_request)
    raised_on = VisitFactory(centre=centre_a, title="ประชุมประชาคม", created_by=staff)
    ServiceRequest.objects.filter(pk=service_request.pk).update(raised_on_visit=raised_on)
    AttachmentFactory(request=service_request, original_name="ใบเสนอราคา.pdf", uploaded_by=staff)
    client.force_login(staff)
    html = client.get(service_request.get_absolute_url()).content.decode()
    be_year = str(timezone.localdate().year + 543)
    for text in (
        th("Request received"),
        th("In progress"),
        "โทรนัดกลุ่มแล้ว",
        "หน่วยเคลื่อนที่บ้านหนองหอย",
        "ประชุมประชาคม",
        "ใบเสนอราคา.pdf",
        be_year,
        staff.get_full_name(),
    ):
        assert text in html


# Moves


def test_it_refuses_a_move_that_is_not_allowed_and_changes_nothing(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": Status.CLOSED}, follow=True)
    assert response.status_code == 200
    with translation.override("th"):
        refused = translation.gettext("A request that is “%(from)s” cannot become “%(to)s”.") % {
            "from": Status.RECEIVED.label,
            "to": Status.CLOSED.label,
        }
    assert messages_of(response) == [refused]
    fresh = refresh(service_request)
    assert (fresh.status, fresh.version) == (Status.RECEIVED, 1)
    assert service_request.status_changes.count() == 1


def test_it_refuses_an_unknown_status_without_an_error(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": "flying"}, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [th_text("This move is not possible.")]
    assert refresh(service_request).status == Status.RECEIVED


def test_it_refuses_to_cancel_without_a_reason_next_to_the_reason_box(
    client, staff, service_request
):
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": Status.CANCELLED, "note": "  "})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="note-cancelled-error">' + th("Give a reason.") in html
    assert '<details class="border rounded p-2" open>' in html  # the cancel box stays open
    assert messages_of(response) == []
    assert refresh(service_request).status == Status.RECEIVED


def test_it_refuses_a_head_only_move_to_staff(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": Status.COMMITTEE}, follow=True)
    assert messages_of(response) == [th_text("Only the centre head can do this.")]
    assert refresh(service_request).status == Status.RECEIVED


def test_it_refuses_to_resolve_without_an_outcome(client, staff, service_request):
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": Status.RESOLVED}, follow=True)
    assert messages_of(response) == [
        th_text("Record what was done (the outcome) before resolving.")
    ]
    assert refresh(service_request).status == Status.IN_PROGRESS


def test_it_moves_a_request_and_records_who_and_why(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": Status.IN_PROGRESS})
    assert response.status_code == 302
    assert response.url == service_request.get_absolute_url()
    fresh = refresh(service_request)
    assert (fresh.status, fresh.version) == (Status.IN_PROGRESS, 2)
    change = fresh.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.RECEIVED,
        Status.IN_PROGRESS,
        staff,
    )
    assert fresh.history.first().history_user == staff


def test_it_cancels_with_the_reason_in_the_timeline(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-transition", args=[service_request.pk])
    response = client.post(url, {"to": Status.CANCELLED, "note": "กลุ่มขอยกเลิกเอง"}, follow=True)
    assert refresh(service_request).status == Status.CANCELLED
    assert service_request.status_changes.last().note == "กลุ่มขอยกเลิกเอง"
    assert "กลุ่มขอยกเลิกเอง" in response.content.decode()


def test_it_records_the_outcome_and_resolves_then_the_head_closes(
    client, staff, head, service_request
):
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    client.force_login(staff)
    url = reverse("services:request-outcome", args=[service_request.pk])
    assert client.get(f"{url}?resolve=1").status_code == 200
    data = {
        "version": refresh(service_request).version,
        "outcome": "จับคู่กับห้างในจังหวัด",
        "result_note": "ได้ผู้ซื้อรายใหม่",
        "money_obtained": "15000.50",
        "people_trained": "",
        "market_found": "ห้างท้องถิ่น",
        "satisfaction": "5",
        "resolve": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    fresh = refresh(service_request)
    assert fresh.status == Status.RESOLVED
    assert fresh.outcome == "จับคู่กับห้างในจังหวัด"
    assert fresh.money_obtained == Decimal("15000.50")
    assert fresh.satisfaction == 5
    client.force_login(head)
    move = reverse("services:request-transition", args=[service_request.pk])
    client.post(move, {"to": Status.CLOSED})
    assert refresh(service_request).status == Status.CLOSED


def test_it_requires_the_outcome_when_resolving_from_the_outcome_form(
    client, staff, service_request
):
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    client.force_login(staff)
    url = reverse("services:request-outcome", args=[service_request.pk])
    response = client.post(url, {"version": 2, "outcome": "", "resolve": "1"})
    assert response.status_code == 422
    assert response.context["form"].errors["outcome"]
    assert refresh(service_request).status == Status.IN_PROGRESS


# Assignment


def test_it_refuses_staff_assigning_a_colleague(client, staff, colleague, service_request):
    client.force_login(staff)
    url = reverse("services:request-assign", args=[service_request.pk])
    response = client.post(url, {"assignee": colleague.pk}, follow=True)
    assert messages_of(response) == [th_text("Only the centre head assigns requests to others.")]
    assert refresh(service_request).assigned_to is None


def test_it_refuses_to_assign_someone_outside_the_centre(
    client, head, outsider, committee_member, service_request
):
    client.force_login(head)
    url = reverse("services:request-assign", args=[service_request.pk])
    for user in (outsider, committee_member):
        response = client.post(url, {"assignee": user.pk})
        assert response.status_code == 422
        assert th("Choose a staff member of the centre.") in field_error(response, "assignee")
    assert refresh(service_request).assigned_to is None


def test_it_lets_staff_take_a_request(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-assign", args=[service_request.pk])
    response = client.post(url, {"assignee": staff.pk}, follow=True)
    assert refresh(service_request).assigned_to == staff
    assert messages_of(response) == [th_text("The request is yours now.")]


def test_it_lets_the_head_assign_and_mails_the_assignee(
    client, head, colleague, service_request, django_capture_on_commit_callbacks
):
    colleague.email = "colleague@example.org"
    colleague.save()
    client.force_login(head)
    url = reverse("services:request-assign", args=[service_request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"assignee": colleague.pk}, follow=True)
    fresh = refresh(service_request)
    assert fresh.assigned_to == colleague
    assert fresh.version == 2
    assert any(colleague.get_full_name() in m for m in messages_of(response))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["colleague@example.org"]
    assert service_request.reference in mail.outbox[0].subject
    assert service_request.get_absolute_url() in mail.outbox[0].body


# Due date


def test_it_refuses_a_due_date_change_by_staff(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-due-date", args=[service_request.pk])
    response = client.post(url, {"due_date": "01/01/2580", "reason": "ขอขยาย"}, follow=True)
    assert messages_of(response) == [th_text("Only the centre head can change the due date.")]
    assert refresh(service_request).due_date == service_request.due_date
    assert not RequestNote.objects.exists()


def test_it_refuses_a_due_date_change_without_a_reason(client, head, service_request):
    client.force_login(head)
    url = reverse("services:request-due-date", args=[service_request.pk])
    response = client.post(url, {"due_date": "01/01/2580", "reason": ""})
    assert response.status_code == 422
    assert th("Give a reason.") in field_error(response, "reason")
    assert 'value="01/01/2580"' in response.content.decode()  # the typed date is kept
    assert refresh(service_request).due_date == service_request.due_date


def test_it_shows_a_date_that_does_not_exist_next_to_the_field_and_keeps_the_typing(
    client, head, service_request
):
    client.force_login(head)
    url = reverse("services:request-due-date", args=[service_request.pk])
    response = client.post(url, {"due_date": "31/02/2570", "reason": "รอเอกสารจากกลุ่ม"})
    assert response.status_code == 422
    assert field_error(response, "due_date")
    html = response.content.decode()
    assert 'value="31/02/2570"' in html
    assert "รอเอกสารจากกลุ่ม</textarea>" in html
    assert messages_of(response) == []
    # The language switch returns to the request page, not to the action's POST-only URL.
    assert f'name="next" value="{service_request.get_absolute_url()}"' in html
    assert refresh(service_request).due_date == service_request.due_date
    assert not RequestNote.objects.exists()


def test_it_lets_the_head_move_the_due_date_with_a_reason(client, head, service_request):
    old = service_request.due_date
    client.force_login(head)
    url = reverse("services:request-due-date", args=[service_request.pk])
    response = client.post(
        url, {"due_date": "15/03/2570", "reason": "รอผลประชุมคณะกรรมการ"}, follow=True
    )
    assert refresh(service_request).due_date == date(2027, 3, 15)
    note = RequestNote.objects.get()
    assert (note.kind, note.author, note.text) == ("due_date", head, "รอผลประชุมคณะกรรมการ")
    assert note.old_value == old.isoformat()
    html = response.content.decode()
    assert "รอผลประชุมคณะกรรมการ" in html
    assert "15 มี.ค. 2570" in html


# Notes


def test_it_refuses_an_empty_note(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-note", args=[service_request.pk])
    response = client.post(url, {"text": " "})
    assert response.status_code == 422
    assert th("Write the note first.") in field_error(response, "text")
    assert not RequestNote.objects.exists()


def test_it_adds_a_note_to_the_timeline(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-note", args=[service_request.pk])
    response = client.post(url, {"text": "นัดประชุมกลุ่มวันศุกร์"}, follow=True)
    note = RequestNote.objects.get()
    assert (note.author, note.kind) == (staff, "note")
    assert "นัดประชุมกลุ่มวันศุกร์" in response.content.decode()


# Edit


def test_it_edits_a_request_and_keeps_the_history(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-edit", args=[service_request.pk])
    assert client.get(url).status_code == 200
    data = {
        "version": 1,
        "subject": "ขอช่องทางจำหน่ายลำไยอบแห้งในห้าง",
        "description": "",
        "service_type": service_request.service_type_id,
        "channel": Channel.ONSITE,
        "urgency": Urgency.URGENT,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    fresh = refresh(service_request)
    assert (fresh.subject, fresh.urgency, fresh.version) == (data["subject"], "urgent", 2)
    assert fresh.due_date == service_request.due_date  # only the head moves it
    assert fresh.history.first().history_user == staff


def test_it_saves_nothing_when_nothing_changed(client, staff, service_request):
    client.force_login(staff)
    url = reverse("services:request-edit", args=[service_request.pk])
    data = {
        "version": 1,
        "subject": service_request.subject,
        "description": "",
        "service_type": service_request.service_type_id,
        "channel": Channel.ONSITE,
        "urgency": Urgency.NORMAL,
    }
    response = client.post(url, data, follow=True)
    assert messages_of(response) == [th_text("Nothing was changed.")]
    assert refresh(service_request).version == 1


# The list


@pytest.fixture
def listed(centre_a, staff, colleague, service_type):
    """Requests of centre A that differ in one filter each."""
    sriphum = SubdistrictFactory(code="500101", district=centre_a.district, name_th="ศรีภูมิ")
    village = VillageFactory(subdistrict=sriphum, number=3)
    person = PersonFactory(centre=centre_a, first_name="สมหญิง", last_name="ใจงาม", village=village)
    savings = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS, name="กลุ่มออมทรัพย์")
    other_type = ServiceTypeFactory(name_th="แหล่งทุน")
    today = timezone.localdate()
    make = ServiceRequestFactory
    common = {
        "centre": centre_a,
        "received_by": staff,
        "service_type": service_type,
        "received_at": datetime(2027, 2, 10, 9, tzinfo=BANGKOK),
        "fiscal_year": 2570,
    }
    return {
        "person": make(
            **{**common, "received_at": datetime(2026, 11, 5, 9, tzinfo=BANGKOK)},
            client_group=None,
            person=person,
        ),
        "overdue": make(**common, due_date=today - timedelta(days=2), assigned_to=colleague),
        "resolved": make(**common, status=Status.RESOLVED, client_group=savings),
        "outreach_urgent": make(
            **{
                **common,
                "service_type": other_type,
                "received_at": datetime(2025, 12, 5, 9, tzinfo=BANGKOK),
                "fiscal_year": 2569,
            },
            channel=Channel.OUTREACH,
            urgency=Urgency.URGENT,
        ),
    }


def listed_refs(client, **params) -> set[str]:
    response = client.get(reverse("services:request-list"), params)
    assert response.status_code == 200
    return {r.reference for r in response.context["page"]}


def test_it_filters_the_list(client, staff, colleague, listed):
    client.force_login(staff)
    ref = {key: r.reference for key, r in listed.items()}
    assert listed_refs(client) == set(ref.values())
    assert listed_refs(client, status="open") == set(ref.values()) - {ref["resolved"]}
    assert listed_refs(client, status="resolved") == {ref["resolved"]}
    assert listed_refs(client, overdue="yes") == {ref["overdue"]}
    assert listed_refs(client, channel="outreach") == {ref["outreach_urgent"]}
    assert listed_refs(client, urgency="urgent") == {ref["outreach_urgent"]}
    other_type = listed["outreach_urgent"].service_type_id
    assert listed_refs(client, service_type=other_type) == {ref["outreach_urgent"]}
    assert listed_refs(client, assigned_to=colleague.pk) == {ref["overdue"]}
    assert ref["overdue"] not in listed_refs(client, assigned_to="null")
    assert listed_refs(client, client_kind="person") == {ref["person"]}
    assert listed_refs(client, client_kind="savings") == {ref["resolved"]}
    assert listed_refs(client, fiscal_year=2569) == {ref["outreach_urgent"]}
    assert listed_refs(client, fiscal_year=2570, month=11) == {ref["person"]}
    assert listed_refs(client, month=12) == {ref["outreach_urgent"]}
    subdistrict = listed["person"].person.village.subdistrict_id
    assert listed_refs(client, subdistrict=subdistrict) == {ref["person"]}
    assert listed_refs(client, village=listed["person"].person.village_id) == {ref["person"]}


def test_it_searches_by_reference_and_client_name(client, staff, listed):
    client.force_login(staff)
    person_ref = listed["person"].reference
    assert listed_refs(client, q="สมหญิง ใจงาม") == {person_ref}
    assert listed_refs(client, q=person_ref) == {person_ref}
    assert listed_refs(client, q="ออมทรัพย์") == {listed["resolved"].reference}


@pytest.mark.parametrize("listed_at_most", [5000, 0], ids=["ids first", "many: a subquery"])
def test_it_finds_the_same_requests_however_many_match(
    client, staff, listed, monkeypatch, listed_at_most
):
    monkeypatch.setattr("services.models.MAX_LISTED_MATCHES", listed_at_most)
    client.force_login(staff)
    assert listed_refs(client, q="สมหญิง") == {listed["person"].reference}
    assert listed_refs(client, q="ขอ") == {row.reference for row in listed.values()}


def test_it_labels_the_months_in_fiscal_order_with_be_years(client, staff, listed):
    client.force_login(staff)
    response = client.get(reverse("services:request-list"), {"fiscal_year": 2570})
    choices = list(response.context["filters"].form.fields["month"].choices)[1:]
    assert choices[0] == (10, "ตุลาคม 2569")
    assert choices[-1] == (9, "กันยายน 2570")


def test_it_sorts_by_due_date(client, staff, listed):
    client.force_login(staff)
    response = client.get(reverse("services:request-list"), {"sort": "due"})
    dues = [r.due_date for r in response.context["page"]]
    assert dues == sorted(dues)
    assert dues[0] == listed["overdue"].due_date


def test_it_pages_the_list_by_25(client, staff, staff_request_factory):
    for _ in range(27):
        staff_request_factory()
    client.force_login(staff)
    first = client.get(reverse("services:request-list"))
    assert len(first.context["page"]) == 25
    second = client.get(reverse("services:request-list"), {"page": 2})
    assert len(second.context["page"]) == 2


def test_it_offers_only_the_centres_staff_as_assignees(
    client, staff, colleague, head, outsider, committee_member, listed
):
    client.force_login(staff)
    response = client.get(reverse("services:request-list"))
    offered = set(response.context["filters"].form.fields["assigned_to"].queryset)
    assert offered == {staff, colleague, head}


def test_it_shows_the_visits_status_on_the_timeline(client, staff, centre_a, service_request):
    visit = VisitFactory(centre=centre_a, status=VisitStatus.DONE, created_by=staff)
    visit.served_requests.add(service_request)
    client.force_login(staff)
    html = client.get(service_request.get_absolute_url()).content.decode()
    assert visit.title in html
    assert reverse("services:visit-detail", args=[visit.pk]) in html


def test_it_shows_the_photos_of_a_visit_that_served_the_request(client, staff, centre_a):
    service_request = ServiceRequestFactory(centre=centre_a, received_by=staff)
    visit = VisitFactory(centre=centre_a, created_by=staff)
    visit.served_requests.add(service_request)
    photo = AttachmentFactory(request=None, visit=visit, centre=centre_a, uploaded_by=staff)
    client.force_login(staff)

    page = client.get(service_request.get_absolute_url()).content.decode()

    assert f'<img src="{photo.get_absolute_url()}"' in page
