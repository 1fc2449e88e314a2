from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.templatetags.thaidates import be_year_label

NOV_26 = date(2026, 11, 26)


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_the_filters_need_no_load_tag():
    with translation.override("th"):
        assert render("{{ d|bedate }}", d=NOV_26) == "26 พ.ย. 2569"


def test_it_renders_short_and_long_be_dates_in_thai():
    with translation.override("th"):
        assert render("{{ d|bedate_long }}", d=NOV_26) == "26 พฤศจิกายน 2569"


def test_it_renders_ce_dates_in_english():
    with translation.override("en"):
        assert render("{{ d|bedate }} / {{ d|bedate_long }}", d=NOV_26) == (
            "26 Nov 2026 / 26 November 2026"
        )


def test_it_renders_a_date_as_it_is_typed():
    with translation.override("th"):
        assert render("{{ d|numeric_date }}", d=NOV_26) == "26/11/2569"
    with translation.override("en"):
        assert render("{{ d|numeric_date }}", d=NOV_26) == "26/11/2026"
    assert render("{{ d|numeric_date }}", d=None) == ""


def test_it_renders_a_datetime_in_bangkok_time():
    moment = datetime(2026, 11, 25, 23, 5, tzinfo=UTC)
    with translation.override("th"):
        assert render("{{ t|bedatetime }}", t=moment) == "26 พ.ย. 2569 06:05"
        assert render("{{ t|bedate }}", t=moment) == "26 พ.ย. 2569"


def test_it_renders_the_fiscal_year_of_a_date():
    assert render("{{ d|fiscal_year }}", d=date(2026, 10, 1)) == "2570"
    assert render("{{ d|fiscal_year }}", d=date(2026, 9, 30)) == "2569"


def test_it_renders_the_fiscal_year_of_a_datetime_by_its_bangkok_date():
    # 30 Sep 2026 20:00 UTC is already 1 Oct 2026 in Bangkok.
    moment = datetime(2026, 9, 30, 20, 0, tzinfo=UTC)
    assert render("{{ t|fiscal_year }}", t=moment) == "2570"


def test_it_masks_a_thai_id():
    assert render("{{ i|thai_id_masked }}", i="1101700203450") == "x-xxxx-xxxxx-xx-0"


def test_it_formats_a_phone_number_and_shows_an_odd_one_as_stored():
    assert render("{{ p|thai_phone }}", p="0812345678") == "081-234-5678"
    assert render("{{ p|thai_phone }}", p="+66 2 123 4567") == "02-123-4567"
    assert render("{{ p|thai_phone }}", p="ext. 12") == "ext. 12"


@pytest.mark.parametrize(
    "filter_name",
    ["bedate", "bedate_long", "bedatetime", "fiscal_year", "thai_id_masked", "thai_phone"],
)
@pytest.mark.parametrize("value", [None, ""])
def test_empty_values_render_as_nothing(filter_name, value):
    assert render("{{ v|" + filter_name + " }}", v=value) == ""


@pytest.mark.parametrize(
    ("label", "thai", "english"),
    [
        ("2026", "2569", "2026"),
        (2025, "2568", 2025),
        ("พฤศจิกายน 2569", "พฤศจิกายน 2569", "พฤศจิกายน 2569"),  # already formatted: unchanged
        ("26 พฤศจิกายน", "26 พฤศจิกายน", "26 พฤศจิกายน"),
        ("ทุกวัน", "ทุกวัน", "ทุกวัน"),
    ],
)
def test_a_bare_year_label_is_be_in_thai_and_left_alone_otherwise(label, thai, english):
    with translation.override("th"):
        assert be_year_label(label) == thai
    with translation.override("en"):
        assert be_year_label(label) == english
