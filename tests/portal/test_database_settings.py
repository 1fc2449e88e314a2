"""The database settings read from the environment: the web's statement timeout, the
commands' own, the optional replica and the settings a connection pooler needs."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
PRIMARY = "postgres://portal@db.internal:5432/portal"
REPLICA = "postgres://portal@replica.internal:5432/portal"
PRINT = (
    "from django.conf import settings; import json; "
    "print(json.dumps({'databases': settings.DATABASES, 'reporting': settings.REPORTING_DATABASE,"
    " 'routers': settings.DATABASE_ROUTERS}, default=str))"
)


def _settings(*, command: bool = False, **variables: str) -> dict:
    """The settings as a process started with these variables sees them (no connection is
    opened); through manage.py when ``command``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("PORTAL_MANAGE_PY", None)
    # Debug on, as in the local run: these settings do not depend on it, the secret key does.
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": PRIMARY,
            "DJANGO_DEBUG": "true",
        }
    )
    env.update(variables)
    if command:
        argv = [sys.executable, "manage.py", "shell", "-c", PRINT]
    else:
        argv = [sys.executable, "-c", f"import django; django.setup(); {PRINT}"]
    result = subprocess.run(argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _options(config: dict, alias: str = "default") -> str:
    return config["databases"][alias].get("OPTIONS", {}).get("options", "")


def test_it_limits_the_statements_of_web_requests_to_20_seconds_by_default():
    assert _options(_settings()) == "-c statement_timeout=20000 -c jit=off -c random_page_cost=1.1"


def test_it_reads_the_web_statement_timeout_from_the_environment():
    config = _settings(DJANGO_DB_STATEMENT_TIMEOUT_MS="5000")

    assert _options(config) == "-c statement_timeout=5000 -c jit=off -c random_page_cost=1.1"


def test_it_sends_no_statement_timeout_when_it_is_zero():
    assert (
        _options(_settings(DJANGO_DB_STATEMENT_TIMEOUT_MS="0"))
        == "-c jit=off -c random_page_cost=1.1"
    )


def test_it_gives_management_commands_no_statement_timeout_by_default():
    config = _settings(command=True, DJANGO_DB_STATEMENT_TIMEOUT_MS="5000")

    assert _options(config) == ""


def test_it_gives_management_commands_their_own_statement_timeout():
    config = _settings(command=True, DJANGO_DB_COMMAND_STATEMENT_TIMEOUT_MS="3600000")

    assert _options(config) == "-c statement_timeout=3600000"


def test_it_turns_off_the_jit_for_web_requests_and_keeps_it_for_commands():
    assert "-c jit=off -c random_page_cost=1.1" in _options(_settings())
    assert "jit" not in _options(_settings(command=True))
    assert "jit" not in _options(_settings(DJANGO_DB_JIT="true"))
    assert _options(_settings(command=True, DJANGO_DB_JIT="false")) == "-c jit=off"


def test_it_costs_random_reads_as_an_ssds_for_web_requests_only():
    assert _options(_settings(DJANGO_DB_RANDOM_PAGE_COST="2")).endswith("-c random_page_cost=2")
    assert "random_page_cost" not in _options(_settings(DJANGO_DB_RANDOM_PAGE_COST=""))
    assert "random_page_cost" not in _options(_settings(command=True))
    config = _settings(command=True, DJANGO_DB_RANDOM_PAGE_COST="1.5")
    assert _options(config) == "-c random_page_cost=1.5"


def test_it_keeps_other_connection_options_of_the_url():
    config = _settings(DATABASE_URL=PRIMARY + "?options=-c%20lock_timeout%3D5000")

    assert (
        _options(config)
        == "-c lock_timeout=5000 -c statement_timeout=20000 -c jit=off -c random_page_cost=1.1"
    )


def test_it_refuses_a_negative_statement_timeout():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_DEBUG": "true",
            "DJANGO_DB_STATEMENT_TIMEOUT_MS": "-1",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "DJANGO_DB_STATEMENT_TIMEOUT_MS must be 0 (no limit) or milliseconds" in result.stderr


def test_it_has_no_replica_and_reports_from_the_primary_by_default():
    config = _settings()

    assert list(config["databases"]) == ["default"]
    assert config["reporting"] == "default"
    assert config["routers"] == ["portal.db.PrimaryReplicaRouter"]


def test_it_adds_the_replica_for_reports_when_one_is_given():
    config = _settings(DATABASE_REPLICA_URL=REPLICA)

    replica = config["databases"]["replica"]
    assert replica["HOST"] == "replica.internal"
    assert replica["TEST"]["MIRROR"] == "default"  # no test database is created on it
    assert (
        _options(config, "replica")
        == "-c statement_timeout=20000 -c jit=off -c random_page_cost=1.1"
    )
    assert config["reporting"] == "replica"


def test_it_disables_server_side_cursors_for_a_transaction_pooler():
    config = _settings(
        DATABASE_REPLICA_URL=REPLICA,
        DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS="true",
        DJANGO_CONN_MAX_AGE="0",
    )

    for alias in ("default", "replica"):
        assert config["databases"][alias]["DISABLE_SERVER_SIDE_CURSORS"] is True
        assert config["databases"][alias]["CONN_MAX_AGE"] == 0


def test_it_keeps_server_side_cursors_and_connections_by_default():
    config = _settings()

    assert config["databases"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert config["databases"]["default"]["CONN_MAX_AGE"] == 600
