"""The smaller rules of resources, events and participants, and their refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from resources.actions import (
    ActionRefused,
    add_participant,
    can_manage_resource,
    complete_referral,
    record_attendance,
    respond_to_referral,
    save_event,
    save_local_resource,
    send_referral,
)
from resources.models import Coverage, Event, Kind, OrganisationType, Resource
from services.models import Status
from tests.clients.factories import PersonFactory
from tests.resources.factories import (
    EventFactory,
    EventPhotoFactory,
    LocalResourceFactory,
    OfferFactory,
    ParticipantFactory,
    ResourceFactory,
)
from tests.services.factories import ServiceRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


@pytest.fixture
def referral(centre_a, staff):
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)
    return send_referral(request=request, resource=ResourceFactory(), asked="ขอทุน", by=staff)


def test_an_answer_or_a_result_cannot_come_before_the_sending(referral, staff):
    before = referral.sent_on - timedelta(days=1)

    with pytest.raises(ActionRefused):
        respond_to_referral(referral, accepted=True, responded_on=before, by=staff)
    with pytest.raises(ActionRefused):
        complete_referral(referral, sales=Decimal("1"), completed_on=before, by=staff)


def test_the_result_note_names_the_market_found(referral, staff):
    complete_referral(referral, market_found="ตลาดจริงใจ", by=staff)

    assert "ตลาดจริงใจ" in referral.request.notes.last().text


def test_administrators_manage_every_resource(admin_user, staff):
    assert can_manage_resource(admin_user, ResourceFactory())
    assert not can_manage_resource(staff, ResourceFactory())


def test_a_national_resource_is_not_saved_as_a_local_one(staff):
    with pytest.raises(ActionRefused):
        save_local_resource(Resource(name="x", coverage=Coverage.NATIONAL), by=staff)


def test_staff_cannot_change_a_saved_local_resource(staff, centre_a):
    own = LocalResourceFactory(centre=centre_a)

    with pytest.raises(ActionRefused):
        save_local_resource(own, by=staff)


def test_a_local_resource_needs_its_centre_and_other_coverages_drop_the_owner(centre_a):
    local = Resource(kind=Kind.MARKET, name="x", organisation_type="ngo", coverage="district")
    with pytest.raises(ValidationError) as refused:
        local.full_clean()
    assert "centre" in refused.value.message_dict

    national = Resource(
        kind=Kind.MARKET,
        name="y",
        organisation_type=OrganisationType.NGO,
        coverage=Coverage.NATIONAL,
        centre=centre_a,
    )
    national.clean()
    assert national.centre is None


def test_an_event_serves_only_its_centres_requests(staff, centre_a, centre_b):
    event = Event(centre=centre_a, kind="training", topic="x", starts_on=timezone.localdate())
    ours = ServiceRequestFactory(centre=centre_a)

    with pytest.raises(ActionRefused):
        save_event(event, by=staff, requests=[ServiceRequestFactory(centre=centre_b)])
    save_event(event, by=staff, requests=[ours])

    assert list(event.requests.all()) == [ours]


def test_an_event_ending_before_it_starts_is_refused_by_clean(centre_a):
    today = timezone.localdate()
    event = Event(centre=centre_a, kind="training", topic="x", starts_on=today)
    event.ends_on = today - timedelta(days=1)

    with pytest.raises(ValidationError):
        event.clean()


def test_a_participant_is_one_who_of_the_events_centre(staff, centre_a, centre_b):
    event = EventFactory(centre=centre_a)

    with pytest.raises(ActionRefused):
        add_participant(event, by=staff)
    with pytest.raises(ActionRefused):
        add_participant(event, person=PersonFactory(centre=centre_b), by=staff)


def test_attendance_and_satisfaction_are_checked(staff, centre_a):
    participant = ParticipantFactory(event=EventFactory(centre=centre_a))

    with pytest.raises(ActionRefused):
        record_attendance(participant, attendance="maybe", by=staff)
    with pytest.raises(ActionRefused):
        record_attendance(participant, attendance="attended", satisfaction=6, by=staff)


def test_names_read_as_the_user_sees_them(centre_a, referral):
    person = PersonFactory(centre=centre_a, first_name="สมใจ", last_name="ดี")
    event = EventFactory(centre=centre_a, topic="อบรม")
    with_person = ParticipantFactory(event=event, walk_in_name="", person=person)
    photo = EventPhotoFactory(event=event, caption="")

    assert str(event) == "อบรม" and str(with_person) == "สมใจ ดี"
    assert str(ResourceFactory(name="ธนาคาร")) == "ธนาคาร"
    assert str(OfferFactory(name="สินเชื่อ")) == "สินเชื่อ"
    assert str(photo) == str(photo.pk)
    assert str(referral) == f"{referral.request_id} → {referral.resource_id}"


def test_an_inactive_user_sees_no_resource(staff):
    staff.is_active = False

    assert not Resource.objects.visible_to(staff).exists()


def test_the_referral_form_takes_the_resource_from_the_link(client, staff, referral):
    client.force_login(staff)
    url = reverse("resources:referral-create", args=[referral.request_id])

    page = client.get(url, {"resource": referral.resource_id})

    assert page.context["form"].initial["resource"] == referral.resource_id


def test_the_referral_form_refuses_an_offer_of_another_resource_with_422(client, staff, referral):
    client.force_login(staff)
    url = reverse("resources:referral-create", args=[referral.request_id])
    today = timezone.localdate()

    answer = client.post(
        url,
        {
            "resource": referral.resource_id,
            "offer": OfferFactory().pk,
            "asked": "ขอ",
            "sent_on": today.isoformat(),
            "follow_up_on": (today - timedelta(days=1)).isoformat(),
        },
    )

    assert answer.status_code == 422
    assert set(answer.context["form"].errors) == {"offer", "follow_up_on"}


def test_referring_a_closed_request_is_refused_with_a_banner(client, staff, referral):
    client.force_login(staff)
    url = reverse("resources:referral-create", args=[referral.request_id])
    data = {
        "resource": ResourceFactory().pk,
        "asked": "ขอ",
        "sent_on": timezone.localdate().isoformat(),
    }
    referral.request.status = Status.CLOSED
    referral.request.save()

    answer = client.post(url, data, follow=True)

    assert answer.status_code == 200
    assert referral.request.referrals.count() == 1


def test_staff_edit_an_event(client, staff, centre_a):
    event = EventFactory(centre=centre_a)
    client.force_login(staff)
    url = reverse("resources:event-edit", args=[event.pk])

    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "kind": "exchange",
            "topic": "แลกเปลี่ยนเรียนรู้",
            "starts_on": event.starts_on.isoformat(),
            "place_kind": "village",
        },
    )

    event.refresh_from_db()
    assert event.topic == "แลกเปลี่ยนเรียนรู้"


def test_the_committee_member_cannot_record_attendance(client, committee_member, centre_a):
    participant = ParticipantFactory(event=EventFactory(centre=centre_a))
    client.force_login(committee_member)

    answer = client.post(
        reverse("resources:participant-attendance", args=[participant.pk]),
        {"attendance": "attended"},
    )

    assert answer.status_code == 403


def test_a_missing_photo_file_answers_404(client, staff, centre_a):
    photo = EventPhotoFactory(event=EventFactory(centre=centre_a))
    photo.file.delete(save=False)
    client.force_login(staff)

    assert client.get(reverse("resources:photo", args=[photo.pk])).status_code == 404


def test_the_head_sees_the_edit_form_and_a_proposal_is_approved_only_at_its_centre(
    client, head, outsider, centre_a
):
    own = LocalResourceFactory(centre=centre_a, is_approved=False)
    client.force_login(head)
    assert client.get(reverse("resources:resource-edit", args=[own.pk])).status_code == 200

    national = ResourceFactory()
    assert client.post(reverse("resources:resource-approve", args=[national.pk])).status_code == 403
