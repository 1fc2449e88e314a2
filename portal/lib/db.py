"""What the portal asks of PostgreSQL beyond plain SQL, and its stand-ins on SQLite (the demo
and the quick tests): Thai dictionary order and migrations that only PostgreSQL runs."""

from django.db import connection, migrations
from django.db.models import F
from django.db.models.functions import Collate

# ICU's Thai collation: PostgreSQL's default "C" order puts words beginning with เ แ โ ไ last.
THAI_COLLATION = "th-TH-x-icu"


def thai_order(field: str) -> F | Collate:
    """``field`` in Thai dictionary order on PostgreSQL (indexed, see the registry's
    migrations); SQLite has no ICU and sorts by code point."""
    if connection.vendor == "postgresql":
        return Collate(F(field), THAI_COLLATION)
    return F(field)


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """SQL that only PostgreSQL understands (trigram and collated indexes); a no-op on SQLite,
    whose queries these indexes do not serve anyway."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
