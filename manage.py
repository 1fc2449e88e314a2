#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    if sys.argv[1:2] != ["runserver"]:
        # Commands are not web requests: they get DJANGO_DB_COMMAND_STATEMENT_TIMEOUT_MS (by
        # default no limit), not the web's statement timeout (portal/settings.py).
        os.environ["PORTAL_MANAGE_PY"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
