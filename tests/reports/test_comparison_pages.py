"""Who sees the province comparison and the national page (everyone else: 404), bad choosers and
sorts fall back to the defaults, the columns of figures not yet counted stay away, the queries
do not grow with the centres, and the provincial officer lands on their comparison."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from centres.models import Province
from portal.lib.fiscal import fiscal_year
from reports.models import WHOLE_YEAR, Backlog, Tally
from tests.centres.factories import CentreFactory, DistrictFactory, MembershipFactory, UserFactory
from tests.untranslated import english_on

pytestmark = pytest.mark.date_sensitive


def _province_url(code: str = "50", query: str = "") -> str:
    return reverse("reports:province", args=[code]) + query


def _year() -> int:
    return fiscal_year(timezone.localdate())


def _figures(centre, **values) -> None:
    """Roll-up cells of the current fiscal year, as the whole year and October."""
    for measure, value in values.items():
        name = "requests." + measure.replace("__", ".")
        for month in (WHOLE_YEAR, 1):
            Tally.objects.create(
                centre=centre, fiscal_year=_year(), month=month, measure=name, value=value
            )


def _centres(province, count: int, first: int = 6000) -> list:
    centres = []
    for number in range(count):
        district = DistrictFactory(code=f"{first + number}", province=province)
        centre = CentreFactory(district=district)
        _figures(centre, received=number + 1, resolved=number, on_time=number // 2, days__3=number)
        Backlog.objects.create(
            centre=centre, due_date=timezone.localdate(), open=2, unassigned=1, urgent=0
        )
        centres.append(centre)
    return centres


# Who sees what


@pytest.mark.parametrize(
    "persona", ["staff", "head", "committee_member", "outsider", "nobody", "other_officer"]
)
def test_it_answers_404_to_anyone_but_the_provinces_officers(client, centre_a, persona, request):
    if persona == "other_officer":
        user = UserFactory(username="province_40")
        other = request.getfixturevalue("centre_b").district.province
        MembershipFactory(user=user, centre=None, province=other, role="province")
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)

    assert client.get(_province_url()).status_code == 404
    assert client.get(reverse("reports:province-print", args=["50"])).status_code == 404
    for fmt in ("xlsx", "csv"):
        assert client.get(reverse("reports:province-export", args=["50", fmt])).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "head", "province_officer", "outsider", "nobody"])
def test_it_shows_the_national_page_to_administrators_only(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("reports:national")).status_code == 404
    assert client.get(reverse("reports:national-export", args=["xlsx"])).status_code == 404


def test_it_asks_anonymous_users_to_log_in(client, centre_a):
    response = client.get(_province_url())

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_a_province_to_its_officer_and_to_administrators(
    client, province_officer, admin_user
):
    for user in (province_officer, admin_user):
        client.force_login(user)
        assert client.get(_province_url()).status_code == 200
    assert client.get(reverse("reports:national")).status_code == 200


def test_it_answers_404_for_a_province_that_does_not_exist(client, admin_user):
    client.force_login(admin_user)

    assert client.get(_province_url("99")).status_code == 404


def test_it_leads_the_provincial_officer_home_to_their_comparison(client, province_officer):
    client.force_login(province_officer)

    response = client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"] == _province_url()


# Choosers and sorting


@pytest.mark.parametrize(
    "query",
    [
        "?sort=evil",
        "?sort=--received",
        "?sort=",
        "?fiscal_year=abc&month=99",
        "?fiscal_year=2400&month=-1",
        "?fiscal_year=99999999999999999999999&month=๓",
        "?map=nothing&sort=name'--",
    ],
)
def test_it_falls_back_to_the_defaults_on_values_it_does_not_offer(
    client, province_officer, admin_user, query
):
    client.force_login(province_officer)
    response = client.get(_province_url(query=query))

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.period.year == _year() and comparison.period.month == WHOLE_YEAR
    assert comparison.sort == "name" and not comparison.descending
    client.force_login(admin_user)
    assert client.get(reverse("reports:national") + query).status_code == 200


def test_it_offers_fiscal_years_and_months_from_the_calendar_in_be(client, province_officer):
    client.force_login(province_officer)

    context = client.get(_province_url()).context

    year = _year()
    assert context["years"] == [year, year - 1, year - 2, year - 3, year - 4]
    assert context["months"][0][0] == WHOLE_YEAR
    assert context["months"][1] == (1, f"ตุลาคม {year - 1}")
    assert context["months"][12] == (12, f"กันยายน {year}")


def test_it_sorts_by_any_column_both_ways(client, province_officer, centre_a):
    province = centre_a.district.province
    _centres(province, 3)
    client.force_login(province_officer)

    ascending = client.get(_province_url(query="?sort=received")).context["comparison"]
    descending = client.get(_province_url(query="?sort=-received")).context["comparison"]

    up = [row.figures["received"] for row in ascending.rows]
    assert up == sorted(up) and up[-1] == 3
    assert [row.code for row in descending.rows][:3] == ["6002", "6001", "6000"]


def test_it_marks_the_sorted_column_and_links_the_other_way(client, province_officer):
    client.force_login(province_officer)

    response = client.get(_province_url(query="?sort=-on_time"))

    headers = {h["key"]: h for h in response.context["headers"]}
    assert headers["on_time"]["aria_sort"] == "descending"
    assert "sort=on_time" in headers["on_time"]["url"]
    assert headers["received"]["aria_sort"] == "" and "sort=-received" in headers["received"]["url"]
    assert headers["name"]["aria_sort"] == ""


def test_it_shows_the_referral_and_committee_columns_only_when_counted(
    client, province_officer, centre_a
):
    client.force_login(province_officer)
    before = [c.key for c in client.get(_province_url()).context["comparison"].columns]
    counted = (("referrals.sent", 4), ("referrals.money", 1500), ("committee.cases", 2))
    for measure, value in counted:
        Tally.objects.create(
            centre=centre_a, fiscal_year=_year(), month=0, measure=measure, value=value
        )

    after = client.get(_province_url()).context["comparison"]

    assert "referrals" not in before and "committee_cases" not in before
    assert {"referrals", "accepted", "money", "committee_cases"} <= {c.key for c in after.columns}
    assert after.total.figures["money"] == Decimal("1500.00")


def test_it_leaves_no_english_on_the_pages(client, province_officer, admin_user, centre_a):
    _centres(centre_a.district.province, 2)
    english = {}
    for user, url in (
        (province_officer, _province_url()),
        (province_officer, reverse("reports:province-print", args=["50"])),
        (admin_user, reverse("reports:national")),
    ):
        client.force_login(user)
        found = english_on(client.get(url).content.decode(), ("admin",))
        if found:
            english[url] = found
    assert english == {}


# Queries do not grow with the centres


@pytest.mark.parametrize("count", [10, 100])
def test_it_reads_the_province_in_the_same_queries_for_10_and_100_centres(
    client, province_officer, django_assert_num_queries, count
):
    _centres(Province.objects.get(code="50"), count)
    client.force_login(province_officer)
    client.get(_province_url())  # the session's first read

    with django_assert_num_queries(8):
        response = client.get(_province_url(query="?sort=-on_time"))
    assert len(response.context["comparison"].rows) == count + 1  # and centre A


@pytest.mark.parametrize("count", [10, 100])
def test_it_reads_the_country_in_the_same_queries_for_10_and_100_centres(
    client, admin_user, django_assert_num_queries, count
):
    for number in range(count):
        province = Province.objects.create(code=f"{number:02d}", name_th=f"จังหวัด {number}")
        _centres(province, 1, first=6000 + number)
    client.force_login(admin_user)
    client.get(reverse("reports:national"))
    cache.clear()  # the figures' own read, not the minute's copy

    with django_assert_num_queries(7):
        response = client.get(reverse("reports:national") + "?map=on_time")
    assert len(response.context["comparison"].rows) == count
    assert response.context["comparison"].total.figures["received"] == count


@pytest.mark.parametrize("count", [10, 100])
def test_it_exports_in_the_same_queries_for_10_and_100_centres(
    client, province_officer, admin_user, django_assert_num_queries, count
):
    _centres(Province.objects.get(code="50"), count)
    client.force_login(province_officer)
    url = reverse("reports:province-export", args=["50", "xlsx"])
    client.get(url)

    with django_assert_num_queries(8):  # the session, the user, the roles; then the figures
        assert client.get(url + "?sort=-overdue").status_code == 200
    client.force_login(admin_user)
    with django_assert_num_queries(6):
        assert client.get(reverse("reports:national-export", args=["csv"])).status_code == 200


# The national figures are read at most once a minute


def _received_on_the_national_page(client) -> Decimal:
    return client.get(reverse("reports:national")).context["comparison"].total.figures["received"]


def test_the_national_page_reads_the_figures_again_after_the_minute(
    client, admin_user, centre_a, django_assert_num_queries, settings
):
    settings.NATIONAL_FIGURES_SECONDS = 60
    _figures(centre_a, received=5)
    client.force_login(admin_user)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert _received_on_the_national_page(client) == 5
        Tally.objects.filter(measure="requests.received").update(value=9)

        with django_assert_num_queries(4):  # the session, the user, the provinces, the roles
            assert _received_on_the_national_page(client) == 5
        clock.shift(61)
        assert _received_on_the_national_page(client) == 9


def test_the_national_page_says_when_its_figures_were_read(client, admin_user):
    client.force_login(admin_user)
    moment = datetime(2026, 11, 26, 14, 5, tzinfo=ZoneInfo("Asia/Bangkok"))
    with time_machine.travel(moment, tick=False):
        page = client.get(reverse("reports:national"))

    assert "ตัวเลข ณ 26 พ.ย. 2569 14:05" in page.content.decode()
    assert "figures-as-of" not in client.get(_province_url()).content.decode()  # read live


def test_no_figures_are_kept_when_the_setting_is_0(client, admin_user, centre_a, settings):
    settings.NATIONAL_FIGURES_SECONDS = 0
    _figures(centre_a, received=5)
    client.force_login(admin_user)
    assert _received_on_the_national_page(client) == 5

    Tally.objects.filter(measure="requests.received").update(value=9)

    assert _received_on_the_national_page(client) == 9
