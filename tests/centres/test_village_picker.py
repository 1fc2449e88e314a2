"""The village picker: a subdistrict found by typing, a village number, villages made as needed."""

import pytest
from django import forms
from django.urls import reverse

from centres.forms import SubdistrictField, VillageFormMixin
from centres.models import Village
from tests.centres.factories import DistrictFactory, SubdistrictFactory, VillageFactory


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


def test_it_refuses_a_subdistrict_nobody_can_find(sriphum):
    with pytest.raises(forms.ValidationError) as error:
        SubdistrictField().clean("ไม่มีตำบลนี้")

    assert error.value.code == "unknown"


def test_it_asks_to_choose_when_two_subdistricts_share_a_name(sriphum):
    SubdistrictFactory(code="400101", district=DistrictFactory(code="4001"), name_th="ศรีภูมิ")

    with pytest.raises(forms.ValidationError) as error:
        SubdistrictField().clean("ศรีภูมิ")

    assert error.value.code == "ambiguous"


@pytest.mark.parametrize(
    "typed",
    ["500101", "500101 ศรีภูมิ · เมืองเชียงใหม่ · เชียงใหม่", "ตำบลศรีภูมิ", "si phum"],
)
def test_it_finds_a_subdistrict_by_code_suggestion_or_name(sriphum, typed):
    assert SubdistrictField().clean(typed) == sriphum


def test_it_creates_a_village_the_first_time_and_reuses_it_after(sriphum):
    data = {"subdistrict": "500101", "village_number": "6", "village_name": "บ้านป่าแดด"}

    first = _chosen_village(data)
    second = _chosen_village({**data, "village_name": ""})

    assert first == second
    assert Village.objects.filter(subdistrict=sriphum).count() == 1
    assert first.code == "50010106"
    assert first.name == "บ้านป่าแดด"


def test_it_fills_in_the_name_of_a_known_village_that_had_none(sriphum):
    VillageFactory(subdistrict=sriphum, number=3, name="")

    village = _chosen_village(
        {"subdistrict": "500101", "village_number": "3", "village_name": "บ้านหนองหอย"}
    )

    assert village.name == "บ้านหนองหอย"


def test_it_refuses_a_village_number_out_of_range(sriphum):
    form = _form({"subdistrict": "500101", "village_number": "120"})

    assert not form.is_valid()
    assert "village_number" in form.errors


def _form(data):
    class Form(VillageFormMixin, forms.Form):
        instance = type("Unsaved", (), {"village_id": None})()

    return Form(data)


def _chosen_village(data):
    form = _form(data)
    assert form.is_valid(), form.errors
    return form.chosen_village()


def test_the_search_needs_a_login(client, sriphum):
    response = client.get(reverse("centres:subdistrict-search"), {"q": "ศรี"})

    assert response.status_code == 302


def test_the_search_suggests_subdistricts_by_name_and_code(client, staff, sriphum):
    client.force_login(staff)

    by_name = client.get(reverse("centres:subdistrict-search"), {"q": "ศรีภู"}).json()
    by_code = client.get(reverse("centres:subdistrict-search"), {"q": "5001"}).json()
    too_short = client.get(reverse("centres:subdistrict-search"), {"q": "ศ"}).json()

    assert by_name["results"][0].startswith("500101 ศรีภูมิ")
    assert by_code["results"] == by_name["results"]
    assert too_short["results"] == []
