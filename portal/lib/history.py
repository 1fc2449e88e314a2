"""A model's change history (django-simple-history) as the pages show it: who changed what,
field by field, in the reader's words."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Field, Model
from django.utils.translation import gettext as _

from portal.lib.dates import format_be_date
from portal.lib.users import display_name

HISTORY_LENGTH = 30


@dataclass
class Change:
    label: str
    old: str = ""
    new: str = ""


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[Change] = field(default_factory=list)


def history_entries(records, *, length: int = HISTORY_LENGTH) -> list[HistoryEntry]:
    """The newest records of a simple-history queryset, each with the fields it changed.

    Give one record more than you show: the last one only serves to diff the one before it.
    """
    records = list(records.select_related("history_user")[: length + 1])
    entries = []
    for record, older in zip(records[:length], records[1:] + [None], strict=False):
        user = record.history_user
        who = display_name(user) if user else _("the system")
        entry = HistoryEntry(record.history_date, who, record.get_history_type_display())
        if older is not None and record.history_type == "~":
            model = record.instance_type
            delta = record.diff_against(older)
            entry.changes = [_change(model, c.field, c.old, c.new) for c in delta.changes]
        entries.append(entry)
    return entries


def _change(model: type[Model], name: str, old, new) -> Change:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, Field)  # history diffs only the model's own fields
    if model_field.is_relation:  # an id means nothing to the reader: say only what changed
        return Change(str(model_field.verbose_name))
    return Change(str(model_field.verbose_name), _shown(model_field, old), _shown(model_field, new))


def _shown(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_be_date(value)
    text = str(value)
    return text if len(text) <= 80 else f"{text[:79]}…"


def fields_changed_since(obj: Model, version: int) -> list[str]:
    """Labels of the fields other saves changed since ``version`` (optimistic locking).

    ``obj`` counts its saves in ``version`` and each save wrote one history record, so the
    newest ``obj.version - version`` records hold the changes. A version from the future (a
    tampered form) names no field.
    """
    saves = obj.version - version  # type: ignore[attr-defined]
    if saves <= 0:
        return []
    records = list(obj.history.order_by("-history_date", "-history_id")[: saves + 1])  # type: ignore[attr-defined]
    changed: list[str] = []
    for newer, older in zip(records, records[1:], strict=False):
        for change in newer.diff_against(older, excluded_fields=["updated_at"]).changes:
            label = str(getattr(obj._meta.get_field(change.field), "verbose_name", change.field))
            if label not in changed:
                changed.append(label)
    return changed
