"""seed_demo: the demo centres and users of the local run, with their published password."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from centres.demo import CENTRE_DETAILS, DEMO_PASSWORD, DEMO_USERS
from centres.models import Centre, Membership, Role
from tests.conftest import run_seed_demo, signs_in

User = get_user_model()


def test_it_refuses_to_run_with_debug_off_unless_forced(db, settings):
    assert settings.DEBUG is False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()
    assert not Centre.objects.exists()


def test_it_runs_with_debug_on_without_force(seeded, settings):
    settings.DEBUG = True  # on the seeded database, so a quick second run: the check comes first

    call_command("seed_demo", stdout=StringIO())

    assert User.objects.count() == len(DEMO_USERS)


def test_it_creates_the_demo_users_with_the_published_password(client, seeded):
    assert set(User.objects.values_list("username", flat=True)) == {
        demo.username for demo in DEMO_USERS
    }
    for demo in DEMO_USERS:
        assert not signs_in(client, demo.username, "wrong-password")
        assert signs_in(client, demo.username, DEMO_PASSWORD), demo.username
        assert f"{demo.username:<10} / {DEMO_PASSWORD}" in seeded


def test_it_makes_only_the_demo_admin_an_administrator(seeded):
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == [
        "admin"
    ]
    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["admin"]
    assert not Membership.objects.filter(user__username="admin").exists()


def test_it_gives_each_demo_user_their_role(seeded):
    for demo in DEMO_USERS:
        if demo.role == "admin":
            continue
        membership = Membership.objects.get(user__username=demo.username)
        assert membership.role == demo.role, demo.username
        if demo.role == Role.PROVINCE:
            assert (membership.province_id, membership.centre_id) == (demo.place, None)
        else:
            assert (membership.centre.code, membership.province_id) == (demo.place, None)


def test_it_creates_the_centres_of_the_demo_provinces_with_their_details(seeded):
    assert Centre.objects.exclude(district__province_id__in=["50", "40"]).count() == 0
    assert Centre.objects.filter(district__province_id="50").count() == 25
    for code, details in CENTRE_DETAILS.items():
        centre = Centre.objects.select_related("district").get(district_id=code)
        assert centre.phone == details["phone"]
        # The address is that of the centre's own district office.
        assert f"อำเภอ{centre.district.name_th}" in centre.address, code


def test_it_creates_nothing_twice(seeded):
    counts = User.objects.count(), Membership.objects.count(), Centre.objects.count()
    User.objects.filter(username="staff").update(first_name="เปลี่ยนแล้ว")

    run_seed_demo()

    assert (User.objects.count(), Membership.objects.count(), Centre.objects.count()) == counts
    assert User.objects.get(username="staff").first_name == "สุดารัตน์"


def test_it_skips_a_second_run_when_the_demo_data_is_complete(
    seeded, django_assert_max_num_queries
):
    User.objects.filter(username="staff").update(password="changed")

    with django_assert_max_num_queries(8):  # a count or two per app, nothing written
        out = run_seed_demo()

    assert "already complete" in out
    assert f"{'staff':<10} / {DEMO_PASSWORD}" in out
    assert User.objects.get(username="staff").password == "changed"


def test_it_seeds_everything_again_with_full(client, seeded):
    User.objects.filter(username="staff").update(password="changed")

    call_command("seed_demo", force=True, full=True, stdout=StringIO())

    assert signs_in(client, "staff", DEMO_PASSWORD)


def test_it_seeds_again_when_a_demo_user_lost_their_role(seeded):
    Membership.objects.filter(user__username="head").update(role=Role.STAFF)

    out = run_seed_demo()

    assert "already complete" not in out
    assert Membership.objects.get(user__username="head").role == Role.HEAD
