"""The administrators' pages: geography, centres, memberships and users in the Django admin."""

import json

import pytest
from django.urls import reverse

from centres.models import Role
from tests.centres.factories import (
    CentreFactory,
    DistrictFactory,
    MembershipFactory,
    SubdistrictFactory,
    VillageFactory,
)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def rows(centre_a, centre_b, staff, province_officer):
    """At least one row of every model, so each changelist renders its columns."""
    VillageFactory(
        subdistrict=SubdistrictFactory(code="500101", district=centre_a.district), number=6
    )


def _result_codes(response) -> list[str]:
    return [row.pk for row in response.context["cl"].result_list]


@pytest.mark.parametrize(
    "model", ["province", "district", "subdistrict", "village", "centre", "membership"]
)
def test_it_shows_each_centres_changelist_to_an_administrator(admin_client, rows, model):
    response = admin_client.get(reverse(f"admin:centres_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_it_shows_the_user_changelist_to_an_administrator(admin_client, rows):
    response = admin_client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 200
    assert "staff_a" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("ไม่มีอำเภอนี้", [], id="nothing"),
        pytest.param("เมืองเชียงใหม่", ["5001"], id="thai name"),
        pytest.param("4001", ["4001"], id="code"),
        pytest.param("Mueang", ["4001", "5001"], id="english name"),
    ],
)
def test_it_searches_the_districts_by_name_and_code(admin_client, rows, query, expected):
    response = admin_client.get(reverse("admin:centres_district_changelist"), {"q": query})

    assert _result_codes(response) == expected


def test_it_filters_the_centres_by_province(admin_client, rows):
    url = reverse("admin:centres_centre_changelist")

    unfiltered = admin_client.get(url)
    filtered = admin_client.get(url, {"district__province__code__exact": "50"})

    assert len(unfiltered.context["cl"].result_list) == 2
    assert [c.code for c in filtered.context["cl"].result_list] == ["5001"]


def test_it_shows_a_centres_change_page(admin_client, rows, centre_a):
    response = admin_client.get(reverse("admin:centres_centre_change", args=[centre_a.pk]))

    assert response.status_code == 200
    assert centre_a.name in response.content.decode()


def test_it_shows_a_users_memberships_inline_on_the_user_change_page(
    admin_client, rows, staff, centre_a
):
    response = admin_client.get(reverse("admin:auth_user_change", args=[staff.pk]))

    assert response.status_code == 200
    (formset,) = [f.formset for f in response.context["inline_admin_formsets"]]
    assert [form.instance.centre for form in formset.forms] == [centre_a]
    assert 'id="memberships-group"' in response.content.decode()


def test_it_adds_a_membership_through_the_user_inline(admin_client, rows, staff, centre_b):
    membership = staff.memberships.get()
    url = reverse("admin:auth_user_change", args=[staff.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and key not in {"groups", "user_permissions"}
    }
    data.update(
        {
            "date_joined_0": staff.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": staff.date_joined.strftime("%H:%M:%S"),
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(staff.pk),
            "memberships-0-role": Role.STAFF,
            "memberships-0-centre": str(membership.centre_id),
            "memberships-1-user": str(staff.pk),
            "memberships-1-role": Role.COMMITTEE,
            "memberships-1-centre": str(centre_b.pk),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert staff.memberships.get(centre=centre_b).role == Role.COMMITTEE
    assert staff.memberships.get(centre=membership.centre).history.count() == 1


def test_it_refuses_a_province_role_without_a_province_in_the_membership_admin(
    admin_client, rows, staff
):
    response = admin_client.post(
        reverse("admin:centres_membership_add"), {"user": staff.pk, "role": Role.PROVINCE}
    )

    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert staff.memberships.count() == 1


def test_it_finds_districts_for_the_centre_form_by_autocomplete(admin_client, rows):
    url = reverse("admin:autocomplete")
    params = {"app_label": "centres", "model_name": "centre", "field_name": "district"}

    nothing = admin_client.get(url, {**params, "term": "ไม่มีอำเภอนี้"})
    found = admin_client.get(url, {**params, "term": "เมือง"})

    assert json.loads(nothing.content)["results"] == []
    assert found.status_code == 200
    assert found["Content-Type"] == "application/json"
    assert [r["id"] for r in json.loads(found.content)["results"]] == ["4001", "5001"]


@pytest.mark.parametrize("persona", ["staff", "head", "province_officer"])
def test_it_sends_a_non_administrator_to_the_admin_login(client, request, rows, persona):
    client.force_login(request.getfixturevalue(persona))

    for url in (
        reverse("admin:index"),
        reverse("admin:centres_centre_changelist"),
        reverse("admin:autocomplete") + "?app_label=centres&model_name=centre"
        "&field_name=district&term=เมือง",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url


@pytest.mark.parametrize("model", ["centre", "membership"])
def test_it_lists_many_rows_in_the_admin_in_a_fixed_number_of_queries(
    admin_client, centre_a, django_assert_max_num_queries, model
):
    province = centre_a.district.province
    for number in range(1, 61):
        centre = CentreFactory(district=DistrictFactory(code=f"50{number:02d}", province=province))
        MembershipFactory(centre=centre, role=Role.STAFF)

    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse(f"admin:centres_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 60
