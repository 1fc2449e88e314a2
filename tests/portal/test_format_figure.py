"""``format_figure`` writes a figure as Django's ``floatformat`` does in Thai and in English,
only without reading the locale's formats for each one."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from portal.lib.numbers import format_figure

FIGURES = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
    ),
    st.sampled_from([Decimal("0.005"), Decimal("2.675"), Decimal("-0.001"), Decimal("12.50")]),
)
STYLES = [  # (floatformat's argument, format_figure's)
    (1, {"places": 1}),
    (2, {"places": 2}),
    ("-2g", {"places": 2, "trim": True, "grouped": True}),
]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(("argument", "style"), STYLES)
@given(value=FIGURES)
def test_it_writes_what_floatformat_writes(language, argument, style, value):
    with translation.override(language):
        assert format_figure(value, **style) == floatformat(value, argument)


def test_examples():
    assert format_figure(Decimal("1234567.891"), 2, trim=True, grouped=True) == "1,234,567.89"
    assert format_figure(4200, 2, trim=True, grouped=True) == "4,200"
    assert format_figure(Decimal("87.25"), 1) == "87.3"  # half up, not to even
