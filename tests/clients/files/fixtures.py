"""Fixtures of the spreadsheet tests: uploads go to a temporary MEDIA_ROOT, and centre A's
district has two subdistricts (centre B's one)."""

import pytest

from tests.centres.factories import SubdistrictFactory, VillageFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def places(centre_a, centre_b):
    """500101 ศรีภูมิ (with หมู่ 3 already known) and 500102 พระสิงห์ in A; 400101 in B."""
    si_phum = SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )
    SubdistrictFactory(
        code="500102", district=centre_a.district, name_th="พระสิงห์", name_en="Phra Sing"
    )
    SubdistrictFactory(
        code="400101", district=centre_b.district, name_th="ในเมือง", name_en="Nai Mueang"
    )
    VillageFactory(subdistrict=si_phum, number=3, name="")
    return si_phum
