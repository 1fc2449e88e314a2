"""The pages of the centres app: landing, the list of centres, a centre's home, accounts."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from centres.models import Centre, Role
from centres.scoping import CURRENT_CENTRE_KEY
from tests.centres.factories import CentreFactory, DistrictFactory, MembershipFactory
from tests.conftest import PASSWORD

LOGIN_URL = reverse("login")


def _home_url(centre: Centre) -> str:
    return reverse("centres:centre-home", kwargs={"code": centre.code})


def _logged_in(client, user):
    client.force_login(user)
    return client


def _listed_codes(response) -> list[str]:
    return [centre.code for centre in response.context["page"]]


@pytest.fixture
def many_centres(centre_a):
    """60 more centres in A's province, so that the list has two pages."""
    province = centre_a.district.province
    for number in range(2, 62):
        CentreFactory(district=DistrictFactory(code=f"50{number:02d}", province=province))
    return Centre.objects.all()


# Login required


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(reverse("home"), id="home"),
        pytest.param(reverse("centres:centre-list"), id="centre list"),
        pytest.param(reverse("centres:centre-home", kwargs={"code": "5001"}), id="centre home"),
    ],
)
def test_it_sends_an_anonymous_visitor_to_the_login_page(client, centre_a, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


# The landing page


@pytest.mark.parametrize("persona", ["staff", "head"])
def test_it_sends_staff_and_heads_to_my_work(client, request, centre_a, persona):
    user = request.getfixturevalue(persona)
    _logged_in(client, user).get(_home_url(centre_a))  # a centre visited last does not matter

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("services:my-work")


def test_it_lands_staff_on_my_work_after_logging_in(client, staff):
    response = client.post(LOGIN_URL, {"username": staff.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(response.url).url == reverse("services:my-work")


def test_it_sends_staff_of_one_centre_and_committee_of_another_to_my_work(
    client, committee_member, centre_b
):
    MembershipFactory(user=committee_member, centre=centre_b, role=Role.STAFF)

    response = _logged_in(client, committee_member).get(reverse("home"))

    assert response.url == reverse("services:my-work")


def test_it_sends_a_committee_member_to_their_committee_home(client, committee_member):
    response = _logged_in(client, committee_member).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("committees:home")


def test_it_sends_a_provincial_officer_to_the_comparison_of_the_provinces_centres(
    client, province_officer, centre_a
):
    _logged_in(client, province_officer)
    comparison = reverse("reports:province", args=[centre_a.district.province_id])
    assert client.get(reverse("home")).url == comparison

    client.get(_home_url(centre_a))

    assert client.get(reverse("home")).url == comparison  # their landing, not the last centre


def test_it_ignores_a_last_visited_centre_the_user_may_no_longer_see(
    client, nobody, centre_a, centre_b
):
    _logged_in(client, nobody)
    session = client.session
    session[CURRENT_CENTRE_KEY] = centre_b.code
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "centres/no_access.html" in [t.name for t in response.templates]


def test_it_sends_administrators_to_the_centre_list(client, admin_user):
    response = _logged_in(client, admin_user).get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("centres:centre-list")


def test_it_tells_a_user_without_a_membership_they_have_no_access(client, nobody, centre_a):
    response = _logged_in(client, nobody).get(reverse("home"))

    assert response.status_code == 200
    assert "centres/no_access.html" in [t.name for t in response.templates]
    assert centre_a.name not in response.content.decode()


# A centre's home page


def test_it_answers_404_to_an_outsider_asking_for_another_centre(client, outsider, centre_a):
    response = _logged_in(client, outsider).get(_home_url(centre_a))

    assert response.status_code == 404


def test_it_answers_404_to_a_user_without_a_membership(client, nobody, centre_a):
    response = _logged_in(client, nobody).get(_home_url(centre_a))

    assert response.status_code == 404


def test_it_shows_a_staff_member_their_centre_with_district_and_province(client, staff, centre_a):
    response = _logged_in(client, staff).get(_home_url(centre_a))

    assert response.status_code == 200
    content = response.content.decode()
    assert centre_a.name in content
    assert "เมืองเชียงใหม่ (5001)" in content
    assert "เชียงใหม่" in content.split("(5001)", 1)[1]
    assert client.session[CURRENT_CENTRE_KEY] == "5001"


@pytest.mark.parametrize("persona", ["province_officer", "committee_member", "head"])
def test_it_shows_a_centre_home_to_its_readers(client, request, centre_a, persona):
    user = request.getfixturevalue(persona)

    response = _logged_in(client, user).get(_home_url(centre_a))

    assert response.status_code == 200
    assert centre_a.name in response.content.decode()


# The list of centres


def test_it_lists_only_the_centres_a_user_may_see(client, staff, centre_a, centre_b):
    response = _logged_in(client, staff).get(reverse("centres:centre-list"))

    content = response.content.decode()
    assert centre_b.name not in content
    assert centre_a.name in content
    assert _listed_codes(response) == ["5001"]


def test_it_lists_no_centre_to_a_user_without_a_membership(client, nobody, centre_a):
    response = _logged_in(client, nobody).get(reverse("centres:centre-list"))

    assert response.status_code == 200
    assert _listed_codes(response) == []
    assert centre_a.name not in response.content.decode()


def test_it_lists_every_centre_to_an_administrator(client, admin_user, centre_a, centre_b):
    response = _logged_in(client, admin_user).get(reverse("centres:centre-list"))

    assert _listed_codes(response) == ["4001", "5001"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("ไม่มีอำเภอนี้", [], id="nothing"),
        pytest.param("เมืองเชียงใหม่", ["5001"], id="thai district name"),
        pytest.param("khon kaen", ["4001"], id="english name"),
        pytest.param("4001", ["4001"], id="district code"),
        pytest.param("เมือง", ["4001", "5001"], id="part of a name"),
    ],
)
def test_it_searches_the_centres_by_name_and_code(
    client, admin_user, centre_a, centre_b, query, expected
):
    response = _logged_in(client, admin_user).get(reverse("centres:centre-list"), {"q": query})

    assert _listed_codes(response) == expected
    assert f'value="{query}"' in response.content.decode()


def test_it_never_widens_a_search_beyond_the_visible_centres(client, staff, centre_a, centre_b):
    response = _logged_in(client, staff).get(reverse("centres:centre-list"), {"q": "4001"})

    assert _listed_codes(response) == []


@pytest.mark.parametrize("persona", ["admin_user", "province_officer"])
def test_it_lists_many_centres_in_a_fixed_number_of_queries(
    client, request, many_centres, django_assert_max_num_queries, persona
):
    _logged_in(client, request.getfixturevalue(persona))

    with django_assert_max_num_queries(6):
        response = client.get(reverse("centres:centre-list"))

    assert response.status_code == 200
    assert len(_listed_codes(response)) == 50
    assert response.context["page"].paginator.count == 61


def test_it_shows_the_rest_of_the_centres_on_the_second_page(client, admin_user, many_centres):
    response = _logged_in(client, admin_user).get(reverse("centres:centre-list"), {"page": 2})

    assert response.status_code == 200
    assert _listed_codes(response) == [f"50{number}" for number in range(51, 62)]
    assert "5001" not in _listed_codes(response)


# The navbar


def th(msgid: str) -> str:
    with translation.override("th"):
        return translation.gettext(msgid)


def test_it_offers_no_centre_switcher_to_a_user_of_one_centre(client, staff, centre_a, centre_b):
    response = _logged_in(client, staff).get(reverse("centres:centre-list"))

    content = response.content.decode()
    assert f'<a class="nav-link" href="{_home_url(centre_a)}">{th("My centre")}</a>' in content
    assert th("Switch centre") not in content
    assert f'href="{_home_url(centre_b)}"' not in content


def test_it_reads_no_centre_for_the_navbar_of_a_user_of_one_centre(client, staff):
    _logged_in(client, staff)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("services:my-work"))

    # the list of centres is read for the switcher only (the page reads its own otherwise)
    assert not any('FROM "centres_centre"' in q["sql"] for q in queries.captured_queries)


def test_it_lists_a_multi_centre_users_centres_in_the_switcher(client, centre_a, centre_b):
    user = MembershipFactory(centre=centre_a, role=Role.HEAD).user
    MembershipFactory(user=user, centre=centre_b, role=Role.COMMITTEE)

    response = _logged_in(client, user).get(_home_url(centre_a))

    content = response.content.decode()
    assert f'href="{_home_url(centre_b)}">{centre_b.name}</a>' in content
    assert f'active" href="{_home_url(centre_a)}">{centre_a.name}</a>' in content


# Language


def test_it_speaks_thai_by_default(client):
    response = client.get(LOGIN_URL)

    assert '<html lang="th">' in response.content.decode()


def test_it_switches_to_english_on_request(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN_URL})

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert '<html lang="en">' in client.get(LOGIN_URL).content.decode()


# Accounts


def test_it_logs_a_user_in_with_their_password(client, staff):
    response = client.post(LOGIN_URL, {"username": staff.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(staff.pk)


def test_it_asks_for_login_before_changing_a_password(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN_URL}?next=")


def test_it_keeps_the_password_when_the_old_one_is_wrong(client, staff):
    response = _logged_in(client, staff).post(
        reverse("password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "Fresh-pass-456!",
            "new_password2": "Fresh-pass-456!",
        },
    )

    assert response.status_code == 422
    assert response.context["form"].errors["old_password"]
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_it_changes_the_password(client, staff):
    _logged_in(client, staff)
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Fresh-pass-456!",
            "new_password2": "Fresh-pass-456!",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    staff.refresh_from_db()
    assert staff.check_password("Fresh-pass-456!")
    assert not staff.check_password(PASSWORD)


def test_it_does_not_log_out_on_a_get(client, staff):
    response = _logged_in(client, staff).get(reverse("logout"))

    assert response.status_code == 405
    assert SESSION_KEY in client.session


def test_it_logs_out_on_a_post(client, staff):
    response = _logged_in(client, staff).post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).url.startswith(LOGIN_URL)


def test_a_wrong_password_at_login_answers_422_with_the_form_again(client, staff):
    response = client.post(reverse("login"), {"username": staff.username, "password": "wrong"})

    assert response.status_code == 422
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors
