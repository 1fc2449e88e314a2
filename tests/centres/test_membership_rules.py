"""A membership links a user to a centre (centre roles) or to a province (provincial officer)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centres.models import Membership, Role
from tests.centres.factories import MembershipFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def province(centre_a):
    return centre_a.district.province


def _error_fields(membership: Membership) -> set[str]:
    with pytest.raises(ValidationError) as raised:
        membership.clean()
    return set(raised.value.message_dict)


@pytest.mark.parametrize("role", [Role.STAFF, Role.HEAD, Role.COMMITTEE])
def test_it_rejects_a_centre_role_without_a_centre(user, role):
    membership = Membership(user=user, role=role)

    assert _error_fields(membership) == {"centre"}


def test_it_rejects_a_province_role_without_a_province(user):
    membership = Membership(user=user, role=Role.PROVINCE)

    assert _error_fields(membership) == {"province"}


def test_it_rejects_a_centre_role_with_a_province(user, centre_a, province):
    membership = Membership(user=user, role=Role.STAFF, centre=centre_a, province=province)

    assert _error_fields(membership) == {"province"}


def test_it_rejects_a_province_role_with_a_centre(user, centre_a, province):
    membership = Membership(user=user, role=Role.PROVINCE, centre=centre_a, province=province)

    assert _error_fields(membership) == {"centre"}


def test_it_accepts_a_centre_role_with_a_centre_and_a_province_role_with_a_province(
    user, centre_a, province
):
    Membership(user=user, role=Role.HEAD, centre=centre_a).clean()
    Membership(user=user, role=Role.PROVINCE, province=province).clean()


@pytest.mark.parametrize(
    ("role", "has_centre", "has_province"),
    [
        pytest.param(Role.STAFF, False, False, id="centre role without a centre"),
        pytest.param(Role.STAFF, True, True, id="centre role with a province"),
        pytest.param(Role.PROVINCE, False, False, id="province role without a province"),
        pytest.param(Role.PROVINCE, True, True, id="province role with a centre"),
        pytest.param("janitor", True, False, id="unknown role"),
    ],
)
def test_the_database_rejects_a_role_that_does_not_match_its_place(
    user, centre_a, province, role, has_centre, has_province
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user,
            role=role,
            centre=centre_a if has_centre else None,
            province=province if has_province else None,
        )

    assert not Membership.objects.filter(user=user).exists()


def test_the_database_accepts_a_role_that_matches_its_place(user, centre_a, province):
    Membership.objects.create(user=user, role=Role.STAFF, centre=centre_a)
    Membership.objects.create(user=user, role=Role.PROVINCE, province=province)

    assert Membership.objects.filter(user=user).count() == 2


def test_the_database_allows_one_membership_per_user_per_centre(user, centre_a):
    MembershipFactory(user=user, centre=centre_a, role=Role.STAFF)

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=user, centre=centre_a, role=Role.HEAD)

    assert Membership.objects.get(user=user).role == Role.STAFF


def test_the_database_allows_one_membership_per_user_per_province(user, province):
    MembershipFactory(user=user, centre=None, province=province, role=Role.PROVINCE)

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=user, centre=None, province=province, role=Role.PROVINCE)

    assert Membership.objects.filter(user=user).count() == 1


def test_it_lets_a_user_hold_memberships_at_several_centres(user, centre_a, centre_b):
    MembershipFactory(user=user, centre=centre_a, role=Role.STAFF)
    MembershipFactory(user=user, centre=centre_b, role=Role.HEAD)

    assert Membership.objects.filter(user=user).count() == 2


def test_it_lets_several_users_share_a_centre_and_a_province(centre_a, province):
    for _ in range(2):
        MembershipFactory(centre=centre_a, role=Role.STAFF)
        MembershipFactory(centre=None, province=province, role=Role.PROVINCE)

    assert centre_a.memberships.count() == 2
    assert province.memberships.count() == 2


def test_it_writes_history_when_a_membership_is_created_and_changed(user, centre_a):
    membership = MembershipFactory(user=user, centre=centre_a, role=Role.STAFF)

    assert membership.history.count() == 1
    assert membership.history.get().history_type == "+"

    membership.role = Role.HEAD
    membership.save()

    assert membership.history.count() == 2
    latest = membership.history.latest()
    assert latest.history_type == "~"
    assert latest.role == Role.HEAD
    assert membership.history.earliest().role == Role.STAFF
