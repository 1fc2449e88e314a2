"""The workflow of a service request: the one table of allowed moves and who may make them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from centres.models import Role
from services.models import OPEN_STATUSES, Status

STAFF_OR_HEAD = frozenset({Role.STAFF, Role.HEAD})
HEAD_ONLY = frozenset({Role.HEAD})
# Not a user's role: the moves a committee resolution makes (committees.actions records it at a
# meeting with quorum or by circulation, through services.actions.move_by_resolution). No user
# holds it, so no page offers these moves and nobody decides a committee case alone.
BY_RESOLUTION = "resolution"
RESOLUTION_ONLY = frozenset({BY_RESOLUTION})


@dataclass(frozen=True)
class Move:
    to: str
    roles: frozenset
    label: object  # a lazy translated string: the button's text, saying what it does
    needs_note: bool = False  # a reason must be given
    needs_outcome: bool = False  # the request's outcome must be recorded first
    # The URL name of the form that makes this move with more data (it gets the request's pk):
    # putting a request before the committee asks its question and summary (committees app).
    form_url: str = ""


_PUT_BEFORE = "committees:put-before"  # a URL name: services imports nothing of committees

# (from status) → the moves allowed from it. Cancelling is possible from every open status.
_CANCEL = Move(Status.CANCELLED, STAFF_OR_HEAD, _("Cancel the request"), needs_note=True)
TRANSITIONS: dict[str, tuple[Move, ...]] = {
    Status.RECEIVED: (
        Move(Status.IN_PROGRESS, STAFF_OR_HEAD, _("Start work")),
        Move(Status.COMMITTEE, HEAD_ONLY, _("Put before the committee"), form_url=_PUT_BEFORE),
        _CANCEL,
    ),
    Status.IN_PROGRESS: (
        Move(Status.COMMITTEE, HEAD_ONLY, _("Put before the committee"), form_url=_PUT_BEFORE),
        Move(Status.REFERRED, STAFF_OR_HEAD, _("Refer to a resource")),
        Move(Status.RESOLVED, STAFF_OR_HEAD, _("Mark resolved"), needs_outcome=True),
        _CANCEL,
    ),
    Status.COMMITTEE: (
        Move(Status.IN_PROGRESS, RESOLUTION_ONLY, _("Back to work after the committee")),
        Move(Status.REFERRED, RESOLUTION_ONLY, _("Refer to a resource")),
        _CANCEL,
    ),
    Status.REFERRED: (
        Move(Status.IN_PROGRESS, STAFF_OR_HEAD, _("Back to work")),
        Move(Status.RESOLVED, STAFF_OR_HEAD, _("Mark resolved"), needs_outcome=True),
        _CANCEL,
    ),
    Status.RESOLVED: (
        Move(Status.CLOSED, HEAD_ONLY, _("Close the request")),
        Move(Status.IN_PROGRESS, HEAD_ONLY, _("Send back to work")),
    ),
    Status.CLOSED: (Move(Status.IN_PROGRESS, HEAD_ONLY, _("Reopen the request"), needs_note=True),),
    Status.CANCELLED: (),
}

assert all(_CANCEL in TRANSITIONS[s] for s in OPEN_STATUSES)


def find_move(from_status: str, to_status: str) -> Move | None:
    return next((m for m in TRANSITIONS.get(from_status, ()) if m.to == to_status), None)


def moves_for_role(from_status: str, role: str | None) -> list[Move]:
    """The moves a user with ``role`` at the request's centre may make from ``from_status``."""
    return [m for m in TRANSITIONS.get(from_status, ()) if role in m.roles]
