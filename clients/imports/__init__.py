"""Spreadsheet import of groups, persons and group memberships by centre staff.

The steps, one module each: ``reading`` turns an uploaded XLSX or CSV file into rows of text
keyed by column; ``pending`` keeps those rows server-side between the preview and the
confirmation; ``planning`` checks every row against the registry and works out what to
create and update; ``writing`` writes a plan in one transaction. ``columns`` is the one
place that names the Thai column headers (used by templates, exports and the admin too).
See docs/import.md for why this does not use django-import-export.
"""
