"""Where a user works now, and as what: the one home of these answers (centres.scoping)."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from centres.models import Role
from centres.scoping import (
    CURRENT_CENTRE_KEY,
    acting_role,
    current_centre_code,
    has_working_centre,
    headed_centre_ids,
    remember_centre,
    sees_many_centres,
    working_centre,
    writable_centre_ids,
)
from tests.centres.factories import MembershipFactory


def _request(user, code: str | None = None):
    request = RequestFactory().get("/")
    request.user, request.session = user, SessionStore()
    if code:
        request.session[CURRENT_CENTRE_KEY] = code
    return request


def test_it_works_at_the_remembered_centre_when_the_user_may_write_there(staff, centre_a, centre_b):
    MembershipFactory(user=staff, centre=centre_b, role=Role.STAFF)
    assert working_centre(_request(staff, centre_a.code)) == centre_a
    assert working_centre(_request(staff)) == centre_b  # else the first by code: 4001


def test_it_ignores_a_remembered_centre_where_the_user_may_only_read(staff, centre_a, centre_b):
    MembershipFactory(user=staff, centre=centre_b, role=Role.COMMITTEE)
    assert working_centre(_request(staff, centre_b.code)) == centre_a


@pytest.mark.parametrize("persona", ["committee_member", "province_officer", "nobody"])
def test_it_refuses_a_working_centre_to_those_who_write_nowhere(request, centre_a, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        working_centre(_request(user, centre_a.code))
    assert not has_working_centre(_request(user, centre_a.code))


def test_it_remembers_the_centre_in_the_session(staff, centre_a):
    request = _request(staff)
    assert current_centre_code(request) is None
    remember_centre(request, centre_a)
    assert current_centre_code(request) == request.session[CURRENT_CENTRE_KEY] == "5001"


def test_it_lets_administrators_act_as_the_head(admin_user, staff, head, centre_a):
    assert acting_role(admin_user, centre_a) == Role.HEAD
    assert acting_role(staff, centre_a) == Role.STAFF
    assert headed_centre_ids(head) == [centre_a.pk]
    assert headed_centre_ids(staff) == []
    assert writable_centre_ids(staff) == [centre_a.pk]


def test_it_names_centres_on_lists_only_for_users_of_several(
    staff, province_officer, admin_user, centre_b
):
    assert not sees_many_centres(staff)
    assert sees_many_centres(province_officer) and sees_many_centres(admin_user)
    MembershipFactory(user=staff, centre=centre_b, role=Role.STAFF)
    del staff._centre_roles  # a new membership: read the roles again
    assert sees_many_centres(staff)


@pytest.mark.parametrize(
    "persona", ["staff", "head", "committee_member", "province_officer", "nobody", "admin_user"]
)
@pytest.mark.parametrize("chosen", [None, "5001", "9999"])
def test_it_offers_new_work_exactly_where_working_centre_finds_a_centre(
    request, centre_a, persona, chosen
):
    user = request.getfixturevalue(persona)
    try:
        working_centre(_request(user, chosen))
        expected = True
    except PermissionDenied:
        expected = False
    assert has_working_centre(_request(user, chosen)) is expected
    if persona == "admin_user":  # a member of no centre: only the chosen one counts
        assert expected is (chosen == "5001")
