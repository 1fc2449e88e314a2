"""Writing a checked import plan: everything in one transaction, in bulk, with history.

New rows are inserted by ``_insert``: one multi-row ``INSERT … RETURNING id`` per batch, the
values read straight from the instances. Django's ``bulk_create`` (and simple_history's
``bulk_create_with_history``, which builds a second instance per row for its history) spent
most of a 10,000-row confirmation preparing each value through the SQL compiler; the rows
written are the same (``tests/clients/test_import_writing.py`` compares them).
"""

import io
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from datetime import date
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from centres.models import Village
from clients.imports.planning import Changes, ImportPlan
from clients.models import ClientGroup, GroupMembership, Person
from portal.lib.signals import rows_written

BATCH_SIZE = 1000  # rows per INSERT or UPDATE
COPY_BATCH_SIZE = 5000  # rows per COPY on PostgreSQL (a few MB of text at most)
SQLITE_MAX_PARAMS = 32766  # SQLite's default bound on the parameters of one statement (3.32+)
CHANGE_REASON_LENGTH = 100  # simple_history's history_change_reason column

# Fields whose Python value is already what the database driver takes: no conversion.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,  # and its Positive…/Small…/Big… subclasses
)


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
    if plan.to_show_only:
        raise ValueError("This import plan was read back without its objects to write.")
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
    _insert(Village, changes.new)
    if changes.changed:
        Village.objects.bulk_update(changes.changed, ["name"], batch_size=BATCH_SIZE)


def _write(model: type[models.Model], changes: Changes, *, now, history: dict) -> None:
    if changes.new:
        _insert(model, changes.new, now=now)
        _insert_history(model, changes.new, **history)
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


def _insert(model: type[models.Model], objs: Sequence[models.Model], *, now=None) -> None:
    """Insert new instances and give them their ids, as ``bulk_create`` would: related
    objects saved earlier in the import lend their ids, ``auto_now(_add)`` fields get ``now``.
    """
    if not objs:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    related = [f for f in fields if f.is_relation]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    now = now or timezone.now()
    for obj in objs:
        for field in related:
            if getattr(obj, field.attname) is None:
                target = field.get_cached_value(obj, None)
                if target is not None:
                    setattr(obj, field.attname, target.pk)
        for field in stamped:
            setattr(obj, field.attname, now)
    rows = _rows(objs, fields)
    pk = model._meta.pk
    ids = _execute_insert(model._meta.db_table, fields, rows, returning=pk.column)
    for obj, row_id in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, row_id)
        obj._state.adding = False
        obj._state.db = connection.alias


def _insert_history(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    default_user,
    default_date,
    default_change_reason: str,
) -> None:
    """The "+" history rows of new instances, as simple_history's ``bulk_history_create``
    writes them (its tracked fields, the user, the date and the reason)."""
    history_model = model.history.model  # type: ignore[attr-defined]
    tracked = list(history_model.tracked_fields)
    extra = {
        "history_date": default_date,
        "history_user_id": default_user.pk if default_user else None,
        "history_change_reason": default_change_reason,
        "history_type": "+",
    }
    by_attname = {f.attname: f for f in history_model._meta.concrete_fields}
    own = [by_attname[f.attname] for f in tracked]
    added = [by_attname[name] for name in extra]
    extra_values = tuple(_converter(f)(v) for f, v in zip(added, extra.values(), strict=True))
    rows = _rows(objs, own, extra_values)
    fields = own + added
    _execute_insert(history_model._meta.db_table, fields, rows, returning=None)


def _rows(objs: Iterable[models.Model], fields: list[models.Field], extra: tuple = ()) -> list:
    """Each object's values of ``fields`` as the database takes them, then ``extra``: read in
    one ``attrgetter`` call an object, converted only where a field needs it (dates)."""
    read = attrgetter(*(f.attname for f in fields))
    converters = [(i, c) for i, f in enumerate(fields) if (c := _converter(f)) is not _same]
    rows = []
    for obj in objs:
        values = read(obj)
        if len(fields) == 1:
            values = (values,)
        if converters:
            values = list(values)
            for index, convert in converters:
                values[index] = convert(values[index])
        rows.append((*values, *extra))
    return rows


def _converter(field: models.Field):
    """How a field's Python value becomes the database's: itself for plain fields (text,
    numbers, booleans, keys), else the field's own ``get_db_prep_save`` (dates…), once per
    distinct value (an import's rows share a few dates and one ``now``)."""
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if type(field).get_db_prep_save is models.Field.get_db_prep_save and isinstance(
        field, _PLAIN_FIELDS
    ):
        return _same
    db = connections[DEFAULT_DB_ALIAS]
    seen: dict = {}

    def convert(value):
        try:
            return seen[value]
        except KeyError:
            seen[value] = converted = field.get_db_prep_save(value, db)
            return converted
        except TypeError:  # unhashable
            return field.get_db_prep_save(value, db)

    return convert


def _same(value):
    return value


def _execute_insert(
    table: str, fields: list[models.Field], rows: list[tuple], *, returning: str | None
) -> list:
    """Insert the rows; return the ``returning`` column of each (the new ids), in order."""
    if connection.vendor == "postgresql":
        return _copy(table, fields, rows, returning=returning)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    suffix = f" RETURNING {quote(returning)}" if returning else ""
    batch = BATCH_SIZE
    if connection.vendor == "sqlite":
        batch = min(batch, SQLITE_MAX_PARAMS // len(fields))
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            sql = (
                f"INSERT INTO {quote(table)} ({columns}) VALUES "
                + ", ".join([placeholder] * len(chunk))
                + suffix
            )
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _copy(table: str, fields: list[models.Field], rows: list[tuple], *, returning: str | None):
    """PostgreSQL: take the ids from the table's sequence in one query, then send the rows
    with ``COPY … FROM STDIN``, a batch at a time (PostgreSQL parses a 1,000-row ``INSERT …
    VALUES`` several times slower than the same rows copied)."""
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    ids: list = []
    with connection.cursor() as cursor:
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), returning, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns.insert(0, quote(returning))
            rows = [(row_id, *row) for row_id, row in zip(ids, rows, strict=True)]
        sql = f"COPY {quote(table)} ({', '.join(columns)}) FROM STDIN"
        for start in range(0, len(rows), COPY_BATCH_SIZE):
            data = io.StringIO(_copy_text(rows[start : start + COPY_BATCH_SIZE]))
            logged = getattr(cursor, "debug_sql", None)  # counted as a query when queries are
            # Django's error wrapper: a unique key that trips raises django's IntegrityError.
            with logged(sql) if logged else nullcontext(), connection.wrap_database_errors:
                cursor.cursor.copy_expert(sql, data)
    return ids


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(rows: list[tuple]) -> str:
    """Rows in COPY's text format: tab-separated, ``\\N`` for NULL, backslash escapes."""
    lines = []
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("\\N")
            elif value is True or value is False:
                cells.append("t" if value else "f")
            elif isinstance(value, str):
                cells.append(value.translate(_COPY_ESCAPES))
            elif isinstance(value, date):  # and datetime: ISO 8601, with its offset
                cells.append(value.isoformat())
            else:
                cells.append(str(value))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"
