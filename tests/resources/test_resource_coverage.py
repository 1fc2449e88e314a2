"""Who sees which resource: national to all, a province's to its centres, a centre's own to it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from resources.models import Coverage, Kind, OrganisationType, Resource
from tests.centres.factories import CentreFactory, DistrictFactory
from tests.resources.factories import LocalResourceFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(centre_a, centre_b):
    neighbour = CentreFactory(
        district=DistrictFactory(code="5007", province=centre_a.district.province)
    )
    return {
        "national": ResourceFactory(),
        "province_a": ResourceFactory(
            coverage=Coverage.PROVINCE, province=centre_a.district.province
        ),
        "province_b": ResourceFactory(
            coverage=Coverage.PROVINCE, province=centre_b.district.province
        ),
        "own": LocalResourceFactory(centre=centre_a),
        "neighbour": LocalResourceFactory(centre=neighbour),
        "other": LocalResourceFactory(centre=centre_b),
    }


def _seen(user) -> set[str]:
    """The names seen, leaving out the national programmes the migration seeded."""
    seen = Resource.objects.visible_to(user).exclude(coverage=Coverage.NATIONAL, offers_text__gt="")
    return set(seen.values_list("name", flat=True))


def _names(directory, *keys) -> set[str]:
    return {directory[key].name for key in keys}


def test_it_shows_staff_national_their_provinces_and_their_own(directory, staff):
    assert _seen(staff) == _names(directory, "national", "province_a", "own")


def test_it_shows_a_neighbouring_centre_of_the_province_the_provincial_resource(
    directory, outsider
):
    assert _seen(outsider) == _names(directory, "national", "province_b", "other")


def test_it_shows_the_committee_member_their_centres_directory(directory, committee_member):
    assert _seen(committee_member) == _names(directory, "national", "province_a", "own")


def test_it_shows_the_provincial_officer_every_resource_of_the_province(
    directory, province_officer
):
    assert _seen(province_officer) == _names(
        directory, "national", "province_a", "own", "neighbour"
    )


def test_it_shows_administrators_everything_and_nobody_nothing(directory, admin_user, nobody):
    assert _seen(admin_user) == {r.name for r in directory.values()}
    assert _seen(nobody) == set()


def test_it_says_which_centres_a_resource_serves(directory, centre_a, centre_b):
    assert directory["national"].serves(centre_a)
    assert directory["province_a"].serves(centre_a)
    assert not directory["province_a"].serves(centre_b)
    assert directory["own"].serves(centre_a)
    assert not directory["other"].serves(centre_a)


def test_it_refuses_a_local_resource_without_its_centre(db):
    with pytest.raises(IntegrityError):
        ResourceFactory(coverage=Coverage.DISTRICT)


def test_it_refuses_a_national_resource_owned_by_a_centre(centre_a):
    with pytest.raises(IntegrityError):
        ResourceFactory(coverage=Coverage.NATIONAL, centre=centre_a)


def test_it_refuses_a_local_sage_that_is_not_a_knowledge_source(centre_a):
    sage = Resource(
        kind=Kind.FUNDING,
        name="ปราชญ์",
        organisation_type=OrganisationType.LOCAL_SAGE,
        coverage=Coverage.DISTRICT,
        centre=centre_a,
    )
    with pytest.raises(ValidationError) as refused:
        sage.full_clean()
    assert "kind" in refused.value.message_dict


def test_it_asks_for_the_province_of_a_provincial_resource(db):
    resource = Resource(
        kind=Kind.MARKET, name="ตลาด", organisation_type="government", coverage=Coverage.PROVINCE
    )
    with pytest.raises(ValidationError) as refused:
        resource.full_clean()
    assert "province" in refused.value.message_dict


def test_it_seeds_the_national_programmes(db):
    national = set(
        Resource.objects.filter(coverage=Coverage.NATIONAL).values_list("name", flat=True)
    )
    assert {"ธนาคารออมสิน", "กองทุนหมู่บ้านและชุมชนเมือง", "โครงการแก้ไขปัญหาความยากจน (กข.คจ.)"} <= national
    baac = Resource.objects.get(name__contains="ธ.ก.ส.")
    assert baac.kind == Kind.FUNDING and baac.offers.exists()
    assert baac.service_types.filter(code="funding").exists()
