"""On a phone (390 px wide), every link and button in the main content of the main pages is at
least 44×44 px, so that a finger hits it (WCAG 2.5.5's size; Apple's and Android's guidance).

Measured with getBoundingClientRect on every visible ``a``, ``button`` and
``input[type=submit]`` inside ``<main>``. Left out, as WCAG 2.5.5 leaves them out:
- a link inside running text (an inline ``a`` whose block also holds other words), which a
  bigger box would pull apart from its sentence;
- what is not visible now (inside a closed menu or a collapsed section, or a skip link that
  shows only on focus).
The test fails listing each offender with its size.
"""

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import assert_no_sideways_scroll, log_in, phone_page, shoot
from tests.browser.main_pages import committee_pages, main_pages  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

MIN_SIZE = 44

SMALL_TARGETS = """(min) => {
    const inRunningText = (el) => {
        if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
        let block = el.parentElement;
        while (block && getComputedStyle(block).display.startsWith("inline")) {
            block = block.parentElement;
        }
        return block.matches("p, .form-text") && block.textContent.trim() !== el.textContent.trim();
    };
    const describe = (el, r) => {
        const name = (el.textContent || el.value || el.getAttribute("aria-label") || "")
            .trim().replace(/\\s+/g, " ").slice(0, 40);
        const where = el.getAttribute("href") || el.getAttribute("name") || "";
        const cls = el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "";
        const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
        return `${el.tagName.toLowerCase()}${cls} "${name}" ${where} ${size}`;
    };
    const found = [];
    for (const el of document.querySelectorAll("main a, main button, main input[type=submit]")) {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (r.width <= 1 || r.height <= 1 || style.visibility === "hidden") continue;
        if (el.closest(".visually-hidden-focusable, .visually-hidden")) continue;
        if (inRunningText(el)) continue;
        if (r.width < min || r.height < min) found.push(describe(el, r));
    }
    return found;
}"""


def small_targets(page: Page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate(SMALL_TARGETS, MIN_SIZE)


def _sweep(page: Page, pages: list[tuple[str, str]], shot: str = "") -> list[str]:
    found = []
    for name, path in pages:
        response = page.goto(path)
        assert response is not None and response.ok, f"{name} {path}: HTTP {response.status}"
        assert_no_sideways_scroll(page)
        shoot(page, f"phone-targets-{shot}{name.replace(' ', '-')}")
        found += [f"{name} {path}: {target}" for target in small_targets(page)]
    return found


def test_every_link_and_button_is_big_enough_for_a_finger(new_context, head, main_pages):  # noqa: F811
    page = phone_page(new_context)
    log_in(page, head.username)

    found = _sweep(page, main_pages)

    assert not found, f"smaller than {MIN_SIZE}×{MIN_SIZE} px on a phone:\n" + "\n".join(found)


@pytest.mark.parametrize("persona", ["head", "member", "secretary"])
def test_the_committee_pages_are_big_enough_for_a_finger(new_context, persona, committee_pages):  # noqa: F811
    username, pages = committee_pages[persona]
    page = phone_page(new_context)
    log_in(page, username)

    found = _sweep(page, pages, shot=f"{persona}-")

    assert not found, f"smaller than {MIN_SIZE}×{MIN_SIZE} px on a phone:\n" + "\n".join(found)
