"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against live_server.

Every test here is marked ``browser``. Without /usr/bin/chromium they are skipped, unless
``REQUIRE_BROWSER=1`` (CI sets it), where a missing Chromium fails them instead.
Playwright's own browser downloads are never used: ``playwright install`` is not needed.
"""

import os
import threading
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in the test thread, so Django would refuse the
# (synchronous) database work of fixtures and live_server set-up without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_DIR = Path(__file__).resolve().parent

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
]


def _browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") == "1"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser") and not CHROMIUM.exists() and not _browser_required():
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed"))


def _fail_without_chromium() -> None:
    """Reached only when the test was not skipped, i.e. with REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing", pytrace=False)


@pytest.fixture(autouse=True)
def _chromium_present(request):
    if request.node.get_closest_marker("browser"):
        _fail_without_chromium()


@pytest.fixture(autouse=True)
def _server_threads_done(request):
    """After a browser test (its contexts closed, so their keep-alive sockets too), wait for
    the live server's request threads to finish closing their database connections.

    Else, after the session's last test, such a thread may still be closing when live_server
    stops and withdraws the shared in-memory SQLite connection, and fails ("DatabaseWrapper
    objects created in a thread can only be used in that same thread"); an autouse fixture is
    set up before the contexts, so this runs after they are closed.
    """
    yield
    if request.node.get_closest_marker("browser"):
        for thread in threading.enumerate():
            if thread.name.endswith("(process_request_thread)"):
                thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright(django_db_setup, playwright):
    """Playwright, started after the test database exists and stopped before it is dropped.

    While Playwright's event loop runs in this thread, Django's per-thread connections behave
    like context variables (asgiref), so the tests that run meanwhile use a second connection
    of the main thread. Close it before the loop stops and the database is dropped; else
    PostgreSQL refuses: "database "test_portal" is being accessed by other users".
    """
    yield playwright
    connections.close_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    _fail_without_chromium()  # session fixtures run before the autouse one above
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An office PC set to English: the portal must open in Thai all the same (the language
    # follows only the switch's cookie, never Accept-Language).
    return {
        **browser_context_args,
        "locale": "en-US",
        "timezone_id": "Asia/Bangkok",
    }


@pytest.fixture(scope="session")
def _no_persistent_connections():
    """The live server's request threads close their database connection after each request.

    With CONN_MAX_AGE > 0 (the default here) a thread serving a browser's keep-alive connection
    would keep its database session open until the browser lets go of the socket, racing the
    drop of the test database at the end of the run. Every thread's connection reads this same
    settings dict, so the change reaches the server's threads.
    """
    settings_dict = connections["default"].settings_dict
    saved = settings_dict["CONN_MAX_AGE"]
    settings_dict["CONN_MAX_AGE"] = 0
    yield
    settings_dict["CONN_MAX_AGE"] = saved


@pytest.fixture(scope="session")
def base_url(_no_persistent_connections, live_server):
    """Relative URLs (page.goto("/accounts/login/")) go to pytest-django's live_server."""
    return live_server.url


@pytest.fixture
def new_context(new_context, live_server):
    """Requesting live_server gives every browser test a transactional database, committed so
    that the server thread sees the test's data (on SQLite and PostgreSQL alike)."""

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        return context

    return _new_context


@pytest.fixture(autouse=True)
def _restore_seeded_rows(django_db_serialized_rollback):
    """live_server's transactional database is emptied after each test, which would also take
    the rows data migrations seeded (service types, product standards) from the tests that
    run later; a serialized rollback puts them back."""
