"""Events: created by staff, participants (registry and walk-ins) and attendance recorded on
the day, photos; the group's and person's pages list what they attended, and the impact."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.lib.fiscal import fiscal_year
from portal.lib.phone import INVALID_PHONE_MESSAGE
from resources.models import Attendance, Event, Participant, ReferralStatus
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.resources.factories import EventFactory, ParticipantFactory, ReferralFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def th(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


def _be(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_staff_create_an_event(client, staff, centre_a):
    client.force_login(staff)

    answer = client.post(
        reverse("resources:event-create"),
        {
            "kind": "training",
            "topic": "อบรมการทำบัญชีครัวเรือน",
            "starts_on": _be(timezone.localdate()),
            "place_kind": "centre",
            "capacity": "30",
        },
    )

    event = Event.objects.get(topic="อบรมการทำบัญชีครัวเรือน")
    assert answer.status_code == 302 and event.centre == centre_a and event.created_by == staff


def test_an_event_ending_before_it_starts_answers_422(client, staff):
    client.force_login(staff)
    today = timezone.localdate()

    answer = client.post(
        reverse("resources:event-create"),
        {
            "kind": "training",
            "topic": "x",
            "starts_on": _be(today),
            "ends_on": _be(today - timedelta(days=1)),
            "place_kind": "centre",
        },
    )

    assert answer.status_code == 422
    assert not Event.objects.exists()


def test_staff_add_a_walk_in_and_a_registry_person(client, staff, centre_a):
    event = EventFactory(centre=centre_a, created_by=staff)
    person = PersonFactory(centre=centre_a)
    client.force_login(staff)
    url = reverse("resources:participant-add", args=[event.pk])

    client.post(url, {"walk_in_name": "นายมาเอง วันงาน", "attendance": "attended"})
    client.post(url, {"client": "x", "client_key": f"p{person.pk}", "attendance": "registered"})

    assert event.participants.count() == 2
    assert event.participants.get(person=person).attendance == Attendance.REGISTERED


def test_a_participant_needs_exactly_one_who(client, staff, centre_a):
    event = EventFactory(centre=centre_a, created_by=staff)
    client.force_login(staff)

    answer = client.post(
        reverse("resources:participant-add", args=[event.pk]), {"attendance": "attended"}
    )

    assert answer.status_code == 422
    assert not event.participants.exists()


def test_a_person_is_not_listed_twice(client, staff, centre_a):
    event = EventFactory(centre=centre_a, created_by=staff)
    person = PersonFactory(centre=centre_a)
    client.force_login(staff)
    url = reverse("resources:participant-add", args=[event.pk])
    chosen = {"client": "x", "client_key": f"p{person.pk}", "attendance": "attended"}
    client.post(url, chosen)

    answer = client.post(url, chosen)

    assert answer.status_code == 422
    assert event.participants.count() == 1


def test_staff_type_a_groups_exact_name_and_it_is_chosen(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    group = ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านหนองบัว")
    client.force_login(staff)

    client.post(
        reverse("resources:participant-add", args=[event.pk]),
        {"client": "กลุ่มทอผ้าบ้านหนองบัว", "client_key": "", "attendance": "attended"},
    )

    assert event.participants.get().group == group


def test_a_person_of_another_centre_cannot_be_chosen(client, staff, centre_a, centre_b):
    event = EventFactory(centre=centre_a)
    theirs = PersonFactory(centre=centre_b, first_name="คนนอก")
    client.force_login(staff)

    answer = client.post(
        reverse("resources:participant-add", args=[event.pk]),
        {"client": "คนนอก", "client_key": f"p{theirs.pk}", "attendance": "attended"},
    )

    assert answer.status_code == 422 and "คนนอก" in answer.text
    assert not event.participants.exists()


def test_a_walk_ins_phone_is_kept_as_digits(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    client.force_login(staff)

    client.post(
        reverse("resources:participant-add", args=[event.pk]),
        {"walk_in_name": "นางมาเอง", "walk_in_phone": "081-234 5678", "attendance": "attended"},
    )

    assert event.participants.get().walk_in_phone == "0812345678"


def test_a_walk_ins_wrong_phone_answers_422_with_a_thai_message(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    client.force_login(staff)

    answer = client.post(
        reverse("resources:participant-add", args=[event.pk]),
        {"walk_in_name": "นางมาเอง", "walk_in_phone": "12345", "attendance": "attended"},
        HTTP_ACCEPT_LANGUAGE="th",
    )

    assert answer.status_code == 422
    assert th(str(INVALID_PHONE_MESSAGE)) in answer.text
    assert 'id="error_1_id_walk_in_phone"' in answer.text or "is-invalid" in answer.text
    assert not event.participants.exists()


def test_staff_record_attendance_and_evaluation(client, staff, centre_a):
    participant = ParticipantFactory(event=EventFactory(centre=centre_a))
    client.force_login(staff)

    client.post(
        reverse("resources:participant-attendance", args=[participant.pk]),
        {"attendance": "attended", "satisfaction": "5", "will_apply": "ทำบัญชีทุกวัน"},
    )

    participant.refresh_from_db()
    assert participant.attendance == Attendance.ATTENDED
    assert participant.satisfaction == 5 and participant.will_apply == "ทำบัญชีทุกวัน"


def test_an_evaluation_outside_1_to_5_changes_nothing(client, staff, centre_a):
    participant = ParticipantFactory(event=EventFactory(centre=centre_a))
    client.force_login(staff)

    client.post(
        reverse("resources:participant-attendance", args=[participant.pk]),
        {"attendance": "attended", "satisfaction": "9"},
    )

    participant.refresh_from_db()
    assert participant.attendance == Attendance.REGISTERED and participant.satisfaction is None


def test_the_committee_member_reads_an_event_but_records_nothing(
    client, committee_member, centre_a
):
    event = EventFactory(centre=centre_a)
    client.force_login(committee_member)

    page = client.get(event.get_absolute_url())
    posted = client.post(
        reverse("resources:participant-add", args=[event.pk]),
        {"walk_in_name": "x", "attendance": "attended"},
    )

    assert page.status_code == 200
    assert reverse("resources:participant-add", args=[event.pk]) not in page.text
    assert posted.status_code == 403 and not Participant.objects.exists()


def test_staff_add_a_photo_and_it_is_served_to_the_centre_only(client, staff, outsider, centre_a):
    event = EventFactory(centre=centre_a)
    client.force_login(staff)

    client.post(
        reverse("resources:photo-add", args=[event.pk]),
        {
            "photo": SimpleUploadedFile("day.png", PNG, content_type="image/png"),
            "caption": "วันอบรม",
        },
    )

    photo = event.photos.get()
    assert client.get(reverse("resources:photo", args=[photo.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("resources:photo", args=[photo.pk])).status_code == 404


def test_a_document_is_refused_as_a_photo_with_422(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    client.force_login(staff)

    answer = client.post(
        reverse("resources:photo-add", args=[event.pk]),
        {"photo": SimpleUploadedFile("list.pdf", b"%PDF-1.4 x", content_type="application/pdf")},
    )

    assert answer.status_code == 422 and not event.photos.exists()


def test_the_event_page_keeps_its_queries_with_many_participants(
    client, staff, centre_a, django_assert_max_num_queries
):
    event = EventFactory(centre=centre_a)
    for _ in range(30):
        ParticipantFactory(event=event)
    for _ in range(15):
        ParticipantFactory(event=event, walk_in_name="", person=PersonFactory(centre=centre_a))
    for _ in range(10):
        ParticipantFactory(event=event, walk_in_name="", group=ClientGroupFactory(centre=centre_a))
    client.force_login(staff)

    with django_assert_max_num_queries(16):
        page = client.get(event.get_absolute_url())
    assert page.status_code == 200 and len(page.context["participants"]) == 55


def _event_page_cost(client, event) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    return len(queries), len(page.content)


def test_the_event_page_does_not_grow_with_the_centres_persons(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    client.force_login(staff)
    PersonFactory.create_batch(3, centre=centre_a)
    ClientGroupFactory.create_batch(3, centre=centre_a)
    few = _event_page_cost(client, event)

    PersonFactory.create_batch(60, centre=centre_a, first_name="ไม่ควรอยู่ในหน้า")
    ClientGroupFactory.create_batch(20, centre=centre_a)
    many = _event_page_cost(client, event)

    assert many == few
    assert "ไม่ควรอยู่ในหน้า" not in client.get(event.get_absolute_url()).text


def test_the_event_list_keeps_its_queries_with_many_events(
    client, staff, centre_a, django_assert_max_num_queries
):
    for _ in range(55):
        ParticipantFactory(event=EventFactory(centre=centre_a))
    client.force_login(staff)

    with django_assert_max_num_queries(8):
        assert client.get(reverse("resources:event-list")).status_code == 200


def test_the_groups_page_shows_money_obtained_and_events_by_fiscal_year(client, staff, centre_a):
    group = ClientGroupFactory(centre=centre_a, name="กลุ่มออมทรัพย์ทดสอบ")
    today = timezone.localdate()
    ReferralFactory(
        request=ServiceRequestFactory(centre=centre_a, client_group=group),
        status=ReferralStatus.COMPLETED,
        responded_on=today,
        completed_on=today,
        money_obtained=Decimal("200000.00"),
        market_found="งาน OTOP City",
    )
    event = EventFactory(centre=centre_a, topic="อบรมการตลาดออนไลน์")
    ParticipantFactory(event=event, walk_in_name="", group=group, attendance=Attendance.ATTENDED)
    client.force_login(staff)

    page = client.get(group.get_absolute_url())

    assert "200,000.00" in page.text
    assert "งาน OTOP City" in page.text
    assert "อบรมการตลาดออนไลน์" in page.text
    assert str(fiscal_year(today)) in page.text


def test_the_persons_page_shows_the_events_attended_but_not_those_missed(client, staff, centre_a):
    person = PersonFactory(centre=centre_a)
    went = EventFactory(centre=centre_a, topic="อบรมที่ไปร่วม")
    missed = EventFactory(centre=centre_a, topic="อบรมที่ขาด")
    ParticipantFactory(event=went, walk_in_name="", person=person, attendance="attended")
    ParticipantFactory(event=missed, walk_in_name="", person=person, attendance="absent")
    client.force_login(staff)

    page = client.get(person.get_absolute_url())

    assert "อบรมที่ไปร่วม" in page.text and "อบรมที่ขาด" not in page.text


def test_an_event_serves_the_centres_open_requests_chosen(client, staff, centre_a, centre_b):
    ours = ServiceRequestFactory(centre=centre_a, status="in_progress")
    theirs = ServiceRequestFactory(centre=centre_b, status="in_progress")
    client.force_login(staff)
    data = {
        "kind": "training",
        "topic": "อบรมตามคำขอ",
        "starts_on": _be(timezone.localdate()),
        "place_kind": "centre",
        "requests": [ours.pk],
    }

    refused = client.post(reverse("resources:event-create"), {**data, "requests": [theirs.pk]})
    client.post(reverse("resources:event-create"), data)

    assert refused.status_code == 422
    assert list(Event.objects.get().requests.all()) == [ours]


def test_two_persons_with_the_typed_name_are_offered_to_choose(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    first = PersonFactory(centre=centre_a, first_name="สมใจ", last_name="ซ้ำชื่อ")
    PersonFactory(centre=centre_a, first_name="สมใจ", last_name="ซ้ำชื่อ")
    client.force_login(staff)
    url = reverse("resources:participant-add", args=[event.pk])

    offered = client.post(url, {"client": "สมใจ ซ้ำชื่อ", "attendance": "attended"})
    chosen = client.post(
        url, {"client": "สมใจ ซ้ำชื่อ", "client_key": f"p{first.pk}", "attendance": "attended"}
    )

    assert offered.status_code == 422
    assert offered.text.count('type="radio" name="client_key"') == 2
    assert chosen.status_code == 302 and event.participants.get().person == first
