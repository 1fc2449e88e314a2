"""Small charts drawn on the server as inline SVG (they print, need no script, and pass the
Content-Security-Policy: colours are CSS classes in static/css/reports.css): a row's trend as a
sparkline, and the provinces as a tile map shaded by one figure."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

TILES_FILE = Path(__file__).resolve().parent / "data" / "province_tiles.json"
TILE_WIDTH, TILE_HEIGHT, GAP = 64, 40, 2
SHADES = 5  # shade-1 (least) … shade-5 (most); shade-0 is "no figure"

SPARK_WIDTH, SPARK_HEIGHT = 72, 20


def sparkline(values: Sequence[int | Decimal]) -> str:
    """The polyline points of a 12-month trend in a 72 × 20 box (the highest month on top)."""
    if not values:
        return ""
    top = max(values) or 1
    step = SPARK_WIDTH / max(len(values) - 1, 1)
    inner = SPARK_HEIGHT - 2
    return " ".join(
        f"{index * step:.1f},{1 + inner - float(value) / float(top) * inner:.1f}"
        for index, value in enumerate(values)
    )


@cache
def tile_positions() -> dict[str, tuple[int, int]]:
    """Province code → (column, row) of its tile (reports/data/province_tiles.json)."""
    data = json.loads(TILES_FILE.read_text(encoding="utf-8"))
    data.pop("_about", None)
    return {code: (int(x), int(y)) for code, (x, y) in data.items()}


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: int
    y: int
    text: str  # the figure as shown
    shade: int
    url: str

    @property
    def middle(self) -> int:
        return self.x + TILE_WIDTH // 2


@dataclass(frozen=True)
class Band:
    shade: int
    low: str
    high: str


@dataclass(frozen=True)
class TileMap:
    tiles: list[Tile]
    legend: list[Band]
    width: int
    height: int


def shade_of(value, low, high) -> int:
    """Which of the equal bands from ``low`` to ``high`` holds ``value`` (0 when no value)."""
    if value is None:
        return 0
    if high == low:
        return SHADES
    band = int((Decimal(value) - low) / (high - low) * SHADES) + 1
    return min(band, SHADES)


def tile_map(rows, key: str, text_of) -> TileMap:
    """The provinces' tiles shaded by figure ``key`` of each row (``rows``: code, name, url and
    figures), with a legend of the bands; ``text_of(value)`` formats a figure."""
    positions = tile_positions()
    values = [row.figures.get(key) for row in rows if row.code in positions]
    present = [Decimal(v) for v in values if v is not None]
    low, high = (min(present), max(present)) if present else (Decimal(0), Decimal(0))
    tiles = [
        Tile(
            code=row.code,
            name=row.name,
            x=positions[row.code][0] * (TILE_WIDTH + GAP),
            y=positions[row.code][1] * (TILE_HEIGHT + GAP),
            text=text_of(row.figures.get(key)),
            shade=shade_of(row.figures.get(key), low, high),
            url=row.url,
        )
        for row in rows
        if row.code in positions
    ]
    legend = []
    if present:
        width = (high - low) / SHADES
        bands = 1 if high == low else SHADES
        for band in range(bands):
            shade = SHADES if bands == 1 else band + 1
            legend.append(
                Band(shade, text_of(low + width * band), text_of(low + width * (band + 1)))
            )
    columns = max((x for x, _y in positions.values()), default=0) + 1
    lines = max((y for _x, y in positions.values()), default=0) + 1
    return TileMap(
        tiles, legend, columns * (TILE_WIDTH + GAP) - GAP, lines * (TILE_HEIGHT + GAP) - GAP
    )
