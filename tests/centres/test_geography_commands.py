"""Loading the official geography, creating the district centres, and the village rules."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from centres.models import Centre, District, Province, Subdistrict, Village
from tests.centres.factories import SubdistrictFactory, VillageFactory


def _run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def _counts() -> tuple[int, int, int]:
    return Province.objects.count(), District.objects.count(), Subdistrict.objects.count()


@pytest.fixture
def geography(db):
    _run("load_geography")


# load_geography


def test_it_loads_every_province_district_and_subdistrict(db):
    assert _counts() == (0, 0, 0)

    output = _run("load_geography")

    assert _counts() == (77, 928, 7436)
    assert "provinces: 77 created, 0 updated" in output
    assert "districts: 928 created, 0 updated" in output
    assert "subdistricts: 7436 created, 0 updated" in output


def test_it_loads_the_official_codes_and_names(geography):
    chiang_mai = Province.objects.get(code="50")
    assert (chiang_mai.name_th, chiang_mai.name_en) == ("เชียงใหม่", "Chiang Mai")
    mueang = District.objects.get(code="5001")
    assert (mueang.name_th, mueang.province_id) == ("เมืองเชียงใหม่", "50")
    si_phum = Subdistrict.objects.get(code="500101")
    assert (si_phum.name_th, si_phum.district_id) == ("ศรีภูมิ", "5001")
    assert si_phum.postcode_list == ["50200"]
    assert Province.objects.get(code="10").name_th == "กรุงเทพมหานคร"
    assert District.objects.get(code="1001").name_th == "เขตพระนคร"


def test_it_counts_878_districts_and_50_bangkok_khet(geography):
    assert District.objects.filter(province_id="10").count() == 50
    assert District.objects.exclude(province_id="10").count() == 878


def test_it_changes_nothing_on_a_second_run(geography):
    output = _run("load_geography")

    assert _counts() == (77, 928, 7436)
    for level in ("provinces", "districts", "subdistricts"):
        assert f"{level}: 0 created, 0 updated" in output


def test_it_restores_a_changed_name_and_a_deleted_subdistrict_on_a_rerun(geography):
    District.objects.filter(code="5001").update(name_th="ชื่อผิด", name_en="Wrong")
    Subdistrict.objects.filter(code="500101").delete()

    output = _run("load_geography")

    mueang = District.objects.get(code="5001")
    assert (mueang.name_th, mueang.name_en) == ("เมืองเชียงใหม่", "Mueang Chiang Mai")
    assert Subdistrict.objects.get(code="500101").name_th == "ศรีภูมิ"
    assert "districts: 0 created, 1 updated" in output
    assert "subdistricts: 1 created, 0 updated" in output


# create_centres


def test_it_refuses_an_unknown_province_code(geography):
    with pytest.raises(CommandError, match="'99'"):
        _run("create_centres", province="99")

    assert not Centre.objects.exists()


def test_it_creates_one_centre_per_district_of_a_province(geography):
    output = _run("create_centres", province="50")

    districts_of_50 = District.objects.filter(province_id="50")
    assert Centre.objects.count() == districts_of_50.count() == 25
    assert set(Centre.objects.values_list("district_id", flat=True)) == set(
        districts_of_50.values_list("code", flat=True)
    )
    assert output.strip() == "25 centres created"
    assert (
        Centre.objects.get(district_id="5001").name == "ศูนย์บริการส่งเสริมเศรษฐกิจฐานรากอำเภอเมืองเชียงใหม่"
    )


def test_it_names_a_bangkok_centre_after_its_khet(geography):
    _run("create_centres", province="10")

    assert Centre.objects.get(district_id="1001").name == "ศูนย์บริการส่งเสริมเศรษฐกิจฐานรากเขตพระนคร"


def test_it_creates_no_centre_twice(geography):
    _run("create_centres", province="50")
    Centre.objects.filter(district_id="5001").update(name="ชื่อที่ผู้ดูแลแก้")

    output = _run("create_centres", province="50")

    assert output.strip() == "0 centres created"
    assert Centre.objects.count() == 25
    assert Centre.objects.get(district_id="5001").name == "ชื่อที่ผู้ดูแลแก้"


def test_it_creates_a_centre_for_every_district_without_a_province(geography):
    _run("create_centres", province="50")

    output = _run("create_centres")

    assert output.strip() == "903 centres created"
    assert Centre.objects.count() == 928


def test_the_database_allows_one_centre_per_district(geography):
    Centre.objects.create(district_id="5001", name="ศูนย์ฯ")

    with pytest.raises(IntegrityError), transaction.atomic():
        Centre.objects.create(district_id="5001", name="ศูนย์ฯ ซ้ำ")

    assert Centre.objects.filter(district_id="5001").count() == 1


# Villages


@pytest.fixture
def si_phum(db):
    return SubdistrictFactory(code="500101", name_th="ศรีภูมิ")


def test_the_database_allows_one_village_per_number_in_a_subdistrict(si_phum):
    Village.objects.create(subdistrict=si_phum, number=6)

    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(subdistrict=si_phum, number=6, name="ซ้ำ")

    assert Village.objects.filter(subdistrict=si_phum).count() == 1


def test_it_lets_two_subdistricts_each_have_the_same_village_number(si_phum):
    other = SubdistrictFactory(code="500102", district=si_phum.district)

    VillageFactory(subdistrict=si_phum, number=6)
    VillageFactory(subdistrict=other, number=6)

    assert Village.objects.filter(number=6).count() == 2


@pytest.mark.parametrize("number", [0, 100])
def test_the_database_rejects_a_village_number_outside_1_to_99(si_phum, number):
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(subdistrict=si_phum, number=number)

    assert not Village.objects.exists()


@pytest.mark.parametrize("number", [1, 99])
def test_the_database_accepts_village_numbers_1_to_99(si_phum, number):
    Village.objects.create(subdistrict=si_phum, number=number)

    assert Village.objects.get().number == number


def test_it_codes_a_village_as_its_subdistrict_and_two_digits(si_phum):
    assert Village(subdistrict=si_phum, number=6).code == "50010106"
    assert Village(subdistrict=si_phum, number=21).code == "50010121"
