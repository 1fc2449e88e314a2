"""Who sees and changes which centre: Centre.objects.visible_to and the scoping helpers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from centres.models import Centre, Membership, Role
from centres.scoping import (
    can_see_national_ids,
    can_write,
    centre_scope,
    centre_workers,
    get_centre_for_user,
    is_head,
)
from tests.centres.factories import CentreFactory, DistrictFactory, MembershipFactory, UserFactory


@pytest.fixture
def centre_a2(centre_a):
    """A second centre in A's province (Mae Rim, Chiang Mai)."""
    district = DistrictFactory(code="5007", province=centre_a.district.province)
    return CentreFactory(district=district)


def _visible(user) -> set[str]:
    return set(Centre.objects.visible_to(user).values_list("district_id", flat=True))


@pytest.fixture
def all_centres(centre_a, centre_a2, centre_b):
    return centre_a, centre_a2, centre_b


@pytest.mark.parametrize("persona", ["staff", "head", "committee_member"])
def test_it_shows_a_centre_member_only_their_centre(request, all_centres, persona):
    user = request.getfixturevalue(persona)

    assert _visible(user) == {"5001"}


def test_it_shows_the_outsider_only_their_own_centre(all_centres, outsider):
    assert _visible(outsider) == {"4001"}


def test_it_shows_a_provincial_officer_every_centre_of_their_province(
    all_centres, province_officer
):
    assert _visible(province_officer) == {"5001", "5007"}


def test_it_shows_an_administrator_every_centre(all_centres, admin_user):
    assert _visible(admin_user) == {"5001", "5007", "4001"}


def test_it_shows_a_user_without_a_membership_no_centre(all_centres, nobody):
    assert _visible(nobody) == set()


def test_it_shows_an_anonymous_visitor_no_centre(all_centres):
    assert _visible(AnonymousUser()) == set()


def test_it_shows_an_inactive_user_no_centre(all_centres, staff, admin_user):
    for user in (staff, admin_user):
        user.is_active = False
        user.save()

    assert _visible(staff) == set()
    assert _visible(admin_user) == set()


def test_it_adds_a_centre_when_a_second_membership_is_given(all_centres, staff, centre_b):
    assert _visible(staff) == {"5001"}

    Membership.objects.create(user=staff, centre=centre_b, role="committee")

    # The centres are read once per request (cached on the user): the next request sees it.
    assert _visible(staff) == {"5001"}
    assert _visible(type(staff).objects.get(pk=staff.pk)) == {"5001", "4001"}


@pytest.mark.parametrize(
    ("persona", "writes", "heads", "sees_ids"),
    [
        ("outsider", False, False, False),
        ("nobody", False, False, False),
        ("committee_member", False, False, False),
        ("province_officer", False, False, False),
        ("staff", True, False, True),
        ("head", True, True, True),
        ("admin_user", True, True, False),
    ],
)
def test_it_decides_writing_heading_and_national_ids_per_persona(
    request, centre_a, persona, writes, heads, sees_ids
):
    user = request.getfixturevalue(persona)

    assert can_write(user, centre_a) is writes
    assert is_head(user, centre_a) is heads
    assert can_see_national_ids(user, centre_a) is sees_ids


def test_it_gives_the_staff_of_one_centre_no_rights_at_another(staff, head, centre_b):
    for user in (staff, head):
        assert not can_write(user, centre_b)
        assert not is_head(user, centre_b)
        assert not can_see_national_ids(user, centre_b)


def test_it_answers_404_to_a_user_who_may_not_see_the_centre(centre_a, outsider, nobody):
    for user in (outsider, nobody, AnonymousUser()):
        with pytest.raises(Http404):
            get_centre_for_user(user, centre_a.code)


def test_it_answers_404_for_a_code_that_is_no_centre(staff):
    with pytest.raises(Http404):
        get_centre_for_user(staff, "9999")


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_it_refuses_writing_to_a_read_only_member(request, centre_a, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        get_centre_for_user(user, centre_a.code, write=True)

    assert get_centre_for_user(user, centre_a.code) == centre_a


@pytest.mark.parametrize("persona", ["staff", "head", "admin_user"])
def test_it_hands_the_centre_to_a_user_who_may_write(request, centre_a, persona):
    user = request.getfixturevalue(persona)

    assert get_centre_for_user(user, centre_a.code, write=True) == centre_a


def test_it_scopes_a_model_with_a_centre_foreign_key_via_its_path(
    all_centres, staff, colleague, outsider, province_officer, admin_user
):
    def visible_memberships(user):
        rows = Membership.objects.filter(centre_scope(user, via="centre__"))
        return set(rows.values_list("user__username", flat=True))

    assert visible_memberships(outsider) == {"outsider_b"}
    assert visible_memberships(staff) == {"staff_a", "colleague_a"}
    # The officer's own membership has no centre, so it is not one of the centres' rows.
    assert visible_memberships(province_officer) == {"staff_a", "colleague_a"}
    assert visible_memberships(admin_user) == set(
        Membership.objects.values_list("user__username", flat=True)
    )


def test_centre_workers_are_the_active_staff_and_head_of_the_centre(
    centre_a, centre_b, staff, head, committee_member, outsider, province_officer
):
    gone = UserFactory(username="gone_a", is_active=False)
    MembershipFactory(user=gone, centre=centre_a, role=Role.STAFF)

    of_a = set(centre_workers(centre_a))
    of_both = set(centre_workers(Centre.objects.filter(pk__in=[centre_a.pk, centre_b.pk])))

    assert of_a == {staff, head}
    assert of_both == {staff, head, outsider}
