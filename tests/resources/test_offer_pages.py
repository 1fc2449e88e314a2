"""The head keeps the offers (a loan product's, a market's, a training's terms) of the centre's
own resources; staff read them, national resources' offers stay in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.resources.factories import LocalResourceFactory, OfferFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def _loan(**extra) -> dict:
    return {
        "name": "สินเชื่อเพื่อการผลิต",
        "interest_rate": "3.50",
        "ceiling": "200000",
        "term_months": "36",
        "conditions": "สมาชิกกลุ่มค้ำประกันกันเอง",
        "is_active": "on",
        **extra,
    }


def test_staff_cannot_add_or_edit_an_offer(client, staff, centre_a):
    resource = LocalResourceFactory(centre=centre_a)
    offer = OfferFactory(resource=resource, name="เดิม")
    client.force_login(staff)

    added = client.post(reverse("resources:offer-create", args=[resource.pk]), _loan())
    edited = client.post(reverse("resources:offer-edit", args=[offer.pk]), _loan(name="ใหม่"))

    assert added.status_code == 403 and edited.status_code == 403
    offer.refresh_from_db()
    assert offer.name == "เดิม" and resource.offers.count() == 1
    assert (
        reverse("resources:offer-create", args=[resource.pk])
        not in client.get(resource.get_absolute_url()).text
    )


def test_the_head_adds_a_loan_product_with_its_terms(client, head, centre_a):
    resource = LocalResourceFactory(centre=centre_a)
    client.force_login(head)

    answer = client.post(reverse("resources:offer-create", args=[resource.pk]), _loan())

    offer = resource.offers.get()
    assert answer.status_code == 302
    assert offer.interest_rate == Decimal("3.50") and offer.ceiling == Decimal("200000")
    assert offer.term_months == 36 and offer.conditions == "สมาชิกกลุ่มค้ำประกันกันเอง"
    assert "สินเชื่อเพื่อการผลิต" in client.get(resource.get_absolute_url()).text


def test_the_head_edits_a_training_and_retires_it(client, head, centre_a):
    offer = OfferFactory(resource=LocalResourceFactory(centre=centre_a), name="อบรม")
    client.force_login(head)

    answer = client.post(
        reverse("resources:offer-edit", args=[offer.pk]),
        {"name": "อบรมการแปรรูป", "topic": "การแปรรูปกล้วย", "capacity": "25"},
    )

    offer.refresh_from_db()
    assert answer.status_code == 302
    assert (offer.name, offer.topic, offer.capacity, offer.is_active) == (
        "อบรมการแปรรูป",
        "การแปรรูปกล้วย",
        25,
        False,
    )


def test_a_rate_over_100_percent_answers_422_and_changes_nothing(client, head, centre_a):
    resource = LocalResourceFactory(centre=centre_a)
    client.force_login(head)

    answer = client.post(
        reverse("resources:offer-create", args=[resource.pk]), _loan(interest_rate="150")
    )

    assert answer.status_code == 422 and 'id="id_interest_rate"' in answer.text
    assert not resource.offers.exists()


def test_the_head_cannot_change_a_national_resources_offers(client, head):
    national = ResourceFactory()
    offer = OfferFactory(resource=national)
    client.force_login(head)

    added = client.post(reverse("resources:offer-create", args=[national.pk]), _loan())
    edited = client.post(reverse("resources:offer-edit", args=[offer.pk]), _loan())

    assert added.status_code == 403 and edited.status_code == 403
    assert national.offers.count() == 1


def test_an_outsider_gets_404_for_a_centres_offers(client, outsider, centre_a):
    resource = LocalResourceFactory(centre=centre_a)
    offer = OfferFactory(resource=resource)
    client.force_login(outsider)

    assert client.get(reverse("resources:offer-create", args=[resource.pk])).status_code == 404
    assert client.get(reverse("resources:offer-edit", args=[offer.pk])).status_code == 404


def test_a_resource_with_many_offers_keeps_its_queries(
    client, head, centre_a, django_assert_max_num_queries
):
    resource = LocalResourceFactory(centre=centre_a)
    OfferFactory.create_batch(40, resource=resource)
    client.force_login(head)

    with django_assert_max_num_queries(14):
        page = client.get(resource.get_absolute_url())
    assert page.status_code == 200 and page.text.count('href="/resources/offers/') == 40
