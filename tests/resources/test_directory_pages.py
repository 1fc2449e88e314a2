"""The directory: search and filters, a resource with its referrals and results, a centre's
own resources proposed by staff and approved by the head."""

from decimal import Decimal

import pytest
from django.urls import reverse

from resources.models import Coverage, Kind, OrganisationType, ReferralStatus, Resource
from tests.resources.factories import LocalResourceFactory, ReferralFactory, ResourceFactory
from tests.services.factories import ServiceRequestFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db

URL = reverse("resources:resource-list")


def test_it_lists_what_the_centre_may_use_and_not_another_centres(client, staff, centre_b):
    LocalResourceFactory(centre=centre_b, name="ตลาดของอำเภออื่น")
    mine = LocalResourceFactory(centre=staff.memberships.get().centre, name="ตลาดของเรา")
    client.force_login(staff)

    page = client.get(URL)

    assert mine.name in page.text
    assert "ตลาดของอำเภออื่น" not in page.text
    assert "ธนาคารออมสิน" in page.text  # seeded national programme


def test_it_filters_by_kind_service_type_coverage_and_text(client, staff, centre_a):
    market = ServiceTypeFactory(code="market-test")
    fair = LocalResourceFactory(centre=centre_a, name="งานแสดงสินค้าประจำอำเภอ", kind=Kind.MARKET)
    fair.service_types.add(market)
    LocalResourceFactory(centre=centre_a, name="ปราชญ์ทดสอบ", kind=Kind.KNOWLEDGE)
    client.force_login(staff)

    by_kind = client.get(URL, {"kind": "market", "coverage": "district"}).text
    by_type = client.get(URL, {"service_type": market.pk}).text
    by_text = client.get(URL, {"q": "ปราชญ์"}).text

    assert fair.name in by_kind and "ปราชญ์ทดสอบ" not in by_kind and "ธนาคารออมสิน" not in by_kind
    assert fair.name in by_type and "ปราชญ์ทดสอบ" not in by_type
    assert "ปราชญ์ทดสอบ" in by_text and fair.name not in by_text


def test_the_directory_keeps_its_queries_with_many_resources(
    client, staff, centre_a, django_assert_max_num_queries
):
    for _ in range(60):
        LocalResourceFactory(centre=centre_a).service_types.add(ServiceTypeFactory())
    client.force_login(staff)

    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200


def test_a_resource_shows_its_referrals_acceptance_and_results(client, staff, centre_a):
    resource = ResourceFactory(name="ธนาคารทดสอบ")
    for status, money in [
        (ReferralStatus.COMPLETED, Decimal("200000.00")),
        (ReferralStatus.COMPLETED, Decimal("50000.50")),
        (ReferralStatus.DECLINED, None),
        (ReferralStatus.SENT, None),
    ]:
        ReferralFactory(
            request=ServiceRequestFactory(centre=centre_a),
            resource=resource,
            status=status,
            money_obtained=money,
            responded_on=None if status == ReferralStatus.SENT else "2026-11-01",
            completed_on="2026-11-02" if status == ReferralStatus.COMPLETED else None,
        )
    client.force_login(staff)

    page = client.get(resource.get_absolute_url())

    assert page.context["acceptance"]["rate"] == 67  # 2 of the 3 answered
    assert page.context["impact"]["money"] == Decimal("250000.50")
    assert "250,000.50" in page.text


def test_a_resource_detail_keeps_its_queries_with_many_referrals(
    client, staff, centre_a, django_assert_max_num_queries
):
    resource = ResourceFactory()
    for _ in range(55):
        ReferralFactory(request=ServiceRequestFactory(centre=centre_a), resource=resource)
    client.force_login(staff)

    with django_assert_max_num_queries(14):
        assert client.get(resource.get_absolute_url()).status_code == 200


def test_an_outsider_gets_404_for_a_centres_own_resource(client, outsider, centre_a):
    resource = LocalResourceFactory(centre=centre_a)
    client.force_login(outsider)

    assert client.get(resource.get_absolute_url()).status_code == 404


def _local(**extra) -> dict:
    return {
        "kind": "knowledge",
        "name": "ครูภูมิปัญญาทดสอบ",
        "organisation_type": "local_sage",
        "expertise": "จักสานไม้ไผ่",
        "is_active": "on",
        **extra,
    }


def test_staff_propose_a_local_resource_and_the_head_approves_it(client, staff, head):
    client.force_login(staff)
    client.post(reverse("resources:resource-create"), _local())
    resource = Resource.objects.get(name="ครูภูมิปัญญาทดสอบ")
    assert resource.coverage == Coverage.DISTRICT and not resource.is_approved
    assert client.post(reverse("resources:resource-approve", args=[resource.pk])).status_code == 302
    resource.refresh_from_db()
    assert not resource.is_approved  # staff cannot approve

    client.force_login(head)
    client.post(reverse("resources:resource-approve", args=[resource.pk]))

    resource.refresh_from_db()
    assert resource.is_approved


def test_a_local_sage_without_expertise_answers_422(client, staff):
    client.force_login(staff)

    answer = client.post(reverse("resources:resource-create"), _local(expertise=""))

    assert answer.status_code == 422
    assert not Resource.objects.filter(name="ครูภูมิปัญญาทดสอบ").exists()


def test_the_head_edits_the_centres_resource_but_not_a_national_one(client, head, centre_a):
    own = LocalResourceFactory(centre=centre_a, organisation_type=OrganisationType.COOPERATIVE)
    client.force_login(head)

    answer = client.post(
        reverse("resources:resource-edit", args=[own.pk]),
        _local(name="สหกรณ์ชื่อใหม่", kind="funding", organisation_type="cooperative"),
    )

    assert answer.status_code == 302
    own.refresh_from_db()
    assert own.name == "สหกรณ์ชื่อใหม่"
    national = ResourceFactory()
    assert client.get(reverse("resources:resource-edit", args=[national.pk])).status_code == 403


def test_staff_cannot_edit_the_centres_resource(client, staff, centre_a):
    own = LocalResourceFactory(centre=centre_a)
    client.force_login(staff)

    assert client.get(reverse("resources:resource-edit", args=[own.pk])).status_code == 403


def test_the_committee_member_reads_the_directory_but_adds_nothing(client, committee_member):
    client.force_login(committee_member)

    assert client.get(URL).status_code == 200
    assert client.get(reverse("resources:resource-create")).status_code == 403
