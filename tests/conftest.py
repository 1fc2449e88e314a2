"""Shared personas: two centres in two provinces, and a user for every role.

- ``staff`` and ``colleague``: staff of centre A; ``head``: head of A;
- ``committee_member``: committee member of A;
- ``outsider``: staff of centre B (another province);
- ``province_officer``: provincial officer over A's province;
- ``admin_user``: a superuser (the administrators).
"""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from centres.models import Role
from tests.centres.factories import (
    CentreFactory,
    DistrictFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
)

PASSWORD = "secret-pass-123"

# The suite's clock: the whole run happens as if it began at this moment in Bangkok (the clock
# ticks on from there), so no test passes only in the month it was written. `--clock` moves
# it; CI runs the tests marked `date_sensitive` again at the fiscal-year, calendar-year and
# leap-day edges and a year ahead. Browser tests keep the real clock: Chromium's own clock
# would otherwise disagree with the server's about when a session cookie expires.
DEFAULT_CLOCK = "2026-11-26T10:00"
BANGKOK = ZoneInfo("Asia/Bangkok")


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=DEFAULT_CLOCK,
        metavar="YYYY-MM-DDTHH:MM",
        help=f"run the tests as if the run began at this moment, Bangkok time ({DEFAULT_CLOCK})",
    )


@pytest.fixture(scope="session", autouse=True)
def _clock(request):
    """Session-wide, so that module- and session-scoped data is made on the same clock."""
    moment = datetime.fromisoformat(request.config.getoption("clock")).replace(tzinfo=BANGKOK)
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _real_clock_for_the_browser(request):
    if not request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(time_machine.escape_hatch.datetime.datetime.now(BANGKOK), tick=True):
        yield


def pytest_configure(config):
    from django.conf import settings

    # The default hasher spends ~0.4 s per password on purpose; tests need no such strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests write in a transaction that a streaming replica never sees, so exports read the
    # primary even when CI gives a real replica; tests/portal/test_replica.py turns it on.
    settings.REPORTING_DATABASE = "default"


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
def _empty_cache():
    """Each test starts with an empty cache: the national figures one test read (kept a minute,
    as production keeps them) must not stand in for the next test's own."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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


def signs_in(client, username: str, password: str) -> bool:
    """Sign in through the login page. (client.login() cannot: django-axes needs the request
    that Django's test client does not pass to authenticate().)"""
    from django.urls import reverse

    client.logout()
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


# The demo data (seed_demo takes seconds): seeded once for each module that asks for it


def run_seed_demo(**options) -> str:
    """seed_demo as the local run calls it (forced: tests run with DEBUG off); its output."""
    out = StringIO()
    call_command("seed_demo", stdout=out, **{"force": True, **options})
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seeded once for the module, in a transaction rolled back after its last test."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        yield run_seed_demo()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_demo_database, db) -> str:
    """seed_demo's output; each test runs in its own savepoint inside the module's seeding."""
    return _demo_database
