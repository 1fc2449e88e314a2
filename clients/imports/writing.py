"""Writing a checked import plan: everything in one transaction, in bulk, with history."""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from centres.models import Village
from clients.imports.planning import Changes, ImportPlan
from clients.models import ClientGroup, GroupMembership, Person
from portal.lib.signals import rows_written

BATCH_SIZE = 500  # rows per INSERT or UPDATE (SQLite caps it lower, at 999 parameters)
CHANGE_REASON_LENGTH = 100  # simple_history's history_change_reason column


class ImportConflict(Exception):
    """The registry changed between the check and the write (someone saved the same ID or
    group meanwhile); nothing was written."""


def apply_import(*, plan: ImportPlan, by, reason: str = "") -> None:
    """Write the plan's villages, groups, persons and memberships, all or nothing.

    Bulk writes send no model signals, so the history rows are written here, with ``by`` as
    the user who made the change, and ``rows_written`` tells who keeps figures of these rows
    (the dashboards' roll-ups) which centres to recount.
    """
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be written.")
    now = timezone.now()
    history = {
        "default_user": by,
        "default_date": now,
        "default_change_reason": reason[:CHANGE_REASON_LENGTH],
    }
    try:
        with transaction.atomic():
            _write_villages(plan.villages)
            for model, changes in (
                (ClientGroup, plan.groups),
                (Person, plan.persons),
                (GroupMembership, plan.memberships),
            ):
                _write(model, changes, now=now, history=history)
                _tell(model, changes, plan.centre.pk)
    except IntegrityError as error:
        raise ImportConflict from error


def _write_villages(changes: Changes) -> None:
    Village.objects.bulk_create(changes.new, batch_size=BATCH_SIZE)
    if changes.changed:
        Village.objects.bulk_update(changes.changed, ["name"], batch_size=BATCH_SIZE)


def _write(model: type[models.Model], changes: Changes, *, now, history: dict) -> None:
    if changes.new:
        bulk_create_with_history(changes.new, model, batch_size=BATCH_SIZE, **history)
    if changes.changed:
        fields = sorted(changes.fields)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            for obj in changes.changed:
                obj.updated_at = now  # bulk_update does not apply auto_now
            fields.append("updated_at")
        bulk_update_with_history(changes.changed, model, fields, batch_size=BATCH_SIZE, **history)


def _tell(model: type[models.Model], changes: Changes, centre_id: int) -> None:
    written = [*changes.new, *changes.changed]
    if not written:
        return
    centre_ids = {centre_id} | {getattr(obj, "centre_id", centre_id) for obj in written}
    fields = None if changes.new else tuple(sorted(changes.fields))
    rows_written.send(sender=model, centre_ids=centre_ids, fields=fields)
