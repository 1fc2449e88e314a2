"""seed_demo fills each demo centre's registry: groups of every kind with members, products with
stars and yearly figures; a second run adds nothing."""

from clients.demo import DEMO_GROUPS, FISCAL_YEARS
from clients.models import (
    ALL_FIGURES,
    SNAPSHOT_FIGURES,
    ClientGroup,
    GroupKind,
    GroupMembership,
    GroupSnapshot,
    MemberRole,
    OtopProducerType,
    Person,
    Product,
    StarRating,
)
from portal.lib.phone import validate_thai_phone
from portal.lib.thai_id import is_valid_thai_id
from tests.conftest import run_seed_demo

MODELS = (ClientGroup, Person, GroupMembership, Product, StarRating, GroupSnapshot)


def test_a_second_run_adds_no_rows(seeded):
    counts = [model.objects.count() for model in MODELS]
    assert all(counts)

    run_seed_demo()

    assert [model.objects.count() for model in MODELS] == counts


def test_it_creates_groups_of_every_kind_with_members_and_products_in_each_centre(seeded):
    for code in DEMO_GROUPS:
        groups = ClientGroup.objects.filter(centre__district_id=code)
        assert set(groups.values_list("kind", flat=True)) == set(GroupKind.values), code
    otop_types = ClientGroup.objects.filter(kind=GroupKind.OTOP).values_list(
        "otop_producer_type", flat=True
    )
    assert set(otop_types) == set(OtopProducerType.values)
    producers = ClientGroup.objects.filter(kind__in=[GroupKind.OTOP, GroupKind.OCCUPATIONAL])
    for group in ClientGroup.objects.select_related("centre", "village__subdistrict"):
        group.full_clean()
        # In a real village of a subdistrict of the centre's own district.
        assert group.village.subdistrict.district_id == group.centre.district_id, group.name
        assert group.village.name.startswith("บ้าน"), group.name
        roles = set(group.memberships.values_list("role", flat=True))
        assert {MemberRole.CHAIR, MemberRole.TREASURER} <= roles, group.name
        assert group.products.exists() == (group in producers), group.name
    assert not Product.objects.filter(ratings__isnull=True).exists()
    assert Product.objects.filter(standards__code="fda").exists()
    assert set(StarRating.objects.values_list("year", flat=True)) == {2562, 2565, 2567}


def test_it_registers_persons_with_valid_ids_and_figures_only_each_kind_reports(seeded):
    persons = list(Person.objects.select_related("centre"))
    assert len(persons) > 100
    for person in persons:
        assert is_valid_thai_id(person.national_id), person.national_id
        assert person.national_id[1:5] == person.centre.district_id  # the registering office
        validate_thai_phone(person.phone)
        assert 2490 <= person.birth_year <= 2545
        assert person.consent_on is not None
        person.full_clean()
    for group in ClientGroup.objects.prefetch_related("snapshots"):
        snapshots = list(group.snapshots.all())
        assert [s.fiscal_year for s in snapshots] == list(FISCAL_YEARS), group.name
        for snapshot in snapshots:
            snapshot.full_clean()
            for name in ALL_FIGURES:
                reported = name in SNAPSHOT_FIGURES[group.kind]
                assert (getattr(snapshot, name) is not None) == reported, (group.name, name)


def test_a_second_run_puts_back_a_demo_group_that_is_gone(seeded):
    from clients.demo import clients_seeded

    assert clients_seeded()
    group = ClientGroup.objects.get(centre__district_id="5001", name="น้ำพริกหนุ่มแม่ศรีนวล")
    name = group.name
    group.name = "ชื่อใหม่"
    group.save()
    assert not clients_seeded()

    run_seed_demo()

    assert ClientGroup.objects.filter(centre__district_id="5001", name=name).exists()
    assert clients_seeded()
