"""A pytest plugin (pyproject's addopts), loaded before Django's settings: a test run is a
local run, so DJANGO_DEBUG is true unless set (as ./scripts/test does). pytest-django still
runs the tests themselves with DEBUG off; this picks the local defaults (the local secret key,
no HTTPS redirect)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
