"""Loading the official DOPA geography shipped in the ``geothai`` package."""

from dataclasses import dataclass

import geothai
from django.db import transaction

from centres.models import Centre, District, Province, Subdistrict


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0


def _sync(model, rows: list[dict], fields: list[str]) -> LoadResult:
    """Create missing rows and update changed ones, in bulk; unchanged rows cost nothing."""
    existing = model.objects.in_bulk()
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row["code"])
        if current is None:
            to_create.append(model(**row))
        elif any(getattr(current, f) != row[f] for f in fields):
            for f in fields:
                setattr(current, f, row[f])
            to_update.append(current)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=1000)
    return LoadResult(created=len(to_create), updated=len(to_update))


@transaction.atomic
def load_geography() -> dict[str, LoadResult]:
    """Fill provinces, districts and subdistricts from geothai; a second run changes nothing."""
    official_provinces = geothai.provinces()
    official_districts = [d for p in official_provinces for d in geothai.districts(p.code)]
    provinces = [
        {"code": p.code, "name_th": p.name_th, "name_en": p.name_en} for p in official_provinces
    ]
    districts = [
        {"code": d.code, "name_th": d.name_th, "name_en": d.name_en, "province_id": d.province_code}
        for d in official_districts
    ]
    subdistricts = [
        {
            "code": s.code,
            "name_th": s.name_th,
            "name_en": s.name_en,
            "district_id": s.district_code,
            "postcodes": " ".join(s.postal_codes),
        }
        for d in official_districts
        for s in geothai.subdistricts(d.code)
    ]
    return {
        "provinces": _sync(Province, provinces, ["name_th", "name_en"]),
        "districts": _sync(District, districts, ["name_th", "name_en", "province_id"]),
        "subdistricts": _sync(
            Subdistrict, subdistricts, ["name_th", "name_en", "district_id", "postcodes"]
        ),
    }


@transaction.atomic
def create_missing_centres(*, province_code: str | None = None) -> list[Centre]:
    """One centre for every district that has none yet, named after the district."""
    districts = District.objects.filter(centre__isnull=True)
    if province_code:
        districts = districts.filter(province_id=province_code)
    centres = [Centre(district=d, name=Centre.default_name(d)) for d in districts]
    return Centre.objects.bulk_create(centres, batch_size=500)
