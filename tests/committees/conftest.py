"""Committee personas at centre A: a secretary and members with logins, sitting today."""

import pytest

from committees.actions import sync_access
from committees.models import Position
from tests.centres.factories import UserFactory
from tests.committees.factories import CommitteeMemberFactory


def sitting_member(centre, username: str, position: str = Position.MEMBER, **fields):
    member = CommitteeMemberFactory(
        centre=centre, user=UserFactory(username=username), position=position, **fields
    )
    sync_access(centre)
    return member


@pytest.fixture
def secretary(centre_a):
    return sitting_member(centre_a, "secretary_a", Position.SECRETARY)


@pytest.fixture
def member_1(centre_a):
    return sitting_member(centre_a, "member_1")


@pytest.fixture
def member_2(centre_a):
    return sitting_member(centre_a, "member_2")
