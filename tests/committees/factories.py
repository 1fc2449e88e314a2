"""Factories for the committee: each sets only what the model requires."""

from datetime import timedelta

import factory
from django.utils import timezone

from committees.models import Category, CommitteeMember, Meeting, Round
from tests.centres.factories import CentreFactory, UserFactory
from tests.services.factories import ServiceRequestFactory


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    """A member sitting today, for a two-year term that began a year ago."""

    class Meta:
        model = CommitteeMember

    centre = factory.SubFactory(CentreFactory)
    first_name = factory.Sequence(lambda n: f"กรรมการ{n}")
    last_name = "ทดสอบ"
    category = Category.COMMUNITY_LEADER
    term_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))


class RoundFactory(factory.django.DjangoModelFactory):
    """A round opened directly (not through put_before_committee): for tests of many rows."""

    class Meta:
        model = Round

    centre = factory.SubFactory(CentreFactory)
    request = factory.SubFactory(
        ServiceRequestFactory, centre=factory.SelfAttribute("..centre"), status="committee"
    )
    question = "ควรสนับสนุนหรือไม่"
    summary = "กลุ่มขอรับการสนับสนุน"
    opened_by = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    centre = factory.SubFactory(CentreFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    place = "ห้องประชุมอำเภอ"
    created_by = factory.SubFactory(UserFactory)
