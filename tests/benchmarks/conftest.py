"""A small country for the national data set: two provinces, three districts with a few
subdistricts each, and their centres (5001 and 4001 are where the demo users work)."""

import pytest
from django.db import connection

from tests.centres.factories import (
    CentreFactory,
    DistrictFactory,
    ProvinceFactory,
    SubdistrictFactory,
)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="seed_national writes with PostgreSQL's COPY; CI runs these on PostgreSQL",
)

DISTRICTS = {"5001": "เมืองเชียงใหม่", "5007": "แม่ริม", "4001": "เมืองขอนแก่น"}


def make_country() -> list:
    provinces = {
        "50": ProvinceFactory(code="50", name_th="เชียงใหม่", name_en="Chiang Mai"),
        "40": ProvinceFactory(code="40", name_th="ขอนแก่น", name_en="Khon Kaen"),
    }
    centres = []
    for code, name in DISTRICTS.items():
        district = DistrictFactory(code=code, province=provinces[code[:2]], name_th=name)
        for n in range(1, 4):
            SubdistrictFactory(code=f"{code}{n:02d}", district=district)
        centres.append(CentreFactory(district=district))
    return centres
