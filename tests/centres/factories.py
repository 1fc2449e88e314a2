"""Factories for the centres app: each sets only what the model requires."""

import factory
from django.contrib.auth import get_user_model

from centres.models import Centre, District, Membership, Province, Role, Subdistrict, Village


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{90 + n % 10}")
    name_th = factory.Sequence(lambda n: f"จังหวัดทดสอบ{n}")
    name_en = factory.Sequence(lambda n: f"Test Province {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ["code"]

    province = factory.SubFactory(ProvinceFactory)
    # 50-99: clear of the codes tests spell out (5001, 4001), so a made-up district never
    # turns out to be one a test named.
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.province.code}{50 + n % 50:02d}")
    name_th = factory.Sequence(lambda n: f"อำเภอทดสอบ{n}")
    name_en = factory.Sequence(lambda n: f"Test District {n}")


class SubdistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subdistrict
        django_get_or_create = ["code"]

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.district.code}{50 + n % 50:02d}")
    name_th = factory.Sequence(lambda n: f"ตำบลทดสอบ{n}")
    name_en = factory.Sequence(lambda n: f"Test Subdistrict {n}")
    postcodes = "50000"


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ["subdistrict", "number"]

    subdistrict = factory.SubFactory(SubdistrictFactory)
    number = factory.Sequence(lambda n: n % 99 + 1)


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ["district"]

    district = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda o: Centre.default_name(o.district))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    password = factory.django.Password("secret-pass-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    centre = factory.SubFactory(CentreFactory)
    role = Role.STAFF
