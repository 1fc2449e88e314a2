"""Which database a query goes to, and what a cancelled query means.

The primary (``default``) takes every write and every read that must see its own writes
(sessions, sign-in, forms, pages). An optional streaming replica (``replica``, from
``DATABASE_REPLICA_URL``) takes only the reads that code sends there on purpose: exports and
dashboards ask ``reporting_db()`` and use ``.using(reporting_db())``. A replica lags the
primary by a moment, so nothing is sent there by a rule that could catch a page reading what
it has just written.
"""

from django.conf import settings
from django.db import DatabaseError

PRIMARY = "default"
REPLICA = "replica"

# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (or by a user).
QUERY_CANCELED = "57014"


def reporting_db() -> str:
    """The alias that read-only reports and exports read from: the replica when one is
    configured (``REPORTING_DATABASE``), else the primary."""
    return settings.REPORTING_DATABASE


class PrimaryReplicaRouter:
    """Writes and migrations go to the primary only; reads follow ``.using()`` (or the database
    an object came from), so only code that asks for the replica reads from it."""

    def db_for_read(self, model, **hints) -> str | None:
        return None  # the default: the instance's own database, else the primary

    def db_for_write(self, model, **hints) -> str:
        return PRIMARY  # an object read from the replica is saved on the primary

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {PRIMARY, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == PRIMARY  # the replica gets the schema by streaming it


def is_statement_timeout(error: BaseException) -> bool:
    """Whether a database error is PostgreSQL cancelling a statement that ran too long."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    return code == QUERY_CANCELED
