"""How much free text a field holds: enough for several pages typed or pasted, and bounded, so
that a pasted book or a script's megabytes are refused with a message, not stored."""

MAX_TEXT = 5_000  # notes, descriptions, outcomes, what was done, reasons
MAX_ADDRESS = 500
