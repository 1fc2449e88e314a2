"""Settings read from the environment: typed helpers that fail loudly, and a production start
that refuses to run without a secret key and a host list."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR = "PORTAL_TEST_VARIABLE"


@pytest.fixture(autouse=True)
def unset(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)


# env_bool


def test_it_refuses_a_boolean_that_is_neither_true_nor_false(monkeypatch):
    monkeypatch.setenv(VAR, "maybe")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be true or false, not 'maybe'"):
        env_bool(VAR, default=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("True", True), ("1", True), ("false", False), ("FALSE", False), ("0", False)],
)
def test_it_reads_a_boolean(monkeypatch, value, expected):
    monkeypatch.setenv(VAR, value)

    assert env_bool(VAR, default=not expected) is expected


def test_it_falls_back_to_the_default_boolean_when_unset():
    assert env_bool(VAR, default=True) is True
    assert env_bool(VAR, default=False) is False


# env_int


def test_it_refuses_a_number_that_is_not_a_whole_number(monkeypatch):
    monkeypatch.setenv(VAR, "abc")

    with pytest.raises(ImproperlyConfigured, match=f"{VAR} must be a whole number, not 'abc'"):
        env_int(VAR, default=1)


def test_it_reads_a_whole_number(monkeypatch):
    assert env_int(VAR, default=25) == 25

    monkeypatch.setenv(VAR, "587")

    assert env_int(VAR, default=25) == 587


# env_list


def test_it_refuses_a_required_list_that_is_missing():
    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_list(VAR, default=None)


def test_it_refuses_a_required_list_that_is_empty(monkeypatch):
    monkeypatch.setenv(VAR, " , ")

    with pytest.raises(ImproperlyConfigured, match=VAR):
        env_list(VAR, default=None)


def test_it_splits_a_list_on_commas(monkeypatch):
    monkeypatch.setenv(VAR, "portal.example.go.th, 10.0.0.5 ,,localhost")

    assert env_list(VAR, default=None) == ["portal.example.go.th", "10.0.0.5", "localhost"]


def test_it_falls_back_to_the_default_list_when_unset():
    assert env_list(VAR, default=["localhost"]) == ["localhost"]


# env_str


@pytest.mark.parametrize("value", [None, "", "   "])
def test_it_refuses_a_required_string_that_is_missing_or_blank(monkeypatch, value):
    if value is not None:
        monkeypatch.setenv(VAR, value)

    with pytest.raises(ImproperlyConfigured, match=f"Set the environment variable {VAR}"):
        env_str(VAR, required=True)


def test_it_reads_a_string_or_its_default(monkeypatch):
    assert env_str(VAR, default="fallback") == "fallback"

    monkeypatch.setenv(VAR, "set")

    assert env_str(VAR, required=True) == "set"
    assert env_str(VAR, default="fallback") == "set"


# Start-up with DEBUG off


def _start_django(
    *, debug: str | None = "false", code: str = "", **variables: str
) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    if debug is not None:
        env["DJANGO_DEBUG"] = debug
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _start_django(DJANGO_ALLOWED_HOSTS="portal.example.go.th")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_in_production_without_allowed_hosts():
    result = _start_django(DJANGO_SECRET_KEY="a-real-secret-from-the-vault")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_it_starts_in_production_with_a_secret_key_and_allowed_hosts():
    result = _start_django(
        DJANGO_SECRET_KEY="a-real-secret-from-the-vault",
        DJANGO_ALLOWED_HOSTS="portal.example.go.th",
    )

    assert result.returncode == 0, result.stderr


# Debug is off unless DJANGO_DEBUG=true: a server started with no settings is a production one


def test_it_refuses_to_start_with_debug_unset_and_no_secret_key():
    result = _start_django(debug=None, DJANGO_ALLOWED_HOSTS="portal.example.go.th")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_turns_debug_off_and_https_on_when_debug_is_unset():
    code = (
        "from django.conf import settings; "
        "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)"
    )
    result = _start_django(
        debug=None,
        code=code,
        DJANGO_SECRET_KEY="a-real-secret-from-the-vault",
        DJANGO_ALLOWED_HOSTS="portal.example.go.th",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_it_uses_the_local_key_and_hosts_only_when_debug_is_asked_for():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    result = _start_django(debug="true", code=code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "insecure-local-only-key-do-not-deploy"]


@pytest.mark.parametrize("script", ["scripts/run", "scripts/test"])
def test_the_local_scripts_ask_for_debug(script):
    assert 'export DJANGO_DEBUG="${DJANGO_DEBUG:-true}"' in (PROJECT_ROOT / script).read_text()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_SESSION_IDLE_MINUTES", "0"),
        ("DJANGO_LOGIN_FAILURE_LIMIT", "0"),
        ("DJANGO_LOGIN_COOLOFF_MINUTES", "0"),
    ],
)
def test_it_refuses_a_sign_in_setting_below_one(variable, value):
    result = _start_django(debug="true", **{variable: value})

    assert result.returncode != 0
    assert variable in result.stderr


@pytest.mark.parametrize(
    "variable", ["DJANGO_NATIONAL_FIGURES_SECONDS", "DJANGO_FILTER_CHOICES_SECONDS"]
)
def test_it_refuses_a_negative_time_to_keep_figures_or_choices(variable):
    result = _start_django(debug="true", **{variable: "-1"})

    assert result.returncode != 0
    assert variable in result.stderr


@pytest.mark.parametrize("value", ["0", "-1", "fast", "1.1 -c work_mem=1TB", "nan"])
def test_it_refuses_a_random_page_cost_that_is_no_positive_number(value):
    result = _start_django(debug="true", DJANGO_DB_RANDOM_PAGE_COST=value)

    assert result.returncode != 0
    assert "DJANGO_DB_RANDOM_PAGE_COST must be a positive number" in result.stderr
