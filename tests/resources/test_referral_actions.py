"""Referral moves, allowed and refused, and the request's status following its referrals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from resources.actions import (
    ActionRefused,
    change_follow_up,
    complete_referral,
    respond_to_referral,
    send_referral,
    withdraw_referral,
)
from resources.models import Coverage, Kind, Referral, ReferralStatus
from services.models import RequestNote, Status
from tests.resources.factories import LocalResourceFactory, OfferFactory, ResourceFactory
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


def _send(request, resource, by, **extra) -> Referral:
    return send_referral(
        request=request, resource=resource, asked="ขอสินเชื่อ 200,000 บาท", by=by, **extra
    )


def test_it_refers_the_request_with_its_first_referral(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff, amount_asked=Decimal("200000"))

    loan_request.refresh_from_db()
    assert loan_request.status == Status.REFERRED
    assert referral.status == ReferralStatus.SENT
    assert referral.follow_up_on == timezone.localdate() + timedelta(days=30)
    change = loan_request.status_changes.get(to_status=Status.REFERRED)
    assert "ธ.ก.ส. ทดสอบ" in change.note


def test_it_starts_work_on_a_received_request_before_referring_it(centre_a, staff, baac):
    request = ServiceRequestFactory(centre=centre_a, received_by=staff)

    _send(request, baac, staff)

    moves = list(request.status_changes.values_list("to_status", flat=True))
    assert moves == [Status.IN_PROGRESS, Status.REFERRED]


def test_a_second_referral_keeps_the_request_referred_and_notes_it(loan_request, baac, staff):
    _send(loan_request, baac, staff)
    market = ResourceFactory(kind=Kind.MARKET, name="งานแสดงสินค้า")

    _send(loan_request, market, staff)

    assert loan_request.status_changes.filter(to_status=Status.REFERRED).count() == 1
    assert RequestNote.objects.filter(request=loan_request, text__contains="งานแสดงสินค้า").exists()
    assert loan_request.referrals.count() == 2


def test_it_follows_up_a_market_sooner_than_a_loan(loan_request, staff):
    market = ResourceFactory(kind=Kind.MARKET)

    referral = _send(loan_request, market, staff)

    assert referral.follow_up_on == timezone.localdate() + timedelta(days=14)


def test_it_refuses_a_resource_of_another_centre(loan_request, staff, centre_b):
    theirs = LocalResourceFactory(centre=centre_b)

    with pytest.raises(ActionRefused):
        _send(loan_request, theirs, staff)
    assert not Referral.objects.exists()


def test_it_refuses_an_offer_of_another_resource(loan_request, baac, staff):
    with pytest.raises(ActionRefused):
        _send(loan_request, baac, staff, offer=OfferFactory())


def test_it_refuses_the_committee_member(loan_request, baac, committee_member):
    with pytest.raises(ActionRefused):
        _send(loan_request, baac, committee_member)
    loan_request.refresh_from_db()
    assert loan_request.status == Status.IN_PROGRESS


def test_it_refuses_referring_a_closed_request(centre_a, staff, baac):
    request = ServiceRequestFactory(centre=centre_a, status=Status.CLOSED)

    with pytest.raises(ActionRefused):
        _send(request, baac, staff)


def test_it_refuses_a_referral_without_what_was_asked(loan_request, baac, staff):
    with pytest.raises(ActionRefused):
        send_referral(request=loan_request, resource=baac, asked=" ", by=staff)


def test_it_refuses_an_inactive_resource(loan_request, staff):
    with pytest.raises(ActionRefused):
        _send(loan_request, ResourceFactory(is_active=False), staff)


def test_an_accepted_referral_is_followed_up_from_the_answer(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)
    answered = timezone.localdate()

    respond_to_referral(referral, accepted=True, responded_on=answered, by=staff)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.follow_up_on == answered + timedelta(days=30)
    loan_request.refresh_from_db()
    assert loan_request.status == Status.REFERRED


def test_a_decline_needs_the_resources_reason(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)

    with pytest.raises(ActionRefused):
        respond_to_referral(referral, accepted=False, by=staff)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_the_request_goes_back_to_work_when_its_only_referral_is_declined(
    loan_request, baac, staff
):
    referral = _send(loan_request, baac, staff)

    respond_to_referral(referral, accepted=False, reason="ไม่มีหลักประกัน", by=staff)

    loan_request.refresh_from_db()
    assert loan_request.status == Status.IN_PROGRESS
    assert referral.decline_reason == "ไม่มีหลักประกัน"
    assert RequestNote.objects.filter(text__contains="ไม่มีหลักประกัน").exists()


def test_the_request_stays_referred_while_another_referral_is_open(loan_request, baac, staff):
    first = _send(loan_request, baac, staff)
    _send(loan_request, ResourceFactory(kind=Kind.MARKET), staff)

    respond_to_referral(first, accepted=False, reason="วงเงินเต็ม", by=staff)

    loan_request.refresh_from_db()
    assert loan_request.status == Status.REFERRED


def test_completing_records_the_outcome_in_decimal_and_ends_the_referral(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)
    respond_to_referral(referral, accepted=True, by=staff)

    complete_referral(referral, money_obtained=Decimal("200000.00"), by=staff)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.money_obtained == Decimal("200000.00")
    assert referral.completed_on == timezone.localdate()
    loan_request.refresh_from_db()
    assert loan_request.status == Status.IN_PROGRESS
    assert RequestNote.objects.filter(text__contains="200,000.00").exists()


def test_an_answer_with_its_result_completes_a_sent_referral_at_once(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)

    complete_referral(referral, money_obtained=Decimal("50000"), by=staff)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.responded_on == referral.completed_on


def test_completing_needs_a_result(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)

    with pytest.raises(ActionRefused):
        complete_referral(referral, by=staff)


def test_completing_refuses_a_negative_amount(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)

    with pytest.raises(ActionRefused):
        complete_referral(referral, sales=Decimal("-1"), by=staff)


def test_withdrawing_needs_a_reason_and_ends_the_referral(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)
    with pytest.raises(ActionRefused):
        withdraw_referral(referral, reason="", by=staff)

    withdraw_referral(referral, reason="ผู้ขอเปลี่ยนใจ", by=staff)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    loan_request.refresh_from_db()
    assert loan_request.status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    "ended",
    [ReferralStatus.DECLINED, ReferralStatus.COMPLETED, ReferralStatus.WITHDRAWN],
)
def test_an_ended_referral_moves_no_more(loan_request, baac, staff, ended):
    referral = _send(loan_request, baac, staff)
    if ended == ReferralStatus.DECLINED:
        respond_to_referral(referral, accepted=False, reason="ไม่ผ่าน", by=staff)
    elif ended == ReferralStatus.COMPLETED:
        complete_referral(referral, other_result="ได้รับคำแนะนำ", by=staff)
    else:
        withdraw_referral(referral, reason="ยกเลิก", by=staff)

    with pytest.raises(ActionRefused):
        respond_to_referral(referral, accepted=True, by=staff)
    with pytest.raises(ActionRefused):
        complete_referral(referral, other_result="อีกครั้ง", by=staff)
    with pytest.raises(ActionRefused):
        withdraw_referral(referral, reason="อีกครั้ง", by=staff)
    with pytest.raises(ActionRefused):
        change_follow_up(referral, follow_up_on=timezone.localdate(), by=staff)


def test_an_accepted_referral_cannot_be_answered_again(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)
    respond_to_referral(referral, accepted=True, by=staff)

    with pytest.raises(ActionRefused):
        respond_to_referral(referral, accepted=False, reason="x", by=staff)


def test_the_follow_up_date_can_be_moved_with_a_note(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)
    later = timezone.localdate() + timedelta(days=45)

    change_follow_up(referral, follow_up_on=later, by=staff)

    referral.refresh_from_db()
    assert referral.follow_up_on == later
    (note,) = RequestNote.objects.filter(request=loan_request)
    assert baac.name in note.text


def test_the_follow_up_cannot_move_before_the_sending(loan_request, baac, staff):
    referral = _send(loan_request, baac, staff)

    with pytest.raises(ActionRefused):
        change_follow_up(referral, follow_up_on=referral.sent_on - timedelta(days=1), by=staff)


def test_a_committee_member_cannot_record_an_answer(loan_request, baac, staff, committee_member):
    referral = _send(loan_request, baac, staff)

    with pytest.raises(ActionRefused):
        respond_to_referral(referral, accepted=True, by=committee_member)


def test_the_sums_of_the_referrals_are_decimal(loan_request, baac, staff):
    first = _send(loan_request, baac, staff)
    second = _send(loan_request, ResourceFactory(kind=Kind.MARKET), staff)
    complete_referral(first, money_obtained=Decimal("200000.10"), by=staff)
    complete_referral(second, sales=Decimal("15000.25"), people_trained=3, by=staff)

    sums = loan_request.referrals.impact()

    assert sums["money"] == Decimal("200000.10") and isinstance(sums["money"], Decimal)
    assert sums["sales"] == Decimal("15000.25")
    assert sums["trained"] == 3 and sums["completed"] == 2


def test_the_sums_of_no_referral_are_zero(loan_request):
    sums = loan_request.referrals.impact()

    assert sums["money"] == Decimal("0.00") and sums["trained"] == 0


def test_a_local_resource_serves_its_own_centre(loan_request, centre_a, staff):
    own = LocalResourceFactory(centre=centre_a, coverage=Coverage.DISTRICT)

    assert _send(loan_request, own, staff).resource == own


def test_it_refuses_a_proposal_the_head_has_not_approved(loan_request, centre_a, staff):
    proposed = LocalResourceFactory(centre=centre_a, is_approved=False)

    with pytest.raises(ActionRefused):
        _send(loan_request, proposed, staff)
