"""The resource-linking roll-ups: referrals by the month they were sent (kind, status, answers,
acceptances and what came of them), events by the month they start with their participants
who attended; the same rules as Referral.objects.impact(), equal to a recount after every
change."""

from datetime import timedelta
from decimal import Decimal

import pytest

from reports.consistency import differences
from resources.models import Attendance, Kind, Participant, Referral, ReferralStatus
from tests.reports.helpers import edge, figures, this_year
from tests.resources.factories import (
    EventFactory,
    LocalResourceFactory,
    ParticipantFactory,
    ReferralFactory,
    ResourceFactory,
)
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.date_sensitive


def _first_day():
    return edge(this_year())[1].date()


def _referral(centre, resource, status=ReferralStatus.SENT, **fields):
    on = fields.pop("sent_on", _first_day() + timedelta(days=5))
    answered = on + timedelta(days=3)
    dates = {
        ReferralStatus.ACCEPTED: {"responded_on": answered},
        ReferralStatus.DECLINED: {"responded_on": answered},
        ReferralStatus.COMPLETED: {"responded_on": answered, "completed_on": answered},
    }.get(status, {})
    return ReferralFactory(
        request=ServiceRequestFactory(centre=centre),
        resource=resource,
        status=status,
        sent_on=on,
        follow_up_on=on + timedelta(days=30),
        **{**dates, **fields},
    )


def test_it_counts_referrals_by_kind_status_answer_and_outcome(centre_a, centre_b):
    bank, market = ResourceFactory(), LocalResourceFactory(centre=centre_a)
    sage = ResourceFactory(kind=Kind.KNOWLEDGE)
    done = ReferralStatus.COMPLETED
    _referral(centre_a, bank, done, money_obtained=Decimal("150000.50"))
    _referral(centre_a, market, done, sales=Decimal("2000.25"))
    _referral(centre_a, sage, done, people_trained=12)
    _referral(centre_a, bank, ReferralStatus.DECLINED, money_obtained=Decimal("99"))  # not done
    _referral(centre_a, bank)
    _referral(  # accepted, then withdrawn: it was answered and accepted
        centre_a, bank, ReferralStatus.WITHDRAWN, responded_on=_first_day() + timedelta(days=6)
    )
    _referral(centre_a, sage, ReferralStatus.ACCEPTED)
    _referral(centre_b, bank, done, money_obtained=Decimal("7"))

    assert figures(centre_a, this_year(), prefix="referrals.") == {
        "referrals.sent": 7,
        "referrals.kind.funding": 4,
        "referrals.kind.market": 1,
        "referrals.kind.knowledge": 2,
        "referrals.status.completed": 3,
        "referrals.status.declined": 1,
        "referrals.status.sent": 1,
        "referrals.status.withdrawn": 1,
        "referrals.status.accepted": 1,
        "referrals.answered": 6,
        "referrals.accepted": 5,
        "referrals.money": Decimal("150000.50"),
        "referrals.sales": Decimal("2000.25"),
        "referrals.trained": 12,
    }
    impact = Referral.objects.filter(centre=centre_a).in_fiscal_year(this_year()).impact()
    rolled = figures(centre_a, this_year(), 1, prefix="referrals.")  # all sent in October
    assert (impact["money"], impact["sales"], impact["trained"], impact["completed"]) == (
        rolled["referrals.money"],
        rolled["referrals.sales"],
        rolled["referrals.trained"],
        rolled["referrals.status.completed"],
    )
    assert differences() == []


def test_it_counts_events_and_the_participants_who_attended(centre_a, centre_b):
    day = _first_day() + timedelta(days=40)  # in November
    training = EventFactory(centre=centre_a, starts_on=day)
    ParticipantFactory.create_batch(3, event=training, attendance=Attendance.ATTENDED)
    ParticipantFactory(event=training, attendance=Attendance.ABSENT)
    ParticipantFactory(event=training)  # registered, never came
    EventFactory(centre=centre_a, starts_on=day)
    EventFactory(centre=centre_b, starts_on=day)

    expected = {"events.held": 2, "events.participants": 3}
    assert figures(centre_a, this_year(), prefix="events.") == expected
    assert figures(centre_a, this_year(), 2, prefix="events.") == expected
    assert differences() == []


def test_it_counts_referrals_and_events_of_30_september_in_that_year_and_of_1_october_in_the_next(
    centre_a,
):
    year = this_year()
    before, after = (moment.date() for moment in edge(year))
    bank = ResourceFactory()
    _referral(centre_a, bank, sent_on=before)
    _referral(centre_a, bank, sent_on=after)
    EventFactory(centre=centre_a, starts_on=before)
    EventFactory(centre=centre_a, starts_on=after)

    for fiscal, month in ((year - 1, 12), (year, 1)):
        counted = figures(centre_a, fiscal, month)
        assert (counted["referrals.sent"], counted["events.held"]) == (1, 1)
    assert differences() == []


def test_it_keeps_the_referral_and_event_figures_equal_to_a_recount_through_every_change(
    centre_a, centre_b
):
    bank = ResourceFactory()
    referral = _referral(centre_a, bank)
    referral.status, referral.responded_on = ReferralStatus.ACCEPTED, referral.sent_on
    referral.save()
    referral.status, referral.completed_on = ReferralStatus.COMPLETED, referral.sent_on
    referral.money_obtained = Decimal("50000")
    referral.save()
    assert figures(centre_a, this_year())["referrals.money"] == Decimal("50000.00")
    assert differences() == []

    bank.kind = Kind.PRODUCTION  # the directory corrected: its referrals change kind
    bank.save()
    assert figures(centre_a, this_year())["referrals.kind.production"] == 1
    assert differences() == []

    referral.sent_on -= timedelta(days=365)
    referral.save()
    assert "referrals.sent" not in figures(centre_a, this_year())
    assert differences() == []

    event = EventFactory(centre=centre_a, starts_on=_first_day())
    guest = ParticipantFactory(event=event)
    guest.attendance = Attendance.ATTENDED
    guest.save()
    assert figures(centre_a, this_year())["events.participants"] == 1
    event.starts_on += timedelta(days=31)
    event.save()
    assert figures(centre_a, this_year(), 2)["events.participants"] == 1
    guest.delete()
    assert differences() == []

    event.centre = centre_b
    event.save()
    assert figures(centre_b, this_year(), prefix="events.") == {"events.held": 1}
    event.delete()
    assert figures(centre_b, this_year(), prefix="events.") == {}
    assert differences() == []


def test_an_attendance_recorded_recounts_one_small_bucket(centre_a, django_assert_max_num_queries):
    event = EventFactory(centre=centre_a, starts_on=_first_day())
    guests = ParticipantFactory.create_batch(5, event=event)
    guest = Participant.objects.get(pk=guests[0].pk)
    guest.attendance = Attendance.ATTENDED

    # The update, the event's bucket, and in a savepoint the centre's lock, the cleanup, the
    # read and the insert of its figures.
    with django_assert_max_num_queries(8):
        guest.save(update_fields=["attendance"])

    assert figures(centre_a, this_year(), prefix="events.") == {
        "events.held": 1,
        "events.participants": 1,
    }
