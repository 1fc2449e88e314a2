"""The workflow table: every allowed move works for the roles allowed, writes one StatusChange
and nothing else; every other move, and every move by a wrong role, is refused and changes
nothing."""

from itertools import product
from unittest import mock

import pytest
from django.db import transaction
from django.utils import translation

from services.actions import ActionRefused, create_request, move_by_resolution, transition_request
from services.models import Channel, ServiceRequest, Status, StatusChange, Urgency
from services.workflow import TRANSITIONS, find_move, moves_for_role
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import ServiceTypeFactory

S = Status
BOTH = {"staff", "head"}
HEAD = {"head"}
RESOLUTION = {"resolution"}  # only a committee resolution makes it (tests/committees)

# Written out by hand on purpose: a change to services.workflow.TRANSITIONS must change this too.
EXPECTED_MOVES = {
    (S.RECEIVED, S.IN_PROGRESS): BOTH,
    (S.RECEIVED, S.COMMITTEE): HEAD,
    (S.RECEIVED, S.CANCELLED): BOTH,
    (S.IN_PROGRESS, S.COMMITTEE): HEAD,
    (S.IN_PROGRESS, S.REFERRED): BOTH,
    (S.IN_PROGRESS, S.RESOLVED): BOTH,
    (S.IN_PROGRESS, S.CANCELLED): BOTH,
    (S.COMMITTEE, S.IN_PROGRESS): RESOLUTION,
    (S.COMMITTEE, S.REFERRED): RESOLUTION,
    (S.COMMITTEE, S.CANCELLED): BOTH,
    (S.REFERRED, S.IN_PROGRESS): BOTH,
    (S.REFERRED, S.RESOLVED): BOTH,
    (S.REFERRED, S.CANCELLED): BOTH,
    (S.RESOLVED, S.CLOSED): HEAD,
    (S.RESOLVED, S.IN_PROGRESS): HEAD,
    (S.CLOSED, S.IN_PROGRESS): HEAD,
}
NEEDS_NOTE = {(s, S.CANCELLED) for s in (S.RECEIVED, S.IN_PROGRESS, S.COMMITTEE, S.REFERRED)} | {
    (S.CLOSED, S.IN_PROGRESS)
}
NEEDS_OUTCOME = {(s, S.RESOLVED) for s in (S.IN_PROGRESS, S.REFERRED)}

# Persona fixtures (tests/conftest.py) acting in each workflow role at centre A.
ACTORS = {"staff": ["staff", "colleague"], "head": ["head", "admin_user"], "resolution": []}
NEVER_ALLOWED = ["committee_member", "province_officer", "outsider", "nobody"]

TABLE_MOVES = [(source, move.to) for source, moves in TRANSITIONS.items() for move in moves]


def _ids(pair) -> str:
    return f"{pair[0]}->{pair[1]}"


def _actor_cases(moves: dict) -> list:
    return [
        pytest.param(source, to, persona, id=f"{source}->{to}-{persona}")
        for (source, to), roles in moves.items()
        for role in sorted(roles)
        for persona in ACTORS[role]
    ]


def _table_as_dict() -> dict:
    return {
        (source, move.to): {str(role) for role in move.roles}
        for source, moves in TRANSITIONS.items()
        for move in moves
    }


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the portal's default language is Thai."""
    with translation.override("en"):
        yield


@pytest.fixture
def new_request(centre_a, staff):
    group = ClientGroupFactory(centre=centre_a)
    service_type = ServiceTypeFactory()

    def make(status: str = Status.RECEIVED, outcome: str = "") -> ServiceRequest:
        request = create_request(
            centre=centre_a,
            client=group,
            service_type=service_type,
            channel=Channel.ONSITE,
            urgency=Urgency.NORMAL,
            subject="ขอคำแนะนำการขอสินเชื่อ ธ.ก.ส. เพื่อซื้อเครื่องซีลสุญญากาศ",
            by=staff,
        )
        # Put it straight into the starting state: the moves that lead there are tested below.
        ServiceRequest.objects.filter(pk=request.pk).update(status=status, outcome=outcome)
        request.refresh_from_db()
        return request

    return make


def _state(request: ServiceRequest) -> tuple:
    fresh = ServiceRequest.objects.get(pk=request.pk)
    return fresh.status, fresh.version, fresh.history.count(), StatusChange.objects.count()


def _do(request, *, source: str, to: str, user) -> StatusChange:
    note = "ผู้ขอแจ้งยกเลิก ได้รับความช่วยเหลือจากหน่วยงานอื่นแล้ว" if (source, to) in NEEDS_NOTE else ""
    return transition_request(request, to=to, by=user, note=note)


# The table itself


def test_the_table_is_exactly_the_expected_one():
    assert _table_as_dict() == EXPECTED_MOVES


def test_the_moves_that_need_a_reason_or_an_outcome_are_the_expected_ones():
    assert {(s, m.to) for s, ms in TRANSITIONS.items() for m in ms if m.needs_note} == NEEDS_NOTE
    assert {
        (s, m.to) for s, ms in TRANSITIONS.items() for m in ms if m.needs_outcome
    } == NEEDS_OUTCOME


def test_every_status_has_a_row_and_a_cancelled_request_goes_nowhere():
    assert set(TRANSITIONS) == set(Status.values)
    assert TRANSITIONS[Status.CANCELLED] == ()


def test_moves_for_role_lists_only_that_roles_moves():
    assert [m.to for m in moves_for_role(S.RESOLVED, "staff")] == []
    assert [m.to for m in moves_for_role(S.RESOLVED, "head")] == [S.CLOSED, S.IN_PROGRESS]
    assert moves_for_role(S.RECEIVED, "committee") == []
    assert moves_for_role(S.RECEIVED, None) == []
    assert find_move(S.RECEIVED, S.CLOSED) is None


# Allowed moves


def _assert_move_works(request_factory, request, source, to, persona) -> None:
    user = request.getfixturevalue(persona)
    service_request = request_factory(source, outcome="ให้คำแนะนำและประสานแหล่งทุนแล้ว")
    status, version, history, changes = _state(service_request)

    change = _do(service_request, source=source, to=to, user=user)

    fresh = ServiceRequest.objects.get(pk=service_request.pk)
    assert (fresh.status, fresh.version) == (to, version + 1)
    assert service_request.status == to  # the caller's object sees the move too
    assert fresh.history.count() == history + 1
    assert StatusChange.objects.count() == changes + 1
    written = StatusChange.objects.get(pk=change.pk)
    assert (written.request_id, written.from_status, written.to_status) == (fresh.pk, source, to)
    assert written.changed_by == user
    assert written.note == change.note
    assert bool(written.note) == ((source, to) in NEEDS_NOTE)


@pytest.mark.parametrize(("source", "to", "persona"), _actor_cases(_table_as_dict()))
def test_every_move_in_the_table_works_for_its_roles(new_request, request, source, to, persona):
    _assert_move_works(new_request, request, source, to, persona)


@pytest.mark.parametrize(("source", "to", "persona"), _actor_cases(EXPECTED_MOVES))
def test_every_expected_move_works_for_its_roles(new_request, request, source, to, persona):
    _assert_move_works(new_request, request, source, to, persona)


def test_a_request_walks_the_whole_way_with_one_change_per_step(new_request, staff, head):
    service_request = new_request()
    transition_request(service_request, to=S.IN_PROGRESS, by=staff)
    transition_request(service_request, to=S.COMMITTEE, by=head)
    move_by_resolution(service_request, to=S.REFERRED, by=head, note="มติที่ประชุม: อนุมัติ")
    ServiceRequest.objects.filter(pk=service_request.pk).update(outcome="ได้รับสินเชื่อ 50,000 บาท")
    transition_request(service_request, to=S.RESOLVED, by=staff)
    transition_request(service_request, to=S.CLOSED, by=head)
    transition_request(service_request, to=S.IN_PROGRESS, by=head, note="ผู้ขอขอเงินเพิ่ม")

    steps = list(service_request.status_changes.values_list("from_status", "to_status"))
    assert steps == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.COMMITTEE),
        (S.COMMITTEE, S.REFERRED),
        (S.REFERRED, S.RESOLVED),
        (S.RESOLVED, S.CLOSED),
        (S.CLOSED, S.IN_PROGRESS),
    ]
    assert ServiceRequest.objects.get(pk=service_request.pk).version == 7


# Refused moves: nothing changes


def _assert_refused(service_request, *, to, user, note="", match=None) -> ActionRefused:
    before = _state(service_request)
    with pytest.raises(ActionRefused, match=match) as refused:
        transition_request(service_request, to=to, by=user, note=note)
    assert _state(service_request) == before
    assert service_request.status == before[0]
    return refused.value


NOT_IN_TABLE = [
    pytest.param(source, to, id=_ids((source, to)))
    for source, to in product(Status.values, Status.values)
    if (source, to) not in EXPECTED_MOVES
]


@pytest.mark.parametrize(("source", "to"), NOT_IN_TABLE)
@pytest.mark.parametrize("persona", ["head", "admin_user"])
def test_every_move_outside_the_table_is_refused_even_for_the_head(
    new_request, request, source, to, persona
):
    service_request = new_request(source, outcome="ดำเนินการแล้ว")
    _assert_refused(
        service_request, to=to, user=request.getfixturevalue(persona), note="เหตุผล", match="cannot"
    )


HEAD_ONLY_CASES = [
    pytest.param(source, to, persona, id=f"{source}->{to}-{persona}")
    for (source, to), roles in EXPECTED_MOVES.items()
    if roles == HEAD
    for persona in ("staff", "colleague")
]


@pytest.mark.parametrize(("source", "to", "persona"), HEAD_ONLY_CASES)
def test_staff_cannot_make_the_heads_moves(new_request, request, source, to, persona):
    service_request = new_request(source, outcome="ดำเนินการแล้ว")
    _assert_refused(
        service_request,
        to=to,
        user=request.getfixturevalue(persona),
        note="เหตุผล",
        match="centre head",
    )


OUTSIDER_CASES = [
    pytest.param(source, to, persona, id=f"{source}->{to}-{persona}")
    for (source, to) in EXPECTED_MOVES
    for persona in NEVER_ALLOWED
]


@pytest.mark.parametrize(("source", "to", "persona"), OUTSIDER_CASES)
def test_committee_province_outsiders_and_nobodies_make_no_move(
    new_request, request, source, to, persona
):
    service_request = new_request(source, outcome="ดำเนินการแล้ว")
    roles = EXPECTED_MOVES[(source, to)]
    match = {"head": "centre head", "resolution": "resolution"}.get(
        "".join(roles) if len(roles) == 1 else "", "centre's staff"
    )
    _assert_refused(
        service_request, to=to, user=request.getfixturevalue(persona), note="เหตุผล", match=match
    )


def test_it_refuses_a_staff_member_closing_a_resolved_request(new_request, staff):
    service_request = new_request(S.RESOLVED, outcome="อบรมแล้ว 25 คน")
    refused = _assert_refused(service_request, to=S.CLOSED, user=staff)
    assert "head" in str(refused)


def test_it_refuses_a_staff_member_reopening_a_closed_request(new_request, staff):
    service_request = new_request(S.CLOSED, outcome="อบรมแล้ว 25 คน")
    _assert_refused(service_request, to=S.IN_PROGRESS, user=staff, note="ผู้ขอร้องเรียน")


def test_it_refuses_an_unknown_status_with_a_clear_message(new_request, head):
    service_request = new_request()
    _assert_refused(service_request, to="archived", user=head, match="cannot")


# Reasons and outcomes


@pytest.mark.parametrize("source", [S.IN_PROGRESS, S.REFERRED])
@pytest.mark.parametrize("outcome", ["", "   \n"])
def test_it_refuses_resolving_without_an_outcome(new_request, head, source, outcome):
    service_request = new_request(source, outcome=outcome)
    _assert_refused(service_request, to=S.RESOLVED, user=head, match="outcome")


@pytest.mark.parametrize("source", [S.RECEIVED, S.IN_PROGRESS, S.COMMITTEE, S.REFERRED])
@pytest.mark.parametrize("note", ["", "   "])
def test_it_refuses_cancelling_without_a_reason(new_request, head, source, note):
    service_request = new_request(source)
    _assert_refused(service_request, to=S.CANCELLED, user=head, note=note, match="reason")


@pytest.mark.parametrize("note", ["", "  \t"])
def test_it_refuses_reopening_without_a_reason(new_request, head, note):
    service_request = new_request(S.CLOSED, outcome="ได้ตลาดใหม่")
    _assert_refused(service_request, to=S.IN_PROGRESS, user=head, note=note, match="reason")


def test_it_keeps_the_reason_given_for_cancelling(new_request, staff):
    service_request = new_request()
    change = transition_request(
        service_request, to=S.CANCELLED, by=staff, note="กลุ่มขอถอนเรื่อง ได้ทุนจาก อบต. แล้ว"
    )
    assert change.note == "กลุ่มขอถอนเรื่อง ได้ทุนจาก อบต. แล้ว"
    assert service_request.status_changes.last().note == change.note


# One transaction


def test_if_the_status_change_cannot_be_written_the_status_stays(new_request, staff):
    service_request = new_request()
    before = _state(service_request)
    broken = mock.patch.object(StatusChange.objects, "create", side_effect=RuntimeError("full"))
    with broken, pytest.raises(RuntimeError):
        transition_request(service_request, to=S.IN_PROGRESS, by=staff)
    assert _state(service_request) == before


def test_if_the_request_cannot_be_saved_the_status_change_is_rolled_back(new_request, staff):
    service_request = new_request()
    before = _state(service_request)
    broken = mock.patch.object(ServiceRequest, "save", side_effect=RuntimeError("lost"))
    with broken, pytest.raises(RuntimeError):
        transition_request(service_request, to=S.IN_PROGRESS, by=staff)
    assert _state(service_request) == before


def test_a_move_rolled_back_by_the_callers_transaction_leaves_no_trace(new_request, staff):
    service_request = new_request()
    before = _state(service_request)
    with pytest.raises(RuntimeError), transaction.atomic():
        transition_request(service_request, to=S.IN_PROGRESS, by=staff)
        raise RuntimeError("the view failed afterwards")
    assert _state(service_request) == before


def test_a_move_from_a_stale_object_uses_the_current_status(new_request, staff, colleague):
    """Two staff press a button on the same page: the second is judged on the saved status."""
    service_request = new_request()
    second_copy = ServiceRequest.objects.get(pk=service_request.pk)
    transition_request(service_request, to=S.CANCELLED, by=staff, note="ซ้ำกับเรื่องเดิม")
    before = _state(service_request)

    with pytest.raises(ActionRefused, match="cannot"):
        transition_request(second_copy, to=S.IN_PROGRESS, by=colleague)
    assert _state(service_request) == before == (S.CANCELLED, 2, 2, 2)
