from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from portal.lib.dates import (
    ThaiDateError,
    format_be_date,
    format_be_datetime,
    format_numeric_date,
    parse_thai_date,
)


@pytest.mark.parametrize(
    "text",
    ["26/11/2569", "26-11-2569", "26.11.2569", "26 11 2569", "26112569", " 26/11/2569 "],
)
def test_it_reads_a_be_year_as_thai_users_type_it(text):
    assert parse_thai_date(text) == date(2026, 11, 26)


def test_it_never_keeps_a_be_year_as_a_ce_year():
    parsed = parse_thai_date("26/11/2569")
    assert parsed.year == 2026
    assert parsed != date(2569, 11, 26)


def test_it_reads_days_and_months_without_leading_zeros():
    assert parse_thai_date("1/2/2569") == date(2026, 2, 1)


def test_it_reads_a_ce_year_as_ce():
    assert parse_thai_date("26/11/2026") == date(2026, 11, 26)


def test_it_reads_iso_dates_as_ce():
    assert parse_thai_date("2026-11-26") == date(2026, 11, 26)


def test_it_reads_an_iso_date_with_a_be_year_as_be():
    assert parse_thai_date("2569-11-26") == date(2026, 11, 26)


def test_it_reads_thai_digits():
    assert parse_thai_date("๒๖/๑๑/๒๕๖๙") == date(2026, 11, 26)


def test_it_accepts_29_february_of_a_leap_year():
    assert parse_thai_date("29/02/2567") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text", ["29/02/2569", "31/02/2569", "31/04/2569", "00/01/2569", "1/13/2569"]
)
def test_it_refuses_a_day_that_does_not_exist(text):
    with pytest.raises(ThaiDateError) as raised:
        parse_thai_date(text)
    assert raised.value.code == "nonexistent"


@pytest.mark.parametrize(
    "text", ["26/11/1899", "26/11/2400", "26/11/2300", "26/11/2744", "0001-01-01"]
)
def test_it_refuses_a_year_out_of_range(text):
    with pytest.raises(ThaiDateError) as raised:
        parse_thai_date(text)
    assert raised.value.code == "year_out_of_range"


def test_it_accepts_the_edges_of_the_year_range():
    assert parse_thai_date("01/01/2443") == date(1900, 1, 1)
    assert parse_thai_date("31/12/2743") == date(2200, 12, 31)


@pytest.mark.parametrize(
    "text", ["", "26/11/69", "26/11-2569", "2569/11/26", "26 พ.ย. 2569", "tomorrow", "1/1/2569x"]
)
def test_it_refuses_other_shapes(text):
    with translation.override("en"), pytest.raises(ThaiDateError) as raised:
        parse_thai_date(text)
    assert raised.value.code == "invalid"
    assert str(raised.value) == "Enter a date as dd/mm/yyyy, for example 26/11/2569."


def test_its_errors_are_value_errors():
    with pytest.raises(ValueError):
        parse_thai_date("31/02/2569")


def test_it_reads_the_last_and_first_day_of_a_fiscal_year():
    assert parse_thai_date("30/09/2569") == date(2026, 9, 30)
    assert parse_thai_date("01/10/2569") == date(2026, 10, 1)


def test_it_formats_a_date_with_the_be_year_in_thai():
    with translation.override("th"):
        assert format_be_date(date(2026, 11, 26)) == "26 พ.ย. 2569"
        assert format_be_date(date(2026, 11, 26), long=True) == "26 พฤศจิกายน 2569"
        assert format_be_date(date(2027, 1, 1)) == "1 ม.ค. 2570"


def test_it_formats_a_date_with_the_ce_year_in_english():
    with translation.override("en"):
        assert format_be_date(date(2026, 11, 26)) == "26 Nov 2026"
        assert format_be_date(date(2026, 11, 26), long=True) == "26 November 2026"


def test_it_formats_the_short_numeric_form_by_language():
    with translation.override("th"):
        assert format_numeric_date(date(2026, 2, 1)) == "01/02/2569"
    with translation.override("en"):
        assert format_numeric_date(date(2026, 2, 1)) == "01/02/2026"


def test_it_formats_a_datetime_in_bangkok_time():
    # 23:05 UTC on 25 Nov is 06:05 on 26 Nov in Bangkok (UTC+7).
    moment = datetime(2026, 11, 25, 23, 5, tzinfo=UTC)
    with translation.override("th"):
        assert format_be_datetime(moment) == "26 พ.ย. 2569 06:05"
    with translation.override("en"):
        assert format_be_datetime(moment) == "26 Nov 2026 06:05"


def test_it_takes_a_naive_datetime_as_local_time():
    with translation.override("th"):
        assert format_be_datetime(datetime(2026, 11, 26, 14, 5)) == "26 พ.ย. 2569 14:05"
