"""The demo's resource linking: a directory for each demo centre, referrals of the referred
requests, results of past ones, a training with its participants; a second run adds nothing."""

import pytest

from resources.demo import resources_seeded, seed_resources
from resources.models import Coverage, Event, Participant, Referral, ReferralStatus, Resource
from services.models import Status

pytestmark = pytest.mark.date_sensitive


def test_every_demo_centre_has_its_directory_and_sages(seeded):
    assert resources_seeded()
    for code in ("5001", "5007", "4001"):
        local = Resource.objects.filter(centre__district_id=code)
        assert local.filter(organisation_type="local_sage", kind="knowledge").count() == 2
    assert Resource.objects.filter(coverage=Coverage.PROVINCE, province_id="50").exists()


def test_every_referred_request_has_an_open_referral(seeded):
    referred = Referral.objects.filter(request__status=Status.REFERRED)
    assert referred.exists()
    assert not referred.exclude(status=ReferralStatus.SENT).exists()
    assert Referral.objects.follow_up_due().exists()  # something to follow up on My work


def test_the_impact_of_past_referrals_sums_in_decimal(seeded):
    impact = Referral.objects.filter(centre__district_id="5001").impact()
    assert impact["completed"] > 0 and impact["money"] > 0


def test_the_training_has_participants_and_walk_ins(seeded):
    training = Event.objects.filter(centre__district_id="5001", kind="training").get()
    assert training.participants.filter(attendance="attended").count() >= 10
    assert Participant.objects.filter(event=training, walk_in_name__gt="").count() == 2


def test_a_second_run_creates_nothing(seeded):
    assert set(seed_resources().values()) == {0}
