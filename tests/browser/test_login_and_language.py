"""A Thai user logs in, switches language, and uses the portal on a phone, in real Chromium."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CENTRE_NAME = "ศูนย์บริการส่งเสริมเศรษฐกิจฐานรากอำเภอเมืองเชียงใหม่"
CENTRE_PAGE = re.compile(r"/centres/5001/$")
MY_WORK = re.compile(r"/services/$")  # where staff land after logging in
PHONE = {"width": 390, "height": 844}
# Screenshots for a human to look at; kept out of the repository.
SHOTS = Path("/tmp/shots")


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()


def assert_no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px window"


def test_log_in_in_thai(page: Page, staff):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    form = page.locator("main form")
    expect(form.locator("input[name=username]")).to_be_visible()
    expect(form.locator("input[name=password]")).to_have_attribute("type", "password")
    expect(form.locator("button[type=submit]")).to_be_visible()
    # The language switch marks Thai as the current language.
    expect(page.locator("button[name=language][value=th]")).to_have_attribute(
        "aria-current", "true"
    )

    log_in(page, staff.username)

    expect(page).to_have_url(MY_WORK)
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_role("heading", level=1)).to_have_text("งานของฉัน")


def test_log_out_and_see_it_said_on_the_login_page(page: Page, staff):
    log_in(page, staff.username)
    expect(page).to_have_url(MY_WORK)

    page.locator("nav .dropdown-toggle").last.click()
    page.locator("nav form[action='/accounts/logout/'] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("main [role=alert]")).to_contain_text("ออกจากระบบแล้ว")
    page.reload()
    expect(page.locator("main [role=alert]")).to_have_count(0)  # said once


def test_switch_to_english_and_back(page: Page, staff):
    log_in(page, staff.username)
    page.goto("/centres/5001/")
    expect(page.locator("html")).to_have_attribute("lang", "th")

    english = page.locator("#main-nav button[name=language][value=en]")
    expect(english).to_be_visible()  # desktop: the navbar is expanded
    english.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(CENTRE_PAGE)  # back on the same page
    expect(page.locator("button[name=language][value=en]")).to_have_attribute(
        "aria-current", "true"
    )

    page.locator("#main-nav button[name=language][value=th]").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page).to_have_url(CENTRE_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(CENTRE_NAME)


def test_phone_layout(new_context, staff):
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/accounts/login/")
    toggler = page.locator(".navbar-toggler")
    menu = page.locator("#main-nav")
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    assert_no_sideways_scroll(page)
    page.screenshot(path=SHOTS / "phone-login.png", full_page=True)

    log_in(page, staff.username)
    expect(page).to_have_url(MY_WORK)
    page.goto("/centres/5001/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CENTRE_NAME)
    expect(toggler).to_be_visible()
    expect(menu).to_be_hidden()
    assert_no_sideways_scroll(page)
    page.screenshot(path=SHOTS / "phone-centre-home.png", full_page=True)

    toggler.tap()
    expect(menu).to_be_visible()
    expect(menu).to_have_class(re.compile(r"\bshow\b"))  # Bootstrap's opening transition ended
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.locator("button[name=language][value=en]")).to_be_visible()
    assert_no_sideways_scroll(page)
    page.screenshot(path=SHOTS / "phone-centre-home-menu.png", full_page=True)
