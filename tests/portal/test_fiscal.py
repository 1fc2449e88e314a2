from datetime import date

from portal.lib.fiscal import (
    BE_OFFSET,
    fiscal_month_starts,
    fiscal_year,
    fiscal_year_range,
    to_be_year,
    to_ce_year,
)


def test_it_converts_between_ce_and_be_years():
    assert BE_OFFSET == 543
    assert to_be_year(2026) == 2569
    assert to_ce_year(2569) == 2026


def test_it_names_the_fiscal_year_by_the_be_year_it_ends_in():
    assert fiscal_year(date(2026, 10, 1)) == 2570
    assert fiscal_year(date(2027, 9, 30)) == 2570


def test_it_starts_a_new_fiscal_year_on_the_first_of_october():
    assert fiscal_year(date(2026, 9, 30)) == 2569
    assert fiscal_year(date(2026, 10, 1)) == 2570


def test_it_puts_january_in_the_fiscal_year_that_began_the_october_before():
    assert fiscal_year(date(2027, 1, 15)) == 2570
    assert fiscal_year(date(2026, 12, 31)) == 2570


def test_it_gives_the_first_and_last_day_of_a_fiscal_year():
    assert fiscal_year_range(2570) == (date(2026, 10, 1), date(2027, 9, 30))


def test_every_day_of_the_range_belongs_to_that_fiscal_year():
    start, end = fiscal_year_range(2569)
    assert fiscal_year(start) == fiscal_year(end) == 2569
    assert (end - start).days + 1 in (365, 366)


def test_it_lists_the_twelve_months_of_a_fiscal_year_from_october_to_september():
    months = fiscal_month_starts(2570)
    assert len(months) == 12
    assert months[0] == date(2026, 10, 1)
    assert months[2] == date(2026, 12, 1)
    assert months[3] == date(2027, 1, 1)
    assert months[-1] == date(2027, 9, 1)
    assert {fiscal_year(m) for m in months} == {2570}
