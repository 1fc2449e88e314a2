"""The small generic helpers of portal.lib that the apps share: a user's name and months."""

from datetime import date

from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.utils import translation

from portal.lib.months import month_label, months_between, parse_month
from portal.lib.users import display_name


def test_it_names_a_user_by_full_name_else_login_name():
    user = get_user_model()(username="somchai", first_name="สมชาย", last_name="ใจดี")
    assert display_name(user) == "สมชาย ใจดี"
    assert display_name(get_user_model()(username="somchai")) == "somchai"
    assert display_name(None) == ""


def test_it_offers_the_name_to_templates_as_a_builtin_filter():
    user = get_user_model()(username="somchai", first_name="สมชาย")
    assert Template("{{ u|display_name }}").render(Context({"u": user})) == "สมชาย"


def test_it_parses_only_real_months():
    assert parse_month("2026-11") == date(2026, 11, 1)
    assert parse_month(" 2026-1 ") == date(2026, 1, 1)
    for text in ("2026-13", "2026-0", "26-11", "1800-01", "", None, "2026-11-01"):
        assert parse_month(text) is None


def test_it_lists_months_newest_first_across_a_year_end():
    months = months_between(date(2026, 11, 20), date(2027, 2, 3))
    assert months == [date(2027, 2, 1), date(2027, 1, 1), date(2026, 12, 1), date(2026, 11, 1)]
    assert len(months_between(date(2000, 1, 1), date(2026, 1, 1), limit=5)) == 5


def test_it_names_a_month_with_the_buddhist_year_in_thai():
    with translation.override("th"):
        assert month_label(2026, 11) == "พฤศจิกายน 2569"
    with translation.override("en"):
        assert month_label(2026, 11) == "November 2026"
