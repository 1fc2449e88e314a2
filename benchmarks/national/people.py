"""Who works at each centre: the demo users at the large centre and their province, and
generated heads, staff and committee members elsewhere (``auth_user``, ``centres_membership``)."""

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from benchmarks.national.copy import CopyWriter
from benchmarks.national.names import FEMALE_NAMES, MALE_NAMES, surnames
from benchmarks.national.plan import CentrePlan, Span
from centres.demo import DEMO_USERS, seed_users
from centres.models import WRITE_ROLES, Centre, Membership, Province, Role

GENERATED_PREFIX = "nat-"  # the usernames of generated users: a re-run removes exactly these
GENERATED_LIKE = GENERATED_PREFIX + "%"
USER_COLUMNS = (
    "password",
    "last_login",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
)
MEMBERSHIP_COLUMNS = ("user_id", "role", "centre_id", "province_id", "created_at")


@dataclass
class Team:
    head: int  # user ids
    workers: list[int]  # staff who log and follow requests (the head too)
    committee: list[int] = field(default_factory=list)


def attach_demo_users() -> bool:
    """The demo users (``centres.demo``) at 5001, 4001 and province 50, when those exist."""
    centres = {d.place for d in DEMO_USERS if d.role not in ("admin", Role.PROVINCE)}
    provinces = {d.place for d in DEMO_USERS if d.role == Role.PROVINCE}
    found = Centre.objects.filter(district_id__in=centres).count() == len(centres)
    if not found or Province.objects.filter(code__in=provinces).count() != len(provinces):
        return False
    seed_users()
    return True


def existing_teams() -> dict[int, Team]:
    """The teams already there (the demo users): centre id → team."""
    teams: dict[int, Team] = {}
    rows = Membership.objects.filter(centre__isnull=False).values_list(
        "centre_id", "user_id", "role"
    )
    for centre_id, user_id, role in rows.order_by("role", "user_id"):
        team = teams.setdefault(centre_id, Team(head=0, workers=[]))
        if role == Role.HEAD and not team.head:
            team.head = user_id
        if role in WRITE_ROLES:
            team.workers.append(user_id)
        elif role == Role.COMMITTEE:
            team.committee.append(user_id)
    return teams


class PeopleWriter:
    def __init__(self, writer: CopyWriter, span: Span) -> None:
        self.writer = writer
        self.span = span
        self.users = writer.open("auth_user", USER_COLUMNS)
        self.memberships = writer.open("centres_membership", MEMBERSHIP_COLUMNS)
        self.existing = existing_teams()

    def team(self, rng: random.Random, plan: CentrePlan) -> Team:
        """The centre's team: who is there already, completed with generated users."""
        team = self.existing.get(plan.centre_id) or Team(head=0, workers=[])
        if not team.head:
            team.head = self._user(rng, plan, "head", Role.HEAD)
            team.workers.insert(0, team.head)
        for n in range(len(team.workers), plan.staff + 1):
            team.workers.append(self._user(rng, plan, f"s{n}", Role.STAFF))
        if not team.committee:
            team.committee.append(self._user(rng, plan, "c1", Role.COMMITTEE))
        return team

    def _user(self, rng: random.Random, plan: CentrePlan, suffix: str, role: str) -> int:
        user_id = self.users.new_id()
        female = rng.random() < 0.6
        username = f"{GENERATED_PREFIX}{plan.district}-{suffix}"
        joined: datetime = self.span.start
        self.writer.add(
            self.users,
            user_id,
            "!generated",  # an unusable password: generated users cannot log in
            None,
            False,
            username,
            rng.choice(FEMALE_NAMES if female else MALE_NAMES),
            rng.choice(surnames(plan.province)),
            f"{username}@example.go.th",
            False,
            True,
            joined,
        )
        self.writer.add(
            self.memberships, self.memberships.new_id(), user_id, role, plan.centre_id, None, joined
        )
        return user_id


def remove_generated_users() -> None:
    """In SQL: the ORM's cascade collector takes half a minute over a few thousand users."""
    users = "SELECT id FROM auth_user WHERE username LIKE %s"
    with connection.cursor() as cursor:
        for table in ("centres_membership", "auth_user_groups", "auth_user_user_permissions"):
            cursor.execute(f"DELETE FROM {table} WHERE user_id IN ({users})", [GENERATED_LIKE])
        cursor.execute("DELETE FROM auth_user WHERE username LIKE %s", [GENERATED_LIKE])
