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


def _start_django(**variables: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "DJANGO_DEBUG": "false"})
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
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
