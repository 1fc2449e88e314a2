"""The Content-Security-Policy blocks nothing the portal itself uses: Chromium loads the main
page of every app, the login and lockout pages and the admin's main pages, and the test fails
on any violation it reports (a securitypolicyviolation event or a console message)."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser.helpers import log_in
from tests.browser.main_pages import main_pages  # noqa: F401 (a fixture)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Runs before any page script (and is not subject to the page's CSP): records violations.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""


def _watched_page(new_context) -> tuple[Page, list[str]]:
    page = new_context().new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page, console


def _sweep(page: Page, console: list[str], paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("load")
        found += [f"{path}: {v}" for v in page.evaluate("() => window.__cspViolations")]
        found += [f"{path}: {text}" for text in console]
        console.clear()
    return found


def test_the_main_pages_break_no_rule_of_the_policy(new_context, head, main_pages):  # noqa: F811
    page, console = _watched_page(new_context)
    found = _sweep(page, console, ["/accounts/login/"])
    log_in(page, head.username)

    found += _sweep(page, console, [path for _name, path in main_pages])

    assert not found, "CSP violations:\n" + "\n".join(found)


def test_the_lockout_page_breaks_no_rule_of_the_policy(new_context, staff, settings):
    settings.AXES_FAILURE_LIMIT = 1
    page, console = _watched_page(new_context)
    page.goto("/accounts/login/")
    for _ in range(2):
        page.locator("main form input[name=username]").fill(staff.username)
        page.locator("main form input[name=password]").fill("wrong-password")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")

    assert page.locator(".alert-danger").count() == 1
    found = [f"lockout: {v}" for v in page.evaluate("() => window.__cspViolations")] + console
    assert not found, "CSP violations:\n" + "\n".join(found)


def test_the_admin_breaks_no_rule_of_the_policy(new_context, admin_user, staff, centre_a):
    page, console = _watched_page(new_context)
    page.goto(reverse("admin:login"))
    page.locator("input[name=username]").fill(admin_user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state("load")
    paths = [
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[staff.pk]),
        reverse("admin:auth_user_history", args=[staff.pk]),
        reverse("admin:centres_centre_change", args=[centre_a.pk]),
        reverse("admin:services_servicerequest_add"),
        reverse("admin:services_visit_add"),
        reverse("admin:clients_person_add"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accessfailurelog_changelist"),
    ]

    found = _sweep(page, console, paths)
    page.goto(reverse("admin:services_servicerequest_add"))
    page.locator(".datetimeshortcuts a").first.click()  # the admin's calendar and clock widgets
    found += [f"widgets: {v}" for v in page.evaluate("() => window.__cspViolations")] + console

    assert not found, "CSP violations:\n" + "\n".join(found)
