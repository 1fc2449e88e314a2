"""Reading a long ordered list a chunk at a time, each chunk its own short query (issue 8).

An export of the country's requests of a fiscal year is 1.2 million rows. Read by one query
through a server-side cursor, PostgreSQL first sorted and materialised all of them (a cursor
kept across transactions is ``WITH HOLD``): 96 s before the first row. Behind a
transaction-mode pooler there is no server-side cursor at all, and psycopg2 would hold every
row in memory. Here each chunk is the list's own query with ``LIMIT`` and a bound on its sort
keys, continuing after the last row read (keyset pagination): the index that serves the
list's first page serves every chunk, memory holds one chunk, and no query outlives a
chunk's few hundred milliseconds (a hot-standby replica's replay is never held up for long).

The price: a row whose sort key changes while the export runs can be read twice or missed,
as between two pages of the list.
"""

from collections.abc import Iterator
from typing import Any

from django.db.models import Expression, F, OrderBy, Q, QuerySet

KEY = "keyset_key_{}"


def _order_terms(queryset: QuerySet) -> list[tuple[Any, bool]]:
    """The queryset's ordering as (expression, descending) pairs."""
    terms: list[tuple[Any, bool]] = []
    for term in queryset.query.order_by or queryset.model._meta.ordering:
        if isinstance(term, str):
            descending = term.startswith("-")
            terms.append((F(term.lstrip("-")), descending))
        elif isinstance(term, OrderBy):
            terms.append((term.expression, term.descending))
        elif isinstance(term, Expression | F):
            terms.append((term, False))
        else:
            raise TypeError(f"cannot read the list in chunks by {term!r}")
    last = terms[-1][0] if terms else None
    primary_key = ("pk", queryset.model._meta.pk.name)
    if not (isinstance(last, F) and getattr(last, "name", None) in primary_key):
        terms.append((F("pk"), False))  # ties (two groups of one name) need an order too
    return terms


def _after(keys: list[tuple[str, bool]], values: tuple) -> Q:
    """Rows that sort after ``values``: past the first key, or equal on the first keys and
    past the next. The first key's bound is repeated on its own so an index can start there
    (PostgreSQL does not derive it from the OR)."""
    after = Q()
    for depth in range(len(keys) - 1, -1, -1):
        name, descending = keys[depth]
        past = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[depth]})
        after = past if depth == len(keys) - 1 else past | (Q(**{name: values[depth]}) & after)
    first, descending = keys[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & after


def keyset_rows(rows: QuerySet, size: int) -> Iterator[tuple]:
    """The tuples of ``rows`` (a ``values_list`` queryset) in its order, ``size`` a query: a
    drop-in for ``rows.iterator(chunk_size=size)``."""
    for chunk in keyset_chunks(rows, size):
        yield from chunk


def keyset_chunks(rows: QuerySet, size: int) -> Iterator[list[tuple]]:
    """The tuples of ``rows`` (a ``values_list`` queryset) in its order, a list of ``size`` a
    query (the last one shorter). Each list is emptied when the next is asked for.

    Its ordering is completed by the primary key (ties need an order); its keys must never be
    null. The rows come in the same order as from one query."""
    # The values_list's names, in order, annotations among them (Django keeps them there).
    fields = rows._fields  # type: ignore[attr-defined]
    terms = _order_terms(rows)
    keys = [(KEY.format(n), descending) for n, (_, descending) in enumerate(terms)]
    keyed = (
        rows.annotate(**{name: term for (name, _), (term, _) in zip(keys, terms, strict=True)})
        .order_by(*(OrderBy(F(name), descending=descending) for name, descending in keys))
        .values_list(*fields, *(name for name, _ in keys))
    )
    width = len(fields)
    chunk = list(keyed[:size])
    while chunk:
        last, complete = chunk[-1][width:], len(chunk) == size
        given = [row[:width] for row in chunk]
        chunk = []
        yield given
        # Emptied, with ours, before the next is read: memory holds one chunk, never two.
        given.clear()
        if not complete:
            return
        if None in last:
            raise ValueError("a sort key of the list is null: it cannot be read in chunks")
        chunk = list(keyed.filter(_after(keys, last))[:size])
