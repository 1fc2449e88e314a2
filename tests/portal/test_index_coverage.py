"""No index of the portal's tables is covered by another: an index whose columns lead another
btree index (same operator classes and collations) serves no query the other does not, and
costs every insert and update its upkeep (docs/decisions.md, "Indexes that another covers").

Django indexes every foreign key by itself; where a composite index or a unique constraint
starts with the key, the model says ``db_index=False``. Django's own many-to-many tables,
and the tables of Django's and other libraries' apps, are left as their makers built them.
"""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's catalogue; CI runs it there"
)

PORTAL_APPS = ["centres", "clients", "services", "committees", "resources", "reports"]

# Each non-unique, non-partial btree index on plain columns, and every btree index it could be
# covered by: one whose first columns are its columns, with their operator classes and
# collations (int2vector and oidvector read as one-based arrays).
COVERED = """
WITH idx AS (
    SELECT i.indexrelid, i.indrelid, c.relname AS name, t.relname AS tbl,
           i.indisunique AS is_unique, i.indpred IS NOT NULL AS partial,
           i.indexprs IS NOT NULL AS on_expressions, am.amname,
           string_to_array(i.indkey::text, ' ')::int[] AS keys,
           string_to_array(i.indclass::text, ' ')::oid[] AS classes,
           string_to_array(i.indcollation::text, ' ')::oid[] AS collations
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_am am ON am.oid = c.relam
    WHERE t.relname = ANY(%s)
)
SELECT a.tbl, a.name, b.name
FROM idx a JOIN idx b ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
WHERE a.amname = 'btree' AND b.amname = 'btree'
  AND NOT a.is_unique AND NOT a.partial AND NOT b.partial
  AND NOT a.on_expressions AND NOT b.on_expressions
  AND cardinality(a.keys) <= cardinality(b.keys)
  AND a.keys = b.keys[1:cardinality(a.keys)]
  AND a.classes = b.classes[1:cardinality(a.keys)]
  AND a.collations = b.collations[1:cardinality(a.keys)]
  AND (cardinality(a.keys) < cardinality(b.keys) OR a.indexrelid > b.indexrelid)
ORDER BY 1, 2, 3
"""


def portal_tables() -> list[str]:
    """The tables of the portal's own models, their history tables included; not Django's
    automatic many-to-many tables."""
    return [
        model._meta.db_table
        for name in PORTAL_APPS
        for model in apps.get_app_config(name).get_models()
        if not model._meta.auto_created
    ]


def covered_indexes() -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(COVERED, [portal_tables()])
        return cursor.fetchall()


@pytest.mark.django_db
def test_no_index_of_the_portal_is_covered_by_another():
    assert covered_indexes() == []


@pytest.mark.django_db
def test_it_finds_an_index_that_another_covers():
    with connection.cursor() as cursor:
        cursor.execute('CREATE INDEX probe_person_centre ON clients_person ("centre_id")')

    assert covered_indexes() == [
        ("clients_person", "probe_person_centre", "clients_per_centre__a18c0c_idx"),
        ("clients_person", "probe_person_centre", "person_centre_thai_name"),
    ]
