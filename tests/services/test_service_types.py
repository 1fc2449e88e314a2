"""The service type catalogue: the eight types of the design are there after migrating, in Thai
and English, and an urgent request is never given longer than a normal one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from services.models import ServiceType, Urgency
from tests.services.factories import ServiceTypeFactory

SEEDED = {
    "consultation": ("ให้คำปรึกษาแนะนำ", "Consultation and advice"),
    "knowledge": ("องค์ความรู้และการฝึกอบรม", "Knowledge and training"),
    "funding": ("การเข้าถึงแหล่งทุน", "Access to funding"),
    "production": ("เชื่อมโยงแหล่งผลิต", "Production linkage"),
    "market": ("เชื่อมโยงแหล่งตลาด", "Market linkage"),
    "capacity": ("พัฒนาศักยภาพอาชีพ", "Occupational capacity development"),
    "information": ("ข้อมูลเศรษฐกิจฐานราก", "Grassroots economic information"),
    "exchange": ("แลกเปลี่ยนเรียนรู้", "Learning exchange"),
}


@pytest.mark.django_db
def test_the_eight_types_are_seeded_in_thai_and_english():
    types = {t.code: (t.name_th, t.name_en) for t in ServiceType.objects.all()}
    assert types == SEEDED


@pytest.mark.django_db
def test_the_seeded_types_are_active_in_the_designs_order_with_sensible_targets():
    types = list(ServiceType.objects.all())
    assert [t.code for t in types] == list(SEEDED)
    for service_type in types:
        assert service_type.is_active
        assert 1 <= service_type.target_days_urgent <= service_type.target_days_normal
        service_type.full_clean()


@pytest.mark.django_db
def test_target_days_follow_the_urgency():
    consultation = ServiceType.objects.get(code="consultation")
    assert consultation.target_days(Urgency.NORMAL) == consultation.target_days_normal == 7
    assert consultation.target_days(Urgency.URGENT) == consultation.target_days_urgent == 2


@pytest.mark.django_db
def test_the_name_follows_the_language():
    funding = ServiceType.objects.get(code="funding")
    with translation.override("th"):
        assert funding.name == str(funding) == "การเข้าถึงแหล่งทุน"
    with translation.override("en"):
        assert funding.name == str(funding) == "Access to funding"


@pytest.mark.django_db
def test_the_database_refuses_an_urgent_target_longer_than_the_normal_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceTypeFactory(target_days_normal=7, target_days_urgent=8)


@pytest.mark.django_db
def test_an_urgent_target_equal_to_the_normal_one_is_allowed():
    assert ServiceTypeFactory(target_days_normal=7, target_days_urgent=7).pk


@pytest.mark.django_db
def test_full_clean_refuses_zero_target_days():
    service_type = ServiceTypeFactory.build(code="zero", target_days_normal=0, target_days_urgent=0)
    with pytest.raises(ValidationError) as error:
        service_type.full_clean()
    assert set(error.value.message_dict) >= {"target_days_normal", "target_days_urgent"}


@pytest.mark.django_db
def test_administrators_can_add_a_type():
    ServiceTypeFactory(code="tourism", name_th="ท่องเที่ยวชุมชน", name_en="Community tourism")
    assert ServiceType.objects.count() == len(SEEDED) + 1
