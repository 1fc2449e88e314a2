"""The server-drawn charts: the provinces' tile grid covers the 77 provinces once each, the
sparkline fits its box, the map's shades and legend follow the figure."""

from decimal import Decimal

import geothai

from reports.charts import SHADES, shade_of, sparkline, tile_map, tile_positions
from reports.comparison import Row


def test_it_places_every_province_once_on_the_tile_grid():
    positions = tile_positions()

    assert set(positions) == {province.code for province in geothai.provinces()}
    assert len(set(positions.values())) == len(positions) == 77


def test_it_draws_a_trend_inside_its_box_with_the_highest_month_on_top():
    points = [tuple(map(float, p.split(","))) for p in sparkline([0, 5, 10] + [0] * 9).split()]

    assert len(points) == 12
    assert all(0 <= x <= 72 and 0 <= y <= 20 for x, y in points)
    assert points[2][1] == min(y for _x, y in points)
    assert sparkline([0] * 12)  # a flat line, no division by zero


def test_it_shades_the_provinces_in_bands_and_leaves_those_without_a_figure_grey():
    rows = [
        Row("50", "เชียงใหม่", {"on_time": Decimal("100")}, url="/p/50/"),
        Row("40", "ขอนแก่น", {"on_time": Decimal("0")}),
        Row("10", "กรุงเทพมหานคร", {"on_time": None}),
    ]

    tiles = tile_map(rows, "on_time", lambda value: "–" if value is None else f"{value:.1f}")

    shades = {tile.code: tile.shade for tile in tiles.tiles}
    assert shades == {"50": SHADES, "40": 1, "10": 0}
    assert [band.shade for band in tiles.legend] == [1, 2, 3, 4, 5]
    assert tiles.legend[0].low == "0.0" and tiles.legend[-1].high == "100.0"
    assert shade_of(Decimal(7), Decimal(7), Decimal(7)) == SHADES
