"""PostgreSQL's own indexes of the registry's lists (docs/decisions.md): trigram indexes for the
name, registration number and phone searches (icontains is UPPER(col::text) LIKE on PostgreSQL),
and the lists' Thai dictionary order (COLLATE "th-TH-x-icu"), per centre and nationwide. SQLite
gets none of them."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from portal.lib.db import RunSQLOnPostgreSQL


def trigram(table: str, name: str, expression: str) -> RunSQLOnPostgreSQL:
    return RunSQLOnPostgreSQL(
        f"CREATE INDEX {name} ON {table} USING gin (({expression}) gin_trgm_ops)",
        f"DROP INDEX {name}",
    )


def ordered(table: str, name: str, columns: str) -> RunSQLOnPostgreSQL:
    return RunSQLOnPostgreSQL(f"CREATE INDEX {name} ON {table} ({columns})", f"DROP INDEX {name}")


TH = 'COLLATE "th-TH-x-icu"'


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_seed_standards")]

    operations = [
        TrigramExtension(),
        trigram("clients_clientgroup", "group_name_trgm", "UPPER(name::text)"),
        trigram("clients_clientgroup", "group_registration_trgm", "UPPER(registration_number::text)"),
        trigram("clients_person", "person_first_name_trgm", "UPPER(first_name::text)"),
        trigram("clients_person", "person_last_name_trgm", "UPPER(last_name::text)"),
        trigram("clients_person", "person_phone_trgm", "phone::text"),
        ordered("clients_clientgroup", "group_centre_thai_name", f"centre_id, name {TH}, id"),
        ordered("clients_clientgroup", "group_thai_name", f"name {TH}, id"),
        ordered(
            "clients_person",
            "person_centre_thai_name",
            f"centre_id, first_name {TH}, last_name {TH}, id",
        ),
        ordered("clients_person", "person_thai_name", f"first_name {TH}, last_name {TH}, id"),
    ]
