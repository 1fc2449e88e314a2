"""The committee's panels on the services pages: the request's rounds, a visit's committee
members; and the member's home lists the visits they joined."""

import pytest
from django.urls import reverse

from committees import actions
from committees.actions import ActionRefused
from committees.models import VisitParticipant
from services.models import Status
from tests.committees.factories import CommitteeMemberFactory
from tests.services.factories import ServiceRequestFactory, VisitFactory


def test_the_request_page_links_to_its_rounds(client, centre_a, head):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    round_ = actions.put_before_committee(request, question="ถาม", summary="สรุป", by=head)
    client.force_login(head)

    html = client.get(request.get_absolute_url()).content.decode()

    assert round_.get_absolute_url() in html


def test_a_visit_shows_its_committee_members_and_they_see_it_at_home(
    client, centre_a, staff, member_1
):
    visit = VisitFactory(centre=centre_a, created_by=staff, title="ออกหน่วยบ้านดอนแก้ว")
    actions.set_visit_participants(visit, members=[member_1], by=staff)
    client.force_login(member_1.user)

    visit_page = client.get(visit.get_absolute_url()).content.decode()
    home = client.get(reverse("committees:home")).content.decode()

    assert member_1.full_name in visit_page
    assert "ออกหน่วยบ้านดอนแก้ว" in home


def test_only_staff_add_members_of_the_same_centre_to_a_visit(centre_a, centre_b, staff, member_1):
    visit = VisitFactory(centre=centre_a, created_by=staff)
    other = CommitteeMemberFactory(centre=centre_b)

    with pytest.raises(ActionRefused):
        actions.set_visit_participants(visit, members=[member_1], by=member_1.user)
    with pytest.raises(ActionRefused):
        actions.set_visit_participants(visit, members=[other], by=staff)

    assert not VisitParticipant.objects.exists()


def test_staff_record_the_committee_members_who_went_on_a_visit(client, centre_a, staff, member_1):
    visit = VisitFactory(centre=centre_a, created_by=staff)
    client.force_login(staff)
    url = reverse("committees:visit-members", args=[visit.pk])

    assert url in client.get(visit.get_absolute_url()).content.decode()
    client.post(url, {"members": [member_1.pk]})

    assert [p.member for p in VisitParticipant.objects.filter(visit=visit)] == [member_1]


def test_a_committee_member_cannot_edit_a_visits_members(client, centre_a, staff, member_1):
    visit = VisitFactory(centre=centre_a, created_by=staff)
    client.force_login(member_1.user)

    assert client.get(reverse("committees:visit-members", args=[visit.pk])).status_code == 403
