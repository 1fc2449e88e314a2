"""What the browser journeys share: logging in, the phone's size, the sideways-scroll check,
screenshots, and picking a suggestion from a text box's <datalist> (see static/js/portal.js).

Selectors use names, ids and URLs, never translated text: the Thai labels change as the
translation is filled in.
"""

import re
import struct
import zlib
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD

PHONE = {"width": 390, "height": 844}
# Screenshots for a human to look at; kept out of the repository.
SHOTS = Path("/tmp/shots")
BE_YEAR = re.compile(r"\b25[6-9]\d\b")


def phone_page(new_context) -> Page:
    return new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def assert_no_sideways_scroll(page: Page) -> None:
    """Call once the page's URL is the expected one: then waits for that page to be loaded."""
    page.wait_for_load_state("load")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]}px wide in a {widths[1]}px window"


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def pick_suggestion(box: Locator, typed: str, expected: str) -> str:
    """Type into a box with suggestions, wait for the one containing ``expected``, and choose
    it (what choosing an option of the browser's list does: the box takes its value)."""
    box.fill(typed)
    list_id = box.get_attribute("list")
    assert list_id, "the box has no suggestions list: portal.js did not run"
    assert '"' not in expected
    option = box.page.locator(f'datalist#{list_id} option[value*="{expected}"]').first
    expect(option).to_be_attached()
    label = option.get_attribute("value")
    box.fill(label)
    return label


def tiny_png(path: Path) -> Path:
    """A valid 2×2 PNG (a real image: the upload checks the content, not only the name)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)  # 2×2, 8-bit RGB
    rows = b"".join(b"\x00" + b"\x20\x90\x40" * 2 for _ in range(2))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


# axe-core, vendored as a test asset (tests/browser/assets/axe-core/README.md gives its version).
AXE = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page) -> list[str]:
    """Run axe-core's WCAG 2.2 A/AA rules on the loaded page; one line per failing rule with the
    selectors of its elements (the first ten)."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the page's CSP refuses inline scripts.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return r.violations.map(
                v => [v.id, v.nodes.length, v.nodes.map(n => n.target.join(" "))]
            );
        }""",
        WCAG_TAGS,
    )
    return [f"{rule} ({count}): {', '.join(targets[:10])}" for rule, count, targets in result]
