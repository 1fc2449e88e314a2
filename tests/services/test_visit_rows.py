"""A visit's row on the visit list (``{% visit_row %}``): what a user reads on it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from services.models import VisitKind, VisitStatus
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.services.factories import VisitFactory

pytestmark = pytest.mark.date_sensitive

VISITS = reverse("services:visit-list")


def row_of(html: str, title: str) -> str:
    """The row (an ``<li class="list-group-item">``) that holds ``title``."""
    rows = re.findall(r'<li class="list-group-item py-3">.*?</li>', html, re.S)
    found = [row for row in rows if title in row]
    assert len(found) == 1, rows
    return re.sub(r"\s+", " ", found[0])


@pytest.fixture
def outreach(centre_a, staff):
    sriphum = SubdistrictFactory(code="500101", district=centre_a.district, name_th="ศรีภูมิ")
    visit = VisitFactory(
        centre=centre_a,
        created_by=staff,
        kind=VisitKind.OUTREACH,
        status=VisitStatus.PLANNED,
        is_urgent=True,
        title='ออกหน่วย <script>alert("x")</script>',
        planned_date=date(2026, 12, 10),
    )
    visit.villages.add(
        VillageFactory(subdistrict=sriphum, number=3, name="บ้านป่าแดด"),
        VillageFactory(subdistrict=sriphum, number=5, name="บ้านดอน"),
    )
    return visit


def test_a_row_shows_the_visit_as_staff_read_it(client, staff, outreach):
    client.force_login(staff)
    row = row_of(client.get(VISITS, {"when": "all"}).content.decode(), "ออกหน่วย")

    assert f'href="{outreach.get_absolute_url()}"' in row
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row and "<script>" not in row
    assert '<span class="badge text-bg-danger">เร่งด่วน</span>' in row
    places = "หมู่ที่ 3 บ้านป่าแดด ศรีภูมิ, หมู่ที่ 5 บ้านดอน ศรีภูมิ"
    assert f"ออกให้บริการเคลื่อนที่ในหมู่บ้าน · {places}</div>" in row
    assert outreach.centre.name in row
    assert '<div class="text-nowrap">10 ธ.ค. 2569</div>' in row
    assert f'<span class="badge {VisitStatus.PLANNED.badge}">' in row


def test_a_row_without_villages_or_urgency_says_neither(client, staff, centre_a):
    VisitFactory(centre=centre_a, created_by=staff, kind=VisitKind.ONSITE, title="บริการที่ศูนย์")
    client.force_login(staff)
    row = row_of(client.get(VISITS, {"when": "all"}).content.decode(), "บริการที่ศูนย์")

    assert '<div class="small text-body-secondary">ให้บริการ ณ ศูนย์ฯ</div>' in row
    assert "text-bg-danger" not in row
