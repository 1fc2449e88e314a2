"""The named actions besides the workflow moves: logging a request, assigning it, moving its due
date and editing it; each refuses with a clear message and then changes nothing."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from services.actions import (
    ActionRefused,
    StaleEdit,
    add_note,
    assign_request,
    change_due_date,
    create_request,
    edit_request,
)
from services.models import (
    Channel,
    RequestNote,
    ServiceRequest,
    Status,
    StatusChange,
    Urgency,
    VisitKind,
)
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory, VisitFactory

pytestmark = pytest.mark.date_sensitive

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the portal's default language is Thai."""
    with translation.override("en"):
        yield


@pytest.fixture
def group(centre_a):
    return ClientGroupFactory(centre=centre_a, name="กลุ่มแปรรูปลำไยบ้านหนองหอย")


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(target_days_normal=30, target_days_urgent=7)


@pytest.fixture
def log(centre_a, group, service_type, staff):
    """Log a request at centre A through the action, as staff at the counter would."""

    def make(**overrides) -> ServiceRequest:
        values = {
            "centre": centre_a,
            "client": group,
            "service_type": service_type,
            "channel": Channel.ONSITE,
            "urgency": Urgency.NORMAL,
            "subject": "ขอช่องทางจำหน่ายลำไยอบแห้งหลังราคาตกต่ำ",
            "by": staff,
        }
        return create_request(**(values | overrides))

    return make


def _snapshot(request: ServiceRequest) -> dict:
    fresh = ServiceRequest.objects.get(pk=request.pk)
    return {
        "row": {f.attname: getattr(fresh, f.attname) for f in ServiceRequest._meta.concrete_fields},
        "history": fresh.history.count(),
        "changes": StatusChange.objects.filter(request=fresh).count(),
        "notes": RequestNote.objects.filter(request=fresh).count(),
    }


# create_request


def test_it_logs_a_request_with_reference_due_date_and_a_first_status_change(
    log, staff, centre_a, group
):
    received = datetime(2026, 11, 16, 9, 30, tzinfo=BANGKOK)

    request = log(received_at=received, description="ราคาลำไยเหลือกิโลกรัมละ 8 บาท")

    request.refresh_from_db()
    assert request.reference == "5001-2570-00001"
    assert (request.fiscal_year, request.sequence) == (2570, 1)
    assert request.status == Status.RECEIVED
    assert request.client == group and request.person is None
    assert request.received_by == staff
    assert request.due_date == date(2026, 12, 16)
    assert request.version == 1
    assert request.history.count() == 1
    (first,) = request.status_changes.all()
    assert (first.from_status, first.to_status, first.changed_by) == ("", Status.RECEIVED, staff)
    assert first.changed_at == received


def test_it_logs_a_request_for_a_person(log, centre_a):
    person = PersonFactory(centre=centre_a)
    request = log(client=person)
    assert request.person == person and request.client_group is None


def test_it_refuses_a_client_of_another_centre(log, centre_b):
    other_group = ClientGroupFactory(centre=centre_b)
    with pytest.raises(ActionRefused, match="another centre"):
        log(client=other_group)
    assert ServiceRequest.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_it_refuses_a_person_of_another_centre(log, centre_b):
    with pytest.raises(ActionRefused, match="another centre"):
        log(client=PersonFactory(centre=centre_b))
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "outsider", "nobody"])
def test_it_refuses_users_who_cannot_write_at_the_centre(log, request, persona):
    with pytest.raises(ActionRefused, match="staff"):
        log(by=request.getfixturevalue(persona))
    assert ServiceRequest.objects.count() == 0
    assert StatusChange.objects.count() == 0


@pytest.mark.parametrize("persona", ["staff", "head", "admin_user"])
def test_staff_the_head_and_administrators_log_requests(log, request, persona):
    assert log(by=request.getfixturevalue(persona)).pk


def test_a_request_raised_on_an_outreach_visit_is_outreach_and_linked(log, centre_a, staff):
    visit = VisitFactory(centre=centre_a, kind=VisitKind.OUTREACH, created_by=staff)

    request = log(channel=Channel.ONSITE, raised_on_visit=visit)

    request.refresh_from_db()
    assert request.channel == Channel.OUTREACH
    assert request.raised_on_visit == visit
    assert list(visit.raised_requests.all()) == [request]


def test_a_request_raised_at_an_onsite_session_keeps_its_channel(log, centre_a, staff):
    visit = VisitFactory(centre=centre_a, kind=VisitKind.ONSITE, created_by=staff)
    request = log(channel=Channel.ONSITE, raised_on_visit=visit)
    assert request.channel == Channel.ONSITE
    assert request.raised_on_visit == visit


def test_it_refuses_to_link_a_visit_of_another_centre(log, centre_b, outsider):
    visit = VisitFactory(centre=centre_b, kind=VisitKind.OUTREACH, created_by=outsider)
    with pytest.raises(ActionRefused, match="another centre"):
        log(raised_on_visit=visit)
    assert ServiceRequest.objects.count() == 0


def test_it_can_assign_the_request_as_it_is_logged(log, head, colleague):
    request = log(by=head, assigned_to=colleague)
    request.refresh_from_db()
    assert request.assigned_to == colleague


# assign_request


@pytest.fixture
def mailable(staff, colleague, head):
    for user in (staff, colleague, head):
        user.email = f"{user.username}@example.go.th"
        user.save()


def test_the_head_assigns_a_request_and_the_assignee_gets_an_email_on_commit(
    log, head, colleague, mailable, django_capture_on_commit_callbacks
):
    request = log()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assign_request(request, assignee=colleague, by=head)
        assert mail.outbox == []  # nothing leaves before the commit

    assert len(callbacks) == 1
    request.refresh_from_db()
    assert request.assigned_to == colleague
    assert request.version == 2
    (message,) = mail.outbox
    assert message.to == ["colleague_a@example.go.th"]
    assert request.reference in message.subject
    assert request.reference in message.body
    assert request.subject in message.body


def test_no_email_goes_out_when_the_transaction_rolls_back(
    log, head, colleague, mailable, django_capture_on_commit_callbacks
):
    request = log()
    before = _snapshot(request)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assign_request(request, assignee=colleague, by=head)
        raise RuntimeError("the page failed after assigning")

    assert callbacks == []
    assert mail.outbox == []
    assert _snapshot(request) == before


def test_staff_may_take_a_request_themselves(
    log, colleague, mailable, django_capture_on_commit_callbacks
):
    request = log()
    with django_capture_on_commit_callbacks(execute=True):
        assign_request(request, assignee=colleague, by=colleague)
    request.refresh_from_db()
    assert request.assigned_to == colleague
    assert len(mail.outbox) == 1


def test_staff_cannot_assign_a_request_to_someone_else(
    log, staff, colleague, mailable, django_capture_on_commit_callbacks
):
    request = log()
    before = _snapshot(request)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ActionRefused, match="head"),
    ):
        assign_request(request, assignee=colleague, by=staff)
    assert _snapshot(request) == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    "persona", ["committee_member", "province_officer", "outsider", "nobody", "admin_user"]
)
def test_it_assigns_only_to_staff_or_the_head_of_the_same_centre(log, head, request, persona):
    service_request = log()
    before = _snapshot(service_request)
    with pytest.raises(ActionRefused, match="staff"):
        assign_request(service_request, assignee=request.getfixturevalue(persona), by=head)
    assert _snapshot(service_request) == before


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "outsider"])
def test_those_who_cannot_write_cannot_take_a_request(log, request, persona):
    service_request = log()
    before = _snapshot(service_request)
    user = request.getfixturevalue(persona)
    with pytest.raises(ActionRefused):
        assign_request(service_request, assignee=user, by=user)
    assert _snapshot(service_request) == before


def test_administrators_assign_as_the_head(log, admin_user, staff):
    request = log()
    assign_request(request, assignee=staff, by=admin_user)
    assert ServiceRequest.objects.get(pk=request.pk).assigned_to == staff


def test_the_head_may_assign_the_request_to_themselves(log, head):
    request = log()
    assign_request(request, assignee=head, by=head)
    assert ServiceRequest.objects.get(pk=request.pk).assigned_to == head


def test_assigning_the_same_person_again_changes_nothing_and_sends_nothing(
    log, head, colleague, mailable, django_capture_on_commit_callbacks
):
    request = log()
    assign_request(request, assignee=colleague, by=head)
    before = _snapshot(request)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assign_request(request, assignee=colleague, by=head)
    assert callbacks == []
    assert _snapshot(request) == before


def test_no_email_is_attempted_for_an_assignee_without_an_address(
    log, head, colleague, django_capture_on_commit_callbacks
):
    request = log()
    with django_capture_on_commit_callbacks(execute=True):
        assign_request(request, assignee=colleague, by=head)
    assert ServiceRequest.objects.get(pk=request.pk).assigned_to == colleague
    assert mail.outbox == []


# change_due_date


def test_the_head_moves_the_due_date_with_a_reason_kept_as_a_note(log, head):
    request = log(received_at=datetime(2026, 11, 16, 9, 0, tzinfo=BANGKOK))
    assert request.due_date == date(2026, 12, 16)

    note = change_due_date(
        request, due_date=date(2027, 1, 15), reason="รอผลอนุมัติสินเชื่อจาก ธ.ก.ส.", by=head
    )

    request.refresh_from_db()
    assert request.due_date == date(2027, 1, 15)
    assert request.version == 2
    note.refresh_from_db()
    assert note.request == request and note.author == head
    assert note.kind == RequestNote.Kind.DUE_DATE
    assert note.text == "รอผลอนุมัติสินเชื่อจาก ธ.ก.ส."
    assert (note.old_value, note.new_value) == ("2026-12-16", "2027-01-15")


def test_administrators_move_due_dates_as_the_head(log, admin_user):
    request = log()
    change_due_date(request, due_date=date(2027, 3, 1), reason="ขยายเวลา", by=admin_user)
    assert ServiceRequest.objects.get(pk=request.pk).due_date == date(2027, 3, 1)


@pytest.mark.parametrize(
    "persona", ["staff", "colleague", "committee_member", "province_officer", "outsider"]
)
def test_only_the_head_moves_a_due_date(log, request, persona):
    service_request = log()
    before = _snapshot(service_request)
    with pytest.raises(ActionRefused, match="head"):
        change_due_date(
            service_request,
            due_date=date(2027, 3, 1),
            reason="ขอขยายเวลา",
            by=request.getfixturevalue(persona),
        )
    assert _snapshot(service_request) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_due_date_change_needs_a_reason(log, head, reason):
    request = log()
    before = _snapshot(request)
    with pytest.raises(ActionRefused, match="reason"):
        change_due_date(request, due_date=date(2027, 3, 1), reason=reason, by=head)
    assert _snapshot(request) == before


# edit_request


def test_an_edit_with_the_current_version_is_saved(log, staff):
    request = log()
    edit_request(
        request,
        changes={
            "outcome": "ประสาน ธ.ก.ส. สาขาสันทราย ยื่นกู้แล้ว",
            "money_obtained": Decimal("150000.00"),
        },
        expected_version=1,
        by=staff,
    )
    request.refresh_from_db()
    assert request.outcome == "ประสาน ธ.ก.ส. สาขาสันทราย ยื่นกู้แล้ว"
    assert request.money_obtained == Decimal("150000.00")
    assert request.version == 2
    assert request.history.first().history_user == staff


def test_a_stale_edit_is_refused_with_what_changed_and_overwrites_nothing(log, staff, colleague):
    request = log()
    form_opened_at = request.version
    colleague_copy = ServiceRequest.objects.get(pk=request.pk)
    edit_request(
        colleague_copy,
        changes={"subject": "ขอช่องทางจำหน่ายลำไยอบแห้ง (แก้ไข)", "description": "ขายไม่ออก 2 ตัน"},
        expected_version=form_opened_at,
        by=colleague,
    )
    before = _snapshot(request)

    with translation.override("en"), pytest.raises(StaleEdit) as stale:
        edit_request(
            request,
            changes={"subject": "ชื่อเรื่องของฉัน", "outcome": "ติดต่อตลาดไทแล้ว"},
            expected_version=form_opened_at,
            by=staff,
        )

    assert set(stale.value.changed_fields) == {"subject", "description"}
    assert "while you were editing" in str(stale.value)
    assert _snapshot(request) == before
    fresh = ServiceRequest.objects.get(pk=request.pk)
    assert fresh.subject == "ขอช่องทางจำหน่ายลำไยอบแห้ง (แก้ไข)"
    assert fresh.outcome == ""


def test_the_changed_fields_are_named_in_the_users_language(log, staff, colleague):
    request = log()
    edit_request(request, changes={"subject": "เรื่องใหม่"}, expected_version=1, by=colleague)
    with translation.override("th"), pytest.raises(StaleEdit) as stale:
        edit_request(request, changes={"subject": "x"}, expected_version=1, by=staff)
    with translation.override("th"):
        label = str(ServiceRequest._meta.get_field("subject").verbose_name)
    assert stale.value.changed_fields == [label]


def test_a_stale_edit_names_every_field_saved_since_the_form_was_opened(
    log, staff, colleague, head
):
    request = log()
    assign_request(request, assignee=colleague, by=head)
    edit_request(request, changes={"urgency": Urgency.URGENT}, expected_version=2, by=colleague)

    with translation.override("en"), pytest.raises(StaleEdit) as stale:
        edit_request(request, changes={"subject": "x"}, expected_version=1, by=staff)

    assert set(stale.value.changed_fields) == {"assigned to", "urgency"}


def test_a_status_move_makes_an_open_edit_form_stale(log, staff, colleague):
    from services.actions import transition_request

    request = log()
    transition_request(request, to=Status.IN_PROGRESS, by=colleague)
    with translation.override("en"), pytest.raises(StaleEdit) as stale:
        edit_request(request, changes={"subject": "x"}, expected_version=1, by=staff)
    assert stale.value.changed_fields == ["status"]


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "outsider", "nobody"])
def test_only_the_centres_staff_edit_a_request(log, request, persona):
    service_request = log()
    before = _snapshot(service_request)
    with pytest.raises(ActionRefused, match="staff"):
        edit_request(
            service_request,
            changes={"subject": "x"},
            expected_version=1,
            by=request.getfixturevalue(persona),
        )
    assert _snapshot(service_request) == before


# add_note


def test_staff_add_a_note_and_others_cannot(log, staff, committee_member):
    request = log()
    note = add_note(request, text="โทรแจ้งประธานกลุ่มแล้ว", by=staff)
    assert (note.kind, note.author, note.text) == ("note", staff, "โทรแจ้งประธานกลุ่มแล้ว")
    with pytest.raises(ActionRefused):
        add_note(request, text="ความเห็น", by=committee_member)
    with pytest.raises(ActionRefused):
        add_note(request, text="   ", by=staff)
    assert request.notes.count() == 1


# Database constraints back the rules up


def test_the_database_refuses_a_request_with_both_clients(centre_a):
    person = PersonFactory(centre=centre_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequestFactory(centre=centre_a, person=person)


def test_the_database_refuses_a_request_with_no_client(centre_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequestFactory(centre=centre_a, client_group=None)


def test_clean_explains_the_one_client_rule(centre_a):
    request = ServiceRequestFactory.build(
        centre=centre_a, client_group=None, person=None, service_type=ServiceTypeFactory()
    )
    with pytest.raises(ValidationError, match="either a group or a person"):
        request.clean()


@pytest.mark.parametrize("satisfaction", [0, 6])
def test_the_database_refuses_a_satisfaction_outside_1_to_5(centre_a, satisfaction):
    request = ServiceRequestFactory(centre=centre_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.filter(pk=request.pk).update(satisfaction=satisfaction)


@pytest.mark.parametrize("satisfaction", [1, 5, None])
def test_a_satisfaction_of_1_to_5_or_none_is_stored(log, staff, satisfaction):
    request = log()
    edit_request(request, changes={"satisfaction": satisfaction}, expected_version=1, by=staff)
    assert ServiceRequest.objects.get(pk=request.pk).satisfaction == satisfaction


def test_full_clean_refuses_a_satisfaction_of_6(centre_a):
    request = ServiceRequestFactory(centre=centre_a)
    request.satisfaction = 6
    with pytest.raises(ValidationError) as error:
        request.full_clean()
    assert "satisfaction" in error.value.message_dict


def test_the_database_refuses_negative_money(centre_a):
    request = ServiceRequestFactory(centre=centre_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRequest.objects.filter(pk=request.pk).update(money_obtained=Decimal("-1"))


def test_it_refuses_to_edit_what_only_its_own_action_may_change(centre_a, staff):
    request = ServiceRequestFactory(centre=centre_a, received_by=staff)

    for field, value in [("status", Status.CLOSED), ("due_date", None), ("reference", "x")]:
        with pytest.raises(ValueError):
            edit_request(request, changes={field: value}, expected_version=1, by=staff)

    request.refresh_from_db()
    assert (request.status, request.version) == (Status.RECEIVED, 1)
