"""The request's timeline tells the whole story: every action on a request shows on its page
with who did it and when, in the Buddhist era."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.html import strip_tags

from portal.lib.dates import format_be_date
from services.actions import (
    add_note,
    assign_request,
    change_due_date,
    create_request,
    edit_request,
    transition_request,
)
from services.models import Channel, RequestNote, ServiceRequest, Status, Urgency
from services.timeline import request_timeline
from services.visit_actions import delete_attachment
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import AttachmentFactory, ServiceTypeFactory

pytestmark = pytest.mark.date_sensitive

# A written date as the timeline shows it ("30 ก.ย. 2570"): day, Thai month, year.
WRITTEN_DATE = re.compile(r"\b\d{1,2} [\u0e01-\u0e4f]+\.(?:[\u0e01-\u0e4f]+\.)? (\d{4})\b")


@pytest.fixture
def group(centre_a):
    return ClientGroupFactory(centre=centre_a, name="กลุ่มทอผ้าบ้านดอนแก้ว")


@pytest.fixture
def service_request(centre_a, group, staff):
    return create_request(
        centre=centre_a,
        client=group,
        service_type=ServiceTypeFactory(name_th="แหล่งทุน"),
        channel=Channel.ONSITE,
        urgency=Urgency.NORMAL,
        subject="ขอกู้เงินซื้อกี่ทอผ้า",
        by=staff,
    )


def th(msgid: str, **values) -> str:
    with translation.override("th"):
        text = translation.gettext(msgid)
    return text % values if values else text


def items_of(client, service_request: ServiceRequest) -> list[str]:
    """The timeline's entries as the user reads them: text only, spaces collapsed."""
    html = client.get(service_request.get_absolute_url()).content.decode()
    section = html.split('aria-labelledby="timeline-heading"', 1)[1].split("</ol>", 1)[0]
    entries = section.split('<li class="border-start')[1:]
    return [" ".join(strip_tags("<li " + entry).split()) for entry in entries]


def entry(items: list[str], *texts: str) -> str:
    """The one entry that holds all of ``texts``."""
    found = [item for item in items if all(text in item for text in texts)]
    assert len(found) == 1, (texts, items)
    return found[0]


def today_be() -> str:
    with translation.override("th"):
        return format_be_date(timezone.localdate())


def assert_who_and_when(item: str, user) -> None:
    assert user.get_full_name() in item
    assert today_be() in item
    # Every date written in the entry is in the Buddhist era. Only the dates are read: the
    # generated names hold numbers of their own ("ผู้ใช้2049").
    years = WRITTEN_DATE.findall(item)
    assert years, item
    assert all(int(year) > 2400 for year in years), item


def test_it_shows_an_assignment_by_the_head_with_who_and_when(
    client, staff, head, colleague, service_request
):
    assign_request(service_request, assignee=colleague, by=head)
    client.force_login(staff)
    item = entry(items_of(client, service_request), th("Assigned to %(name)s", name=""))
    assert colleague.get_full_name() in item
    assert_who_and_when(item, head)


def test_it_shows_a_re_assignment_with_the_previous_assignee(
    client, head, staff, colleague, service_request
):
    assign_request(service_request, assignee=colleague, by=head)
    assign_request(service_request, assignee=staff, by=head)
    client.force_login(head)
    items = items_of(client, service_request)
    item = entry(items, th("previously %(name)s", name=colleague.get_full_name()))
    assert th("Assigned to %(name)s", name=staff.get_full_name()) in item
    assert_who_and_when(item, head)


def test_it_shows_who_took_the_request_themselves(client, staff, head, colleague, service_request):
    assign_request(service_request, assignee=colleague, by=head)
    assign_request(service_request, assignee=staff, by=staff)
    client.force_login(head)
    item = entry(items_of(client, service_request), th("Took the request"))
    assert th("previously %(name)s", name=colleague.get_full_name()) in item
    assert_who_and_when(item, staff)


def test_it_shows_a_due_date_change_with_both_dates_and_the_reason(
    client, staff, head, service_request
):
    old = service_request.due_date
    new = old + timedelta(days=14)
    change_due_date(service_request, due_date=new, reason="รอผลอนุมัติจาก ธ.ก.ส.", by=head)
    client.force_login(staff)
    item = entry(items_of(client, service_request), th("Due date changed"))
    with translation.override("th"):
        assert f"{format_be_date(old)} → {format_be_date(new)}" in item
    assert "รอผลอนุมัติจาก ธ.ก.ส." in item
    assert_who_and_when(item, head)


def test_it_shows_an_edit_of_the_type_and_subject_with_old_and_new_values(
    client, staff, colleague, service_request
):
    new_type = ServiceTypeFactory(name_th="แหล่งตลาด")
    changes = {"service_type": new_type, "subject": "ขอหาตลาดผ้าทอ"}
    edit_request(service_request, changes=changes, expected_version=1, by=colleague)
    client.force_login(staff)
    item = entry(items_of(client, service_request), th("Request edited"))
    assert "แหล่งทุน → แหล่งตลาด" in item
    assert "ขอกู้เงินซื้อกี่ทอผ้า → ขอหาตลาดผ้าทอ" in item
    assert_who_and_when(item, colleague)


def test_it_shows_a_change_of_the_client(client, staff, head, centre_a, service_request):
    other = ClientGroupFactory(centre=centre_a, name="วิสาหกิจชุมชนผ้าไหมบ้านสันทราย")
    # Only the admin changes a request's client; its save is kept in the history alike.
    service_request.client_group = other
    service_request._history_user = head
    service_request.save()
    client.force_login(staff)
    item = entry(items_of(client, service_request), th("Request edited"))
    assert "กลุ่มทอผ้าบ้านดอนแก้ว → วิสาหกิจชุมชนผ้าไหมบ้านสันทราย" in item
    assert_who_and_when(item, head)


def test_it_shows_the_outcome_when_recorded_and_when_changed(client, staff, service_request):
    changes = {"outcome": "ยื่นกู้กับ ธ.ก.ส. สำเร็จ", "money_obtained": Decimal("50000")}
    edit_request(service_request, changes=changes, expected_version=1, by=staff)
    edit_request(service_request, changes={"satisfaction": 5}, expected_version=2, by=staff)
    client.force_login(staff)
    items = items_of(client, service_request)
    recorded = entry(items, th("Outcome recorded"))
    assert "ยื่นกู้กับ ธ.ก.ส. สำเร็จ" in recorded
    assert "50,000.00" in recorded
    assert_who_and_when(recorded, staff)
    changed = entry(items, th("Outcome changed"))
    assert "5 / 5" in changed
    assert_who_and_when(changed, staff)


def test_it_shows_a_file_added_and_a_file_deleted(client, staff, colleague, service_request):
    AttachmentFactory(request=service_request, original_name="ใบเสนอราคา.pdf", uploaded_by=staff)
    gone = AttachmentFactory(
        request=service_request, original_name="รูปผิด.jpg", uploaded_by=colleague
    )
    delete_attachment(gone, by=colleague)
    assert RequestNote.objects.get().kind == RequestNote.Kind.DETACHED
    client.force_login(staff)
    items = items_of(client, service_request)
    assert_who_and_when(entry(items, th("File added"), "ใบเสนอราคา.pdf"), staff)
    assert_who_and_when(entry(items, th("Attachment deleted"), "รูปผิด.jpg"), colleague)


def test_it_shows_a_note_and_a_status_move(client, staff, colleague, service_request):
    add_note(service_request, text="โทรนัดประธานกลุ่มแล้ว", by=colleague)
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    client.force_login(staff)
    items = items_of(client, service_request)
    assert_who_and_when(entry(items, th("Note"), "โทรนัดประธานกลุ่มแล้ว"), colleague)
    assert_who_and_when(entry(items, th("In progress"), th("Received")), staff)


def test_moves_and_due_date_changes_are_not_told_twice(staff, head, service_request):
    """Their saves are in the history too, but their own rows tell them, with the reason."""
    transition_request(service_request, to=Status.IN_PROGRESS, by=staff)
    change_due_date(service_request, due_date=service_request.due_date, reason="ตามนัด", by=head)
    kinds = [event.kind for event in request_timeline(service_request)]
    assert kinds == ["status", "status", "due_date"]


def test_it_tells_the_whole_story_in_order(staff, head, colleague, service_request):
    assign_request(service_request, assignee=colleague, by=head)
    transition_request(service_request, to=Status.IN_PROGRESS, by=colleague)
    edit_request(service_request, changes={"outcome": "อบรมแล้ว"}, expected_version=3, by=colleague)
    transition_request(service_request, to=Status.RESOLVED, by=colleague)
    events = request_timeline(service_request)
    assert [(e.kind, e.who) for e in events] == [
        ("status", staff.get_full_name()),
        ("assigned", head.get_full_name()),
        ("status", colleague.get_full_name()),
        ("outcome", colleague.get_full_name()),
        ("status", colleague.get_full_name()),
    ]
