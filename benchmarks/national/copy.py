"""Rows streamed into PostgreSQL with COPY, in chunks: memory stays bounded at any scale.

Each chunk is written by a helper thread while the next one is generated, so Python and the
database each keep one core busy."""

import re
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from io import StringIO

from django.db import connection

FLUSH_BYTES = 8 * 1024 * 1024
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text_value(value) -> str:
    """One field in COPY's text format: ``\\N`` for NULL, ``t``/``f`` for booleans."""
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is datetime or kind is date:
        return value.isoformat()
    if isinstance(value, str):  # a TextChoices member
        return text_value(str(value))
    raise TypeError(f"no COPY text for {value!r}")


class Table:
    """One table's pending rows and the next primary key to hand out."""

    def __init__(self, name: str, columns: tuple[str, ...], next_id: int | None) -> None:
        self.name = name
        self.columns = columns
        self.next_id = next_id
        self.buffer = StringIO()
        self.pending = 0
        self.written = 0
        self.seconds = 0.0  # spent in COPY, for the summary

    def new_id(self) -> int:
        assert self.next_id is not None, f"{self.name} has no id column"
        self.next_id += 1
        return self.next_id - 1


class CopyWriter:
    """Buffers rows per table and COPYs them in the order the tables were opened.

    Open parents before children and add each child after its parent: every flush then writes
    parents first, as the foreign keys expect.
    """

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy")
        self._running: Future | None = None
        self.waited = 0.0  # seconds the generator waited for the database

    def open(self, name: str, columns: tuple[str, ...], has_id: bool = True) -> Table:
        next_id = _max_id(name) + 1 if has_id else None
        table = Table(name, (("id",) if has_id else ()) + columns, next_id)
        self.tables[name] = table
        return table

    def add(self, table: Table, *values) -> None:
        table.buffer.write("\t".join(map(text_value, values)))
        table.buffer.write("\n")
        table.pending += 1

    def add_trusted(self, table: Table, *values) -> None:
        """A row whose texts are the generator's own words (no tab, newline or backslash) and
        whose other values are ints, dates, times or None: no escaping, for the big tables."""
        table.buffer.write("\t".join(["\\N" if v is None else str(v) for v in values]))
        table.buffer.write("\n")
        table.pending += 1

    def add_line(self, table: Table, line: str) -> None:
        """A row already in COPY's text format, ending in a newline: for the largest tables,
        whose fields the caller knows need no escaping (numbers, dates, fixed words)."""
        table.buffer.write(line)
        table.pending += 1

    def maybe_flush(self) -> None:
        if sum(t.buffer.tell() for t in self.tables.values()) >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Hand the pending rows to the COPY thread (after the previous chunk is in)."""
        self._wait()
        chunk = [(t, t.buffer) for t in self.tables.values() if t.pending]
        for table in self.tables.values():
            table.written += table.pending
            table.pending = 0
            table.buffer = StringIO()
        # The thread uses the same database connection (psycopg2 allows it between threads,
        # one at a time): inside a transaction, as in tests, it sees and writes the same data.
        raw = connection.connection
        self._running = self._pool.submit(_copy_chunk, raw, chunk)

    def finish(self) -> int:
        """Flush, move each id sequence past the rows written, ANALYZE; return the rows."""
        self.flush()
        self._wait()
        self._pool.shutdown()
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.next_id is not None:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                        [table.name, table.next_id],
                    )
                cursor.execute(f"ANALYZE {table.name}")
        return sum(t.written for t in self.tables.values())

    def _wait(self) -> None:
        if self._running is not None:
            started = time.monotonic()
            self._running.result()  # re-raises a COPY error here
            self._running = None
            self.waited += time.monotonic() - started


def _copy_chunk(raw_connection, chunk: list[tuple[Table, StringIO]]) -> None:
    with raw_connection.cursor() as cursor:
        for table, buffer in chunk:
            started = time.monotonic()
            buffer.seek(0)
            columns = ", ".join(table.columns)
            cursor.copy_expert(f"COPY {table.name} ({columns}) FROM STDIN", buffer)
            table.seconds += time.monotonic() - started


@contextmanager
def fast_load() -> Iterator[bool]:
    """Skip the foreign-key triggers while loading, when the database role may (a superuser):
    the generator sets every key itself and tests/benchmarks checks each one with a join.
    Yields whether the triggers are skipped."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        skip = bool(cursor.fetchone()[0])
        cursor.execute("SET synchronous_commit = off")
        if skip:
            cursor.execute("SET session_replication_role = replica")
    try:
        yield skip
    finally:
        with connection.cursor() as cursor:
            if skip:
                cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET synchronous_commit = DEFAULT")


def _max_id(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {name}")
        return cursor.fetchone()[0]
