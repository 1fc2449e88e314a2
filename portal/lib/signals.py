"""Signals that belong to no app, and a way to pause what listens to them.

``rows_written`` is sent after a bulk write that bypasses the model signals
(``bulk_create``/``bulk_update``, e.g. the registry's spreadsheet import), so that what is kept
from those rows elsewhere (the dashboards' roll-ups) can be recounted: ``sender`` is the model,
``centre_ids`` the centres whose rows were written, ``fields`` the fields an update changed
(None for new rows). A lower app sends it; a higher one listens, and neither imports the other.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

rows_written = Signal()

_deferred: ContextVar[bool] = ContextVar("upkeep_deferred", default=False)


@contextmanager
def upkeep_deferred() -> Iterator[None]:
    """Within it, what higher apps keep from every write (the dashboards' roll-ups, recounted
    in the writer's transaction) is not kept write by write: for a bulk load that rebuilds it
    at its end (``seed_demo``, whose last seeder, the reports app, rebuilds the roll-ups)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def upkeep_is_deferred() -> bool:
    return _deferred.get()
