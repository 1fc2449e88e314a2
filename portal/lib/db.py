"""What the portal asks of PostgreSQL beyond plain SQL, and its stand-ins on SQLite (the demo
and the quick tests): Thai dictionary order, a list of ids as one parameter, and migrations
that only PostgreSQL runs."""

from django.db import connection, migrations
from django.db.models import BooleanField, Expression, F
from django.db.models.functions import Collate

# ICU's Thai collation: PostgreSQL's default "C" order puts words beginning with เ แ โ ไ last.
THAI_COLLATION = "th-TH-x-icu"


def thai_order(field: str) -> F | Collate:
    """``field`` in Thai dictionary order on PostgreSQL (indexed, see the registry's
    migrations); SQLite has no ICU and sorts by code point."""
    if connection.vendor == "postgresql":
        return Collate(F(field), THAI_COLLATION)
    return F(field)


class AnyOf(Expression):
    """A filter, ``column = ANY(%s)`` with the ids as one array parameter on PostgreSQL
    (``IN (%s, …)`` elsewhere): ``.filter(AnyOf("visit_id", ids))``. For ids the database
    gave: Django's ``__in`` prepares each value through its field, 10 µs apiece, which was a
    fifth of the visit export's time (its links are read by the ids of 2,000 visits)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, ids: list[int]) -> None:
        super().__init__()
        self.column: Expression | F = F(column)
        self.ids = ids

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions) -> None:
        (self.column,) = expressions

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if not self.ids:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [*params, list(self.ids)]
        marks = ", ".join(["%s"] * len(self.ids))
        return f"{column} IN ({marks})", [*params, *self.ids]


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """SQL that only PostgreSQL understands (trigram and collated indexes); a no-op on SQLite,
    whose queries these indexes do not serve anyway."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def drop_field_index(alter_field: migrations.AlterField, table: str, index: str):
    """``alter_field`` (a foreign key now ``db_index=False``) in the migration state, and in
    the database only its index dropped: Django's own AlterField would also drop and add the
    foreign key again, and adding it checks every row under a lock (20 million status changes
    at national scale) for a constraint that never changed."""
    column = alter_field.field.db_column or f"{alter_field.name}_id"
    return migrations.SeparateDatabaseAndState(
        state_operations=[alter_field],
        database_operations=[
            migrations.RunSQL(
                f'DROP INDEX IF EXISTS "{index}"',
                f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" ("{column}")',
            )
        ],
    )
