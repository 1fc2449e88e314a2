"""Factories for the client registry: each sets only what the model requires."""

import factory

from clients.models import (
    ClientGroup,
    GroupKind,
    GroupMembership,
    GroupSnapshot,
    IdReveal,
    Person,
    Product,
    ProductCategory,
    Standard,
    StarRating,
)
from portal.lib.thai_id import thai_id_check_digit
from tests.centres.factories import CentreFactory, SubdistrictFactory, UserFactory, VillageFactory


def valid_thai_id(n: int) -> str:
    """A national ID with a correct check digit, distinct for each ``n``."""
    body = f"1{n:011d}"
    return f"{body}{thai_id_check_digit(body)}"


class ClientGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientGroup

    centre = factory.SubFactory(CentreFactory)
    kind = GroupKind.OCCUPATIONAL
    name = factory.Sequence(lambda n: f"กลุ่มทอผ้าบ้านทดสอบ {n}")
    village = factory.SubFactory(
        VillageFactory,
        subdistrict=factory.SubFactory(
            SubdistrictFactory, district=factory.SelfAttribute("...centre.district")
        ),
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    centre = factory.SubFactory(CentreFactory)
    first_name = factory.Sequence(lambda n: f"สมหญิง{n}")
    last_name = "ใจงาม"
    village = factory.SubFactory(
        VillageFactory,
        subdistrict=factory.SubFactory(
            SubdistrictFactory, district=factory.SelfAttribute("...centre.district")
        ),
    )


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(ClientGroupFactory)
    person = factory.SubFactory(
        PersonFactory,
        centre=factory.SelfAttribute("..group.centre"),
        village=factory.SelfAttribute("..group.village"),
    )


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"std{n}")
    name = factory.Sequence(lambda n: f"มาตรฐาน {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    group = factory.SubFactory(ClientGroupFactory, kind=GroupKind.OTOP, otop_producer_type="sme")
    name = factory.Sequence(lambda n: f"ผ้าไหมลายทดสอบ {n}")
    category = ProductCategory.TEXTILES


class StarRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StarRating

    product = factory.SubFactory(ProductFactory)
    year = 2568
    stars = 4


class GroupSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupSnapshot

    group = factory.SubFactory(ClientGroupFactory)
    fiscal_year = 2569


class IdRevealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdReveal

    person = factory.SubFactory(PersonFactory)
    user = factory.SubFactory(UserFactory)
