"""Factories for services: each sets only what the model requires."""

from datetime import timedelta

import factory
from django.utils import timezone

from services.models import (
    Attachment,
    Channel,
    ReferenceCounter,
    RequestNote,
    ServiceRequest,
    ServiceType,
    Status,
    StatusChange,
    Urgency,
    Visit,
    VisitKind,
)
from tests.centres.factories import CentreFactory, UserFactory
from tests.clients.factories import ClientGroupFactory


class ServiceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"type-{n}")
    name_th = factory.Sequence(lambda n: f"บริการทดสอบ {n}")
    name_en = factory.Sequence(lambda n: f"Test service {n}")
    target_days_normal = 30
    target_days_urgent = 7


class ServiceRequestFactory(factory.django.DjangoModelFactory):
    """A request made directly (not through create_request): for tests that need many rows."""

    class Meta:
        model = ServiceRequest

    centre = factory.SubFactory(CentreFactory)
    client_group = factory.SubFactory(ClientGroupFactory, centre=factory.SelfAttribute("..centre"))
    service_type = factory.SubFactory(ServiceTypeFactory)
    channel = Channel.ONSITE
    urgency = Urgency.NORMAL
    subject = factory.Sequence(lambda n: f"ขอคำปรึกษาเรื่องการตลาด {n}")
    received_by = factory.SubFactory(UserFactory)
    fiscal_year = 2570
    sequence = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(
        lambda o: f"{o.centre.district_id}-{o.fiscal_year}-{o.sequence:05d}"
    )
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = Status.RECEIVED


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    request = factory.SubFactory(ServiceRequestFactory)
    from_status = Status.RECEIVED
    to_status = Status.IN_PROGRESS
    changed_by = factory.SubFactory(UserFactory)


class RequestNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestNote

    request = factory.SubFactory(ServiceRequestFactory)
    author = factory.SubFactory(UserFactory)
    text = "โทรติดตามแล้ว"


class ReferenceCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceCounter

    centre = factory.SubFactory(CentreFactory)
    fiscal_year = 2570


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    centre = factory.SubFactory(CentreFactory)
    kind = VisitKind.OUTREACH
    planned_date = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"หน่วยบริการเคลื่อนที่ครั้งที่ {n}")
    created_by = factory.SubFactory(UserFactory)


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    request = factory.SubFactory(ServiceRequestFactory)
    centre = factory.SelfAttribute("request.centre")
    file = factory.django.FileField(filename="photo.png", data=b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    original_name = "photo.png"
    content_type = "image/png"
    size = 40
    uploaded_by = factory.SubFactory(UserFactory)
