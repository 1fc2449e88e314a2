"""The tile map's shades keep their text readable: each shade's text colour against its fill
is at least 4.5 : 1 (WCAG AA), read from static/css/reports.css."""

import re
from pathlib import Path

import pytest

from reports.charts import SHADES

CSS = (Path(__file__).resolve().parents[2] / "static/css/reports.css").read_text()


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _fill(shade: int) -> str:
    return re.search(rf"\.shade-{shade} {{ fill: (#[0-9a-f]{{6}})", CSS)[1]


def _text(shade: int) -> str:
    for rule in re.finditer(r"([^}]*?)\{ fill: (#[0-9a-f]{3,6}); color: \2; \}", CSS):
        if f".shade-{shade}-text" in rule[1]:
            colour = rule[2]
            return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour
    raise AssertionError(f"no text colour for shade {shade}")


@pytest.mark.parametrize("shade", range(SHADES + 1))
def test_it_keeps_each_shades_text_readable(shade):
    light, dark = sorted([_luminance(_fill(shade)), _luminance(_text(shade))], reverse=True)

    assert (light + 0.05) / (dark + 0.05) >= 4.5
