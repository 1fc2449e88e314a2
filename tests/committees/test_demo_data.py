"""seed_demo gives each demo centre a committee: 9–15 members of every category, some terms
ended, two held meetings with resolutions, and a case waiting for opinions."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from committees.demo import committees_seeded, seed_committees
from committees.models import Category, CommitteeMember, Meeting, Position, Resolution, Round
from services.models import ServiceRequest, Status

pytestmark = pytest.mark.date_sensitive


def test_each_demo_centre_has_a_realistic_committee(seeded):
    for code in ("5001", "5007", "4001"):
        members = CommitteeMember.objects.filter(centre__district_id=code)
        sitting = members.sitting()
        assert 9 <= sitting.count() <= 15
        assert set(sitting.values_list("category", flat=True)) == set(Category.values)
        assert members.past().count() == 2


def test_each_demo_centre_held_two_meetings_with_resolutions(seeded):
    for code in ("5001", "5007", "4001"):
        assert Meeting.objects.filter(centre__district_id=code).count() == 2
        assert Resolution.objects.filter(round__centre__district_id=code).count() == 2


def test_each_demo_centre_has_a_secretary_with_a_login(seeded):
    for code in ("5001", "5007", "4001"):
        secretary = CommitteeMember.objects.sitting().get(
            centre__district_id=code, position=Position.SECRETARY
        )
        assert secretary.user is not None


def test_each_demo_centre_has_a_case_waiting_for_opinions(seeded):
    for code in ("5001", "5007", "4001"):
        waiting = Round.objects.filter(centre__district_id=code).open()
        assert waiting.filter(request__status=Status.COMMITTEE).exists(), code


def test_every_request_before_the_committee_has_its_open_round(seeded):
    waiting = ServiceRequest.objects.filter(status=Status.COMMITTEE)
    assert waiting.exists()
    assert all(Round.objects.filter(request=r).open().count() == 1 for r in waiting)


def test_the_demo_committee_user_has_a_case_waiting_for_their_opinion(seeded, client):
    user = get_user_model().objects.get(username="committee")
    client.force_login(user)

    html = client.get("/committees/").content.decode()

    case = Round.objects.filter(centre__district_id="5001").open().first()
    assert case.request.reference in html


def test_a_committee_seeded_before_its_secretary_had_a_login_catches_up(seeded):
    secretary = CommitteeMember.objects.get(
        centre__district_id="5007", position=Position.SECRETARY, term_end__gte=timezone.localdate()
    )
    Resolution.objects.filter(meeting__centre__district_id="5007").delete()
    Meeting.objects.filter(centre__district_id="5007").delete()
    CommitteeMember.objects.filter(pk=secretary.pk).update(user=None)
    assert not committees_seeded()

    seed_committees()
    seed_committees()  # and again: nothing more

    secretary.refresh_from_db()
    assert secretary.user.username == "secretary"
    assert Meeting.objects.filter(centre__district_id="5007").count() == 2
    assert Resolution.objects.filter(round__centre__district_id="5007").count() == 2
    assert committees_seeded()
