"""Signals that belong to no app.

``rows_written`` is sent after a bulk write that bypasses the model signals
(``bulk_create``/``bulk_update``, e.g. the registry's spreadsheet import), so that what is kept
from those rows elsewhere (the dashboards' roll-ups) can be recounted: ``sender`` is the model,
``centre_ids`` the centres whose rows were written, ``fields`` the fields an update changed
(None for new rows). A lower app sends it; a higher one listens, and neither imports the other.
"""

from django.dispatch import Signal

rows_written = Signal()
