from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import dateformat, translation
from django.utils.formats import date_format

from portal.lib.dates import THAI_MONTHS, THAI_MONTHS_ABBR

NOV_26 = date(2026, 11, 26)


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_the_date_filter_shows_the_be_year_in_thai():
    with translation.override("th"):
        assert render('{{ d|date:"j M Y" }}', d=NOV_26) == "26 พ.ย. 2569"


def test_the_date_filter_shows_the_ce_year_in_english():
    with translation.override("en"):
        assert render('{{ d|date:"j M Y" }}', d=NOV_26) == "26 Nov 2026"


def test_the_two_digit_year_is_be_in_thai_and_ce_in_english():
    with translation.override("th"):
        assert dateformat.format(NOV_26, "y") == "69"
    with translation.override("en"):
        assert dateformat.format(NOV_26, "y") == "26"


def test_the_named_formats_show_the_be_year_in_thai():
    with translation.override("th"):
        assert date_format(NOV_26) == "26 พ.ย. 2569"
        assert date_format(NOV_26, "SHORT_DATE_FORMAT") == "26/11/2569"
        assert date_format(NOV_26, "YEAR_MONTH_FORMAT") == "พฤศจิกายน 2569"
        assert render("{{ d|date }}", d=NOV_26) == "26 พ.ย. 2569"


def test_the_named_formats_show_the_ce_year_in_english():
    with translation.override("en"):
        assert date_format(NOV_26) == "26 Nov 2026"
        assert date_format(NOV_26, "SHORT_DATE_FORMAT") == "26/11/2026"


def test_a_datetime_shows_in_bangkok_time_with_the_be_year():
    moment = datetime(2026, 11, 26, 7, 5, tzinfo=UTC)
    with translation.override("th"):
        assert render("{{ t|date:'DATETIME_FORMAT' }}", t=moment) == "26 พ.ย. 2569 14:05"


@pytest.mark.parametrize("month", range(1, 13))
def test_thai_month_names_match_the_portals_own(month):
    """Django's Thai catalogue supplies M and F; this pins them to portal.lib.dates."""
    with translation.override("th"):
        assert dateformat.format(date(2026, month, 1), "M") == THAI_MONTHS_ABBR[month - 1]
        assert dateformat.format(date(2026, month, 1), "F") == THAI_MONTHS[month - 1]


def test_machine_readable_formats_keep_the_ce_year_in_thai():
    with translation.override("th"):
        assert dateformat.format(NOV_26, "c") == "2026-11-26"
        assert dateformat.format(date(2026, 12, 28), "o") == "2026"


def test_the_patch_agrees_with_the_portals_own_formatting():
    from portal.lib.dates import format_be_date

    with translation.override("th"):
        assert render("{{ d|date }}", d=NOV_26) == format_be_date(NOV_26)


def test_installing_the_patch_twice_does_not_add_543_twice():
    from portal.apps import install_be_year_patch

    install_be_year_patch()
    with translation.override("th"):
        assert dateformat.format(NOV_26, "Y") == "2569"
