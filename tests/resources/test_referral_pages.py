"""Referral pages: the panel on the request page, the referral form, the answer and result
forms, follow-ups on My work; committee members read only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resources.actions import send_referral
from resources.models import Kind, Referral, ReferralStatus
from services.models import Status
from tests.resources.factories import ReferralFactory, ResourceFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


@pytest.fixture
def loan_request(centre_a, staff):
    return ServiceRequestFactory(
        centre=centre_a, status=Status.IN_PROGRESS, assigned_to=staff, received_by=staff
    )


@pytest.fixture
def baac(db):
    return ResourceFactory(name="ธ.ก.ส. ทดสอบ", kind=Kind.FUNDING)


@pytest.fixture
def referral(loan_request, baac, staff):
    return send_referral(request=loan_request, resource=baac, asked="ขอสินเชื่อ", by=staff)


def _be(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_the_request_page_shows_its_referrals_and_a_button_to_refer(client, staff, referral):
    client.force_login(staff)

    page = client.get(referral.request.get_absolute_url())

    assert page.status_code == 200
    assert "ธ.ก.ส. ทดสอบ" in page.text
    assert reverse("resources:referral-create", args=[referral.request.pk]) in page.text


def test_staff_refer_a_request_from_its_page(client, staff, loan_request, baac):
    client.force_login(staff)
    url = reverse("resources:referral-create", args=[loan_request.pk])

    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "resource": baac.pk,
            "asked": "ขอสินเชื่อ 200,000 บาท",
            "amount_asked": "200000",
            "sent_on": _be(timezone.localdate()),
        },
    )

    assert answer.status_code == 302
    referral = Referral.objects.get(request=loan_request)
    assert referral.amount_asked == Decimal("200000")
    loan_request.refresh_from_db()
    assert loan_request.status == Status.REFERRED


def test_the_referral_form_answers_422_with_the_message_by_the_field(client, staff, loan_request):
    client.force_login(staff)

    answer = client.post(
        reverse("resources:referral-create", args=[loan_request.pk]),
        {"asked": "", "amount_asked": "-5", "sent_on": "31/02/2569"},
    )

    assert answer.status_code == 422
    assert not Referral.objects.exists()


def test_the_committee_member_cannot_refer(client, committee_member, loan_request):
    client.force_login(committee_member)

    answer = client.get(reverse("resources:referral-create", args=[loan_request.pk]))

    assert answer.status_code == 403


def test_the_committee_member_reads_a_referral_without_forms(client, committee_member, referral):
    client.force_login(committee_member)

    page = client.get(referral.get_absolute_url())

    assert page.status_code == 200
    assert reverse("resources:referral-complete", args=[referral.pk]) not in page.text
    posted = client.post(
        reverse("resources:referral-complete", args=[referral.pk]),
        {"completed_on": _be(timezone.localdate()), "money_obtained": "1"},
    )
    assert posted.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_staff_record_the_result_and_the_request_goes_back_to_work(client, staff, referral):
    client.force_login(staff)

    answer = client.post(
        reverse("resources:referral-complete", args=[referral.pk]),
        {"completed_on": _be(timezone.localdate()), "money_obtained": "200000"},
    )

    assert answer.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.money_obtained == Decimal("200000.00")
    referral.request.refresh_from_db()
    assert referral.request.status == Status.IN_PROGRESS


def test_a_result_without_any_figure_answers_422(client, staff, referral):
    client.force_login(staff)

    answer = client.post(
        reverse("resources:referral-complete", args=[referral.pk]),
        {"completed_on": _be(timezone.localdate())},
    )

    assert answer.status_code == 422
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_decline_without_reason_answers_422(client, staff, referral):
    client.force_login(staff)

    answer = client.post(
        reverse("resources:referral-respond", args=[referral.pk]),
        {"decision": "declined", "responded_on": _be(timezone.localdate())},
    )

    assert answer.status_code == 422


def test_staff_record_an_acceptance(client, staff, referral):
    client.force_login(staff)

    client.post(
        reverse("resources:referral-respond", args=[referral.pk]),
        {"decision": "accepted", "responded_on": _be(timezone.localdate())},
    )

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_staff_withdraw_a_referral_with_a_reason(client, staff, referral):
    client.force_login(staff)

    assert (
        client.post(reverse("resources:referral-withdraw", args=[referral.pk]), {}).status_code
        == 422
    )
    client.post(reverse("resources:referral-withdraw", args=[referral.pk]), {"reason": "เปลี่ยนใจ"})

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def test_staff_move_the_follow_up(client, staff, referral):
    client.force_login(staff)
    later = timezone.localdate() + timedelta(days=50)

    client.post(
        reverse("resources:referral-follow-up", args=[referral.pk]), {"follow_up_on": _be(later)}
    )

    referral.refresh_from_db()
    assert referral.follow_up_on == later


def test_a_refused_move_says_why_and_changes_nothing(client, staff, referral):
    client.force_login(staff)
    client.post(reverse("resources:referral-withdraw", args=[referral.pk]), {"reason": "เปลี่ยนใจ"})

    answer = client.post(
        reverse("resources:referral-respond", args=[referral.pk]),
        {"decision": "accepted", "responded_on": _be(timezone.localdate())},
        follow=True,
    )

    assert answer.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN


def _overdue(request, staff, baac, days: int = 1) -> Referral:
    today = timezone.localdate()
    return ReferralFactory(
        request=request,
        resource=baac,
        sent_by=staff,
        sent_on=today - timedelta(days=31),
        follow_up_on=today - timedelta(days=days),
        asked="ติดตามสินเชื่อที่เลยกำหนด",
    )


def test_a_due_follow_up_is_on_the_officers_my_work(client, staff, loan_request, baac):
    _overdue(loan_request, staff, baac)
    client.force_login(staff)

    page = client.get(reverse("services:my-work"))

    assert "ติดตามสินเชื่อที่เลยกำหนด" in page.text


def test_my_work_reads_its_follow_ups_in_two_queries_however_many_are_due(
    client, staff, loan_request, baac
):
    client.force_login(staff)

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("services:my-work")).status_code == 200
        return len(captured)

    none_due = queries()
    _overdue(loan_request, staff, baac)
    one_due = queries()
    for _ in range(4):
        _overdue(loan_request, staff, baac)
    five_due = queries()

    assert one_due == none_due + 1  # their ids, then the rows of those due
    assert five_due == one_due


def test_a_follow_up_not_yet_due_is_not_on_my_work(client, staff, loan_request, baac):
    ReferralFactory(request=loan_request, resource=baac, sent_by=staff, asked="ยังไม่ถึงกำหนด")
    client.force_login(staff)

    page = client.get(reverse("services:my-work"))

    assert "ยังไม่ถึงกำหนด" not in page.text


def test_the_head_sees_every_follow_up_of_the_centre(client, head, colleague, centre_a, baac):
    theirs = ServiceRequestFactory(centre=centre_a, status=Status.REFERRED, assigned_to=colleague)
    _overdue(theirs, colleague, baac)
    client.force_login(head)

    assert "ติดตามสินเชื่อที่เลยกำหนด" in client.get(reverse("services:my-work")).text
    assert "ติดตามสินเชื่อที่เลยกำหนด" in client.get(reverse("resources:follow-up-list")).text


def test_a_colleague_does_not_get_someone_elses_follow_up(client, staff, colleague, centre_a, baac):
    theirs = ServiceRequestFactory(centre=centre_a, status=Status.REFERRED, assigned_to=colleague)
    _overdue(theirs, colleague, baac)
    client.force_login(staff)

    assert "ติดตามสินเชื่อที่เลยกำหนด" not in client.get(reverse("services:my-work")).text


def test_a_long_unanswered_referral_is_flagged_even_with_a_later_follow_up(
    client, staff, loan_request, baac
):
    today = timezone.localdate()
    stale = ReferralFactory(
        request=loan_request,
        resource=baac,
        sent_by=staff,
        sent_on=today - timedelta(days=61),
        follow_up_on=today + timedelta(days=30),
        asked="ส่งไปนานแล้ว",
    )
    client.force_login(staff)

    assert stale.is_unanswered_long() and not stale.is_follow_up_due()
    assert "ส่งไปนานแล้ว" in client.get(reverse("resources:follow-up-list")).text
    assert "60" in client.get(stale.get_absolute_url()).text


def test_the_follow_up_list_keeps_its_queries_with_many_rows(
    client, staff, centre_a, baac, django_assert_max_num_queries
):
    for _ in range(55):
        request = ServiceRequestFactory(centre=centre_a, status=Status.REFERRED, assigned_to=staff)
        _overdue(request, staff, baac)
    client.force_login(staff)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("resources:follow-up-list"))
    assert page.status_code == 200


def test_my_work_keeps_its_queries_with_many_follow_ups(
    client, staff, centre_a, baac, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("services:my-work"))
        return len(queries)

    client.force_login(staff)
    for _ in range(3):
        request = ServiceRequestFactory(centre=centre_a, status=Status.REFERRED, assigned_to=staff)
        _overdue(request, staff, baac)
    few = count()
    for _ in range(55):
        request = ServiceRequestFactory(centre=centre_a, status=Status.REFERRED, assigned_to=staff)
        _overdue(request, staff, baac)

    assert count() == few + 1  # the count of the rows beyond the first 20
