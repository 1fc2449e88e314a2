"""axe-core's WCAG 2.2 A/AA rules find nothing on the main page of every app, at desktop and
phone size: the test fails listing each failing rule and the selectors of its elements."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PHONE, axe_violations, log_in, phone_page
from tests.browser.main_pages import committee_pages, main_pages  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
SIZES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
COMMITTEE_PERSONAS = ["head", "member", "secretary"]


def _sweep(page: Page, pages: list[tuple[str, str]]) -> list[str]:
    found = []
    for name, path in pages:
        response = page.goto(path)
        if response is None or not response.ok:
            found.append(f"{name} {path}: HTTP {response and response.status}")
            continue
        found += [f"{name} {path}: {line}" for line in axe_violations(page)]
    return found


@pytest.mark.parametrize("viewport", SIZES)
def test_the_login_page_passes_axe(new_context, viewport, db):
    page = new_context(viewport=viewport).new_page()

    found = _sweep(page, [("login", "/accounts/login/")])

    assert not found, "axe-core found:\n" + "\n".join(found)


@pytest.mark.parametrize("viewport", SIZES)
def test_the_main_pages_pass_axe(new_context, viewport, head, main_pages):  # noqa: F811
    page = new_context(viewport=viewport).new_page()
    log_in(page, head.username)

    found = _sweep(page, main_pages)

    assert not found, "axe-core found:\n" + "\n".join(found)


@pytest.mark.parametrize("viewport", SIZES)
@pytest.mark.parametrize("persona", COMMITTEE_PERSONAS)
def test_the_committee_pages_pass_axe(new_context, viewport, persona, committee_pages):  # noqa: F811
    username, pages = committee_pages[persona]
    page = new_context(viewport=viewport).new_page()
    log_in(page, username)

    found = _sweep(page, pages)

    assert not found, "axe-core found:\n" + "\n".join(found)


def test_the_phone_menu_passes_axe(new_context, staff):
    page = phone_page(new_context)
    log_in(page, staff.username)
    page.locator(".navbar-toggler").tap()
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))  # opened

    found = axe_violations(page)

    assert not found, "axe-core found:\n" + "\n".join(found)
