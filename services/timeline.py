"""A request's timeline: every action on it, with who and when, in a fixed number of queries.

Status moves (``StatusChange``), notes, due-date changes and deleted attachments
(``RequestNote``), visits and attachments have rows of their own. Assignments, edits and the
outcome are read from the request's history: every action saves the request once, and
django-simple-history keeps each save with its user, so comparing each record with the one
before tells what that action changed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from clients.models import ClientGroup, Person
from portal.lib.users import display_name
from services.models import Channel, RequestNote, ServiceRequest, ServiceType, Urgency

# What an edit of the request may change (services.actions.EDITABLE_FIELDS, and the client
# through the admin), and what the outcome form records. Status and due date are left out:
# their own rows (StatusChange, the due-date note) tell them, with the reason.
EDIT_FIELDS = ("service_type", "subject", "description", "channel", "urgency")
CLIENT_FIELDS = ("client_group", "person")
OUTCOME_FIELDS = (
    "outcome",
    "result_note",
    "money_obtained",
    "people_trained",
    "market_found",
    "satisfaction",
)
LONG_TEXT = frozenset({"description", "outcome", "result_note"})
LONG_TEXT_CHARS = 200
CHOICES = {"channel": Channel, "urgency": Urgency}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Event:
    """One line of a request's timeline."""

    when: datetime
    # status, note, due_date, detached, visit, raised, attachment,
    # assigned, taken, unassigned, edited, outcome, outcome_changed
    kind: str
    who: str = ""
    obj: object = None
    text: str = ""
    old: date | None = None
    new: date | None = None
    was: str = ""  # the previous assignee
    changes: list[FieldChange] = field(default_factory=list)


def request_timeline(service_request: ServiceRequest) -> list[Event]:
    """Every event of the request, oldest first. Prefetch ``attachments`` (with
    ``uploaded_by``) to share the attachments panel's query."""
    events = [
        Event(c.changed_at, "status", display_name(c.changed_by), c, c.note)
        for c in service_request.status_changes.select_related("changed_by")
    ]
    events += [_note_event(note) for note in service_request.notes.select_related("author")]
    received = service_request.received_at
    # A visit's photos show with it: the field photos are often the request's evidence.
    for visit in service_request.visits.prefetch_related("attachments"):
        events.append(Event(max(_day(visit.planned_date), received), "visit", obj=visit))
    if service_request.raised_on_visit is not None:
        visit = service_request.raised_on_visit
        events.append(Event(min(_day(visit.planned_date), received), "raised", obj=visit))
    for attachment in service_request.attachments.all():
        who = display_name(attachment.uploaded_by)
        events.append(Event(attachment.uploaded_at, "attachment", who, attachment))
    events += history_events(service_request)
    return sorted(events, key=lambda e: e.when)


def _note_event(note: RequestNote) -> Event:
    event = Event(note.created_at, note.kind, display_name(note.author), note, note.text)
    if note.kind == RequestNote.Kind.DUE_DATE:
        event.old, event.new = _iso(note.old_value), _iso(note.new_value)
    return event


def _day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# From the history


def history_events(service_request: ServiceRequest) -> list[Event]:
    """Assignments, edits and outcomes, one event per kind of change a save made."""
    records = list(
        service_request.history.select_related("history_user").order_by(
            "history_date", "history_id"
        )
    )
    pairs = list(zip(records, records[1:], strict=False))
    names = _names(pairs)
    events: list[Event] = []
    for older, newer in pairs:
        events += _events_of(older, newer, names)
    return events


def _changed(pairs: list, name: str) -> set:
    attname = f"{name}_id"
    ids = set()
    for older, newer in pairs:
        if getattr(older, attname) != getattr(newer, attname):
            ids |= {getattr(older, attname), getattr(newer, attname)}
    return ids - {None}


def _names(pairs: list) -> dict[tuple[str, int], str]:
    """The names of the users, types and clients the changes mention: one query per model,
    and none when nothing of that model changed."""
    lookups = [
        ("assigned_to", get_user_model(), display_name),
        ("service_type", ServiceType, lambda t: t.name),
        ("client_group", ClientGroup, lambda g: g.name),
        ("person", Person, lambda p: p.full_name),
    ]
    names = {}
    for name, model, label in lookups:
        ids = _changed(pairs, name)
        if ids:
            names |= {(name, pk): label(obj) for pk, obj in model.objects.in_bulk(ids).items()}
    return names


def _events_of(older, newer, names: dict) -> list[Event]:
    who = display_name(newer.history_user) if newer.history_user else ""
    when = newer.history_date
    events = []
    if older.assigned_to_id != newer.assigned_to_id:
        events.append(_assignment(older, newer, names, when, who))
    edits = _client_change(older, newer, names) + _field_changes(EDIT_FIELDS, older, newer, names)
    if edits:
        events.append(Event(when, "edited", who, changes=edits))
    outcome = _field_changes(OUTCOME_FIELDS, older, newer, names)
    if outcome:
        first = not any(getattr(older, name) not in (None, "") for name in OUTCOME_FIELDS)
        events.append(Event(when, "outcome" if first else "outcome_changed", who, changes=outcome))
    return events


def _assignment(older, newer, names: dict, when: datetime, who: str) -> Event:
    was = names.get(("assigned_to", older.assigned_to_id), "")
    if newer.assigned_to_id is None:
        return Event(when, "unassigned", who, was=was)
    kind = "taken" if newer.assigned_to_id == newer.history_user_id else "assigned"
    assignee = names.get(("assigned_to", newer.assigned_to_id), "")
    return Event(when, kind, who, text=assignee, was=was)


def _client_change(older, newer, names: dict) -> list[FieldChange]:
    def client(record) -> str:
        if record.client_group_id:
            return names.get(("client_group", record.client_group_id), "–")
        return names.get(("person", record.person_id), "–")

    if all(getattr(older, f"{n}_id") == getattr(newer, f"{n}_id") for n in CLIENT_FIELDS):
        return []
    return [FieldChange(_("Client"), client(older), client(newer))]


def _field_changes(fields: tuple, older, newer, names: dict) -> list[FieldChange]:
    changes = []
    for name in fields:
        attname = ServiceRequest._meta.get_field(name).attname
        old, new = getattr(older, attname), getattr(newer, attname)
        if old != new:
            label = capfirst(str(ServiceRequest._meta.get_field(name).verbose_name))
            changes.append(FieldChange(label, _shown(name, old, names), _shown(name, new, names)))
    return changes


def _shown(name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if name in CHOICES:
        choices = CHOICES[name]
        return str(choices(value).label) if value in choices.values else str(value)
    if name == "service_type":
        return names.get((name, value), "–")
    if name == "money_obtained":  # its label says "(baht)"
        return formats.number_format(value, decimal_pos=2, force_grouping=True)
    if name == "satisfaction":
        return f"{value} / 5"
    if name in LONG_TEXT:
        return Truncator(value).chars(LONG_TEXT_CHARS)
    return str(value)
