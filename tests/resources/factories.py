"""Factories for resource linking: each sets only what the model requires."""

from datetime import timedelta

import factory
from django.utils import timezone

from resources.models import (
    Coverage,
    Event,
    EventKind,
    EventPhoto,
    Kind,
    Offer,
    OrganisationType,
    Participant,
    Referral,
    Resource,
)
from tests.centres.factories import CentreFactory, UserFactory
from tests.services.factories import ServiceRequestFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    """A national funding source unless told otherwise."""

    class Meta:
        model = Resource

    kind = Kind.FUNDING
    name = factory.Sequence(lambda n: f"แหล่งทุนทดสอบ {n}")
    organisation_type = OrganisationType.STATE_BANK
    coverage = Coverage.NATIONAL


class LocalResourceFactory(ResourceFactory):
    coverage = Coverage.DISTRICT
    centre = factory.SubFactory(CentreFactory)
    kind = Kind.MARKET
    organisation_type = OrganisationType.COMMUNITY_ENTERPRISE


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    resource = factory.SubFactory(ResourceFactory)
    name = factory.Sequence(lambda n: f"สินเชื่อทดสอบ {n}")


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral made directly (not through send_referral): for tests that need many rows."""

    class Meta:
        model = Referral

    request = factory.SubFactory(ServiceRequestFactory)
    centre = factory.SelfAttribute("request.centre")
    resource = factory.SubFactory(ResourceFactory)
    sent_on = factory.LazyFunction(timezone.localdate)
    sent_by = factory.SubFactory(UserFactory)
    asked = "ขอสินเชื่อ 200,000 บาท"
    follow_up_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    centre = factory.SubFactory(CentreFactory)
    kind = EventKind.TRAINING
    topic = factory.Sequence(lambda n: f"อบรมการทำบัญชีกลุ่ม รุ่นที่ {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    created_by = factory.SubFactory(UserFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    walk_in_name = factory.Sequence(lambda n: f"ผู้เข้าร่วม {n}")


class EventPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventPhoto

    event = factory.SubFactory(EventFactory)
    file = factory.django.FileField(filename="photo.png", data=b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    content_type = "image/png"
    uploaded_by = factory.SubFactory(UserFactory)
