"""The committee's pages: what each persona sees and may write, errors next to the field (422),
another centre's pages 404, and no citizen's ID for committee members."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import actions
from committees.models import (
    CommitteeMember,
    Meeting,
    Opinion,
    Outcome,
    Presence,
    Resolution,
    Review,
    Round,
)
from services.models import Status
from tests.clients.factories import PersonFactory
from tests.committees.factories import CommitteeMemberFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive

NATIONAL_ID = "1101700230708"


@pytest.fixture
def case(centre_a, head, secretary, member_1, member_2):
    person = PersonFactory(centre=centre_a, national_id=NATIONAL_ID)
    request = ServiceRequestFactory(
        centre=centre_a, client_group=None, person=person, status=Status.IN_PROGRESS
    )
    return actions.put_before_committee(
        request, question="ควรสนับสนุนทุนหรือไม่", summary="ขอทุนซื้อเครื่องมือ", by=head
    )


def be(day) -> str:
    """A date as Thai users type it: dd/mm/yyyy with the BE year."""
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_the_head_puts_a_request_before_the_committee_through_its_form(client, centre_a, head):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    client.force_login(head)
    url = reverse("committees:put-before", args=[request.pk])

    assert client.post(url, {"question": "", "summary": "สรุป"}).status_code == 422
    response = client.post(url, {"question": "ควรส่งต่อ ธ.ก.ส. หรือไม่", "summary": "สรุปเรื่อง"})

    round_ = Round.objects.get()
    request.refresh_from_db()
    assert response.url == round_.get_absolute_url()
    assert request.status == Status.COMMITTEE and round_.question == "ควรส่งต่อ ธ.ก.ส. หรือไม่"


def test_the_request_page_sends_the_head_to_the_committee_form(client, centre_a, head):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    client.force_login(head)

    html = client.get(request.get_absolute_url()).content.decode()
    posted = client.post(
        reverse("services:request-transition", args=[request.pk]), {"to": "committee"}
    )

    assert reverse("committees:put-before", args=[request.pk]) in html
    assert posted.url == reverse("committees:put-before", args=[request.pk])
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS


def test_staff_cannot_open_the_committee_form(client, centre_a, staff):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    client.force_login(staff)

    assert client.get(reverse("committees:put-before", args=[request.pk])).status_code == 403


def test_a_member_gives_an_opinion_on_the_page(client, case, member_1):
    client.force_login(member_1.user)
    url = reverse("committees:case-opinion", args=[case.pk])

    refused = client.post(url, {"opinion": Opinion.DO_NOT_SUPPORT, "note": ""})
    client.post(url, {"opinion": Opinion.DO_NOT_SUPPORT, "note": "ยังไม่มีแผนธุรกิจ"})

    assert refused.status_code == 422
    assert "Say why" in refused.content.decode() or "เหตุผล" in refused.content.decode()
    assert Review.objects.get().note == "ยังไม่มีแผนธุรกิจ"


def test_opinions_are_hidden_on_the_page_until_ones_own_is_given(client, case, member_1, member_2):
    actions.give_opinion(case, user=member_2.user, opinion=Opinion.DO_NOT_SUPPORT, note="เสี่ยงมาก")
    client.force_login(member_1.user)

    before = client.get(case.get_absolute_url()).content.decode()
    actions.give_opinion(case, user=member_1.user, opinion=Opinion.SUPPORT)
    after = client.get(case.get_absolute_url()).content.decode()

    assert "เสี่ยงมาก" not in before
    assert "เสี่ยงมาก" in after


def test_a_committee_member_never_sees_the_national_id(client, case, member_1):
    client.force_login(member_1.user)

    pages = [
        case.get_absolute_url(),
        case.request.get_absolute_url(),
        case.request.person.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert NATIONAL_ID not in html and NATIONAL_ID[-4:] not in html, url


def test_staff_and_the_head_cannot_give_opinions(client, case, staff, head):
    for user in (staff, head):
        client.force_login(user)
        url = reverse("committees:case-opinion", args=[case.pk])
        assert client.post(url, {"opinion": Opinion.SUPPORT}).status_code == 403

    assert not Review.objects.exists()


def test_a_committee_member_writes_nothing_on_the_request(client, case, member_1):
    client.force_login(member_1.user)
    request = case.request

    moved = client.post(
        reverse("services:request-transition", args=[request.pk]), {"to": "cancelled", "note": "x"}
    )
    noted = client.post(reverse("services:request-note", args=[request.pk]), {"text": "x"})

    assert (moved.status_code, noted.status_code) == (403, 403)
    request.refresh_from_db()
    assert request.status == Status.COMMITTEE


def test_a_member_declares_a_conflict_on_the_page(client, case, member_1):
    client.force_login(member_1.user)
    url = reverse("committees:case-conflict", args=[case.pk])

    assert client.post(url, {"reason": ""}).status_code == 422
    client.post(url, {"reason": "เป็นญาติประธานกลุ่ม"})

    assert case.conflicts.get().member == member_1


@pytest.fixture
def meeting(centre_a, case, secretary):
    return actions.plan_meeting(
        centre=centre_a,
        starts_at=timezone.now() + timedelta(hours=1),
        place="ห้องประชุมอำเภอ",
        rounds=[case],
        by=secretary.user,
    )


def _attendance(members, present):
    return {f"m{m.pk}": Presence.PRESENT if m in present else Presence.ABSENT for m in members}


def _resolution(round_, **extra):
    fields = {
        "outcome": Outcome.APPROVED,
        "next_status": Status.IN_PROGRESS,
        "text": "อนุมัติ ให้ดำเนินการต่อ",
        "votes_for": 2,
        "votes_against": 0,
        "votes_abstaining": 0,
        **extra,
    }
    return {f"r{round_.pk}-{k}": v for k, v in fields.items()}


def test_the_secretary_holds_the_meeting_and_records_the_resolution(
    client, meeting, case, secretary, member_1, member_2
):
    client.force_login(secretary.user)
    members = [secretary, member_1, member_2]
    resolve = reverse("committees:meeting-resolution", args=[meeting.pk, case.pk])

    client.post(
        reverse("committees:meeting-attendance", args=[meeting.pk]),
        _attendance(members, [secretary]),
    )
    no_quorum = client.post(resolve, _resolution(case, votes_for=1))
    client.post(
        reverse("committees:meeting-attendance", args=[meeting.pk]),
        _attendance(members, members[:2]),
    )
    too_many = client.post(resolve, _resolution(case, votes_for=3))
    done = client.post(resolve, _resolution(case))

    assert (no_quorum.status_code, too_many.status_code, done.status_code) == (422, 422, 302)
    case.request.refresh_from_db()
    assert case.request.status == Status.IN_PROGRESS
    assert Resolution.objects.get().votes_for == 2


def test_the_head_cannot_record_a_resolution_on_the_page(client, meeting, case, head):
    client.force_login(head)

    response = client.post(
        reverse("committees:meeting-resolution", args=[meeting.pk, case.pk]), _resolution(case)
    )

    assert response.status_code == 403
    assert not Resolution.objects.exists()


def test_the_meeting_page_shows_the_quorum(client, meeting, member_1):
    client.force_login(member_1.user)

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert 'data-sitting="3"' in html and 'data-needed="2"' in html


def test_the_minutes_print_with_attendance_and_signature_lines(
    client, meeting, case, secretary, member_1, member_2
):
    actions.record_attendance(
        meeting,
        presence={
            secretary.pk: Presence.PRESENT,
            member_1.pk: Presence.PRESENT,
            member_2.pk: Presence.EXCUSED,
        },
        by=secretary.user,
    )
    actions.give_opinion(case, user=member_1.user, opinion=Opinion.SUPPORT)
    client.force_login(member_1.user)

    html = client.get(reverse("committees:meeting-minutes", args=[meeting.pk])).content.decode()

    assert "รายงานการประชุม" in html
    assert str(timezone.localdate(meeting.starts_at).year + 543) in html
    assert member_2.full_name in html and case.question in html
    assert "ประธานกรรมการ" in html


def test_the_head_manages_the_roster_on_its_pages(client, centre_a, head):
    client.force_login(head)
    today = timezone.localdate()
    data = {
        "first_name": "บุญมี",
        "last_name": "ศรีสุข",
        "category": "otop",
        "position": "member",
        "term_start": be(today),
        "term_end": be(today + timedelta(days=730)),  # about two years (29 Feb has no twin)
    }
    url = reverse("committees:member-new", args=[centre_a.code])

    assert client.post(url, {**data, "username": "nobody-here"}).status_code == 422
    client.post(url, data)
    member = CommitteeMember.objects.get()
    ended = client.post(
        reverse("committees:member-end", args=[member.pk]),
        {"on": data["term_start"], "reason": "ย้ายภูมิลำเนา"},
    )

    member.refresh_from_db()
    assert member.term_start.year == today.year
    assert (ended.status_code, member.term_end, member.ended_early_reason) == (
        302,
        today,
        "ย้ายภูมิลำเนา",
    )


def test_staff_cannot_change_the_roster(client, centre_a, staff):
    member = CommitteeMemberFactory(centre=centre_a)
    client.force_login(staff)

    assert client.get(reverse("committees:member-new", args=[centre_a.code])).status_code == 403
    assert client.get(reverse("committees:member-edit", args=[member.pk])).status_code == 403


def test_the_roster_shows_vacancies_and_terms_ending_soon(client, centre_a, committee_member):
    today = timezone.localdate()
    CommitteeMemberFactory(centre=centre_a, category="otop", term_end=today + timedelta(days=30))
    client.force_login(committee_member)

    html = client.get(reverse("committees:roster", args=[centre_a.code])).content.decode()

    assert "ภายใน 60 วัน" in html
    assert "ปราชญ์" in html  # local sages: a vacancy


def test_the_member_home_lists_the_cases_waiting_for_my_opinion(client, case, member_1, member_2):
    actions.give_opinion(case, user=member_2.user, opinion=Opinion.SUPPORT)

    client.force_login(member_1.user)
    mine = client.get(reverse("committees:home")).content.decode()
    client.force_login(member_2.user)
    theirs = client.get(reverse("committees:home")).content.decode()

    assert case.request.reference in mine
    assert case.request.reference not in theirs


def test_the_admin_shows_resolutions_and_meetings_read_only(admin_client, meeting):
    for name in ("committees_resolution_add", "committees_meeting_add", "committees_round_add"):
        assert admin_client.get(reverse(f"admin:{name}")).status_code == 403
    response = admin_client.post(
        reverse("admin:committees_meeting_change", args=[meeting.pk]), {"place": "x"}
    )
    assert response.status_code == 403
    assert Meeting.objects.get().place == "ห้องประชุมอำเภอ"


def test_the_committee_link_takes_the_head_to_the_centres_cases(client, centre_a, head):
    client.force_login(head)

    response = client.get(reverse("committees:home"))

    assert response.url == reverse("committees:case-list", args=[centre_a.code])


def test_a_member_cannot_plan_meetings_take_attendance_or_change_the_roster(
    client, centre_a, meeting, member_1
):
    client.force_login(member_1.user)

    pages = [
        ("get", reverse("committees:meeting-new", args=[centre_a.code])),
        ("post", reverse("committees:meeting-attendance", args=[meeting.pk])),
        ("get", reverse("committees:member-new", args=[centre_a.code])),
        ("get", reverse("committees:member-edit", args=[member_1.pk])),
        ("post", reverse("committees:member-end", args=[member_1.pk])),
    ]

    for method, url in pages:
        assert getattr(client, method)(url).status_code == 403, url
    assert not meeting.attendance.exists()


def test_the_head_opens_a_members_page_and_an_empty_end_of_term_is_refused(client, centre_a, head):
    member = CommitteeMemberFactory(centre=centre_a, first_name="สมศรี")
    client.force_login(head)

    page = client.get(reverse("committees:member-edit", args=[member.pk]))
    ended = client.post(reverse("committees:member-end", args=[member.pk]), {"on": ""})

    assert page.status_code == 200 and "สมศรี" in page.content.decode()
    assert ended.status_code == 422
    member.refresh_from_db()
    assert member.ended_early_reason == ""
