"""The sums the dashboards read: per centre and month completed, in Decimal."""

from datetime import date
from decimal import Decimal

import pytest

from resources.models import Referral, ReferralStatus
from tests.resources.factories import ReferralFactory
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.django_db


def _done(centre, completed_on, money) -> Referral:
    return ReferralFactory(
        request=ServiceRequestFactory(centre=centre),
        sent_on=date(2026, 9, 1),
        status=ReferralStatus.COMPLETED,
        responded_on=completed_on,
        completed_on=completed_on,
        money_obtained=money,
    )


def test_it_sums_by_centre_and_month(centre_a, centre_b):
    _done(centre_a, date(2026, 10, 5), Decimal("100.10"))
    _done(centre_a, date(2026, 10, 20), Decimal("200.20"))
    _done(centre_a, date(2026, 11, 1), Decimal("5"))
    _done(centre_b, date(2026, 10, 2), Decimal("7"))

    rows = list(Referral.objects.filter(centre=centre_a).impact_by_month())

    assert [(r["month"].month, Decimal(r["money"]), r["completed"]) for r in rows] == [
        (10, Decimal("300.30"), 2),
        (11, Decimal("5"), 1),
    ]


def test_it_picks_the_referrals_sent_in_a_fiscal_year(centre_a):
    last_year = _done(centre_a, date(2026, 9, 30), Decimal("1"))
    this_year = ReferralFactory(
        request=ServiceRequestFactory(centre=centre_a), sent_on=date(2026, 10, 1)
    )

    assert list(Referral.objects.in_fiscal_year(2570)) == [this_year]
    assert list(Referral.objects.in_fiscal_year(2569)) == [last_year]


def test_a_committee_member_sees_the_centres_referrals_and_an_outsider_none(
    centre_a, committee_member, outsider
):
    referral = _done(centre_a, date(2026, 10, 5), Decimal("1"))

    assert list(Referral.objects.visible_to(committee_member)) == [referral]
    assert not Referral.objects.visible_to(outsider).exists()
