"""Shared personas: two centres in two provinces, and a user for every role.

- ``staff`` and ``colleague``: staff of centre A; ``head``: head of A;
- ``committee_member``: committee member of A;
- ``outsider``: staff of centre B (another province);
- ``province_officer``: provincial officer over A's province;
- ``admin_user``: a superuser (the administrators).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from centres.models import Role
from tests.centres.factories import (
    CentreFactory,
    DistrictFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)

PASSWORD = "secret-pass-123"

# The suite's clock: every test runs as if it were this moment in Bangkok, so that no test
# passes only in the month it was written. `--clock` moves it; given several times, the tests
# marked `date_sensitive` run once at each moment (CI: the fiscal-year, calendar-year and
# leap-day edges, and a year ahead). Browser tests keep the real clock: Chromium's own clock
# would otherwise disagree with the server's about when a session cookie expires.
DEFAULT_CLOCK = "2026-11-26T10:00"
BANGKOK = ZoneInfo("Asia/Bangkok")


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        action="append",
        default=[],
        metavar="YYYY-MM-DDTHH:MM",
        help="run the tests at this moment (Bangkok time) instead of " + DEFAULT_CLOCK,
    )


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BANGKOK)


def pytest_generate_tests(metafunc):
    clocks = metafunc.config.getoption("clock")
    if len(clocks) > 1 and metafunc.definition.get_closest_marker("date_sensitive"):
        metafunc.parametrize("clock_moment", [_moment(c) for c in clocks], ids=clocks)


@pytest.fixture
def clock_moment(request) -> datetime:
    clocks = request.config.getoption("clock")
    return _moment(clocks[0] if clocks else DEFAULT_CLOCK)


@pytest.fixture(autouse=True)
def _clock(request, clock_moment):
    """Travel to the suite's moment; the clock ticks on from there."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(clock_moment, tick=True):
        yield


def pytest_configure(config):
    from django.conf import settings

    # The default hasher spends ~0.4 s per password on purpose; tests need no such strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests on a transactional database (the browser tests' live_server) last, as
    Django's own runner does: they empty the database when they end, rows that data migrations
    seeded (service types, product standards) included."""

    def transactional(item) -> bool:
        names = getattr(item, "fixturenames", ())
        return "live_server" in names or "transactional_db" in names

    items.sort(key=transactional)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploads and demo photos written by tests never land in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def centre_a(db):
    province = ProvinceFactory(code="50", name_th="เชียงใหม่", name_en="Chiang Mai")
    district = DistrictFactory(
        code="5001", province=province, name_th="เมืองเชียงใหม่", name_en="Mueang Chiang Mai"
    )
    return CentreFactory(district=district)


@pytest.fixture
def centre_b(db):
    province = ProvinceFactory(code="40", name_th="ขอนแก่น", name_en="Khon Kaen")
    district = DistrictFactory(
        code="4001", province=province, name_th="เมืองขอนแก่น", name_en="Mueang Khon Kaen"
    )
    return CentreFactory(district=district)


def _member(username: str, centre, role: str):
    user = UserFactory(username=username)
    MembershipFactory(user=user, centre=centre, role=role)
    return user


@pytest.fixture
def staff(centre_a):
    return _member("staff_a", centre_a, Role.STAFF)


@pytest.fixture
def colleague(centre_a):
    return _member("colleague_a", centre_a, Role.STAFF)


@pytest.fixture
def head(centre_a):
    return _member("head_a", centre_a, Role.HEAD)


@pytest.fixture
def committee_member(centre_a):
    return _member("committee_a", centre_a, Role.COMMITTEE)


@pytest.fixture
def outsider(centre_b):
    return _member("outsider_b", centre_b, Role.STAFF)


@pytest.fixture
def province_officer(centre_a):
    user = UserFactory(username="province_50")
    MembershipFactory(
        user=user, centre=None, province=centre_a.district.province, role=Role.PROVINCE
    )
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def nobody(db):
    """A user with an account but no membership: sees nothing."""
    return UserFactory(username="nobody")
