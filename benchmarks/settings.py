"""Settings for the load benchmark (benchmarks/load.py): the portal's own, with a URLconf
that adds a bare "hello" view behind the full middleware. Never used in production."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
