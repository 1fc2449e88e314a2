"""A throwaway test database for the in-process benchmarks, removed however they end."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


@contextmanager
def throwaway_database(*, media_folder: str = "benchmark") -> Iterator[None]:
    """Run the body against a fresh test database (DEBUG off, uploads under a folder of their
    own), then drop it."""
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(Path(media) / media_folder)
    try:
        yield
    finally:
        settings.MEDIA_ROOT = media
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
