"""Sign-in lockout (django-axes, portal/signin.py): a username is locked at one address after
repeated failures there, for a finite cool-off, with a Thai page; other addresses still sign in;
failures are logged; a username failing from many addresses is logged and shown in the admin;
an administrator unlocks."""

import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = reverse("login")
ATTACKER, DESK = "10.0.0.66", "10.0.0.7"


def _try(client, username: str, password: str, address: str = ATTACKER):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username: str, times: int, address: str = ATTACKER) -> None:
    for _ in range(times):
        _try(client, username, "wrong-password", address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("persona", ["staff", "admin_user"])
def test_it_refuses_the_right_password_after_thirty_wrong_ones(client, request, persona):
    user = request.getfixturevalue(persona)
    _fail(client, user.username, 30)

    response = _try(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert not _signed_in(client)
    html = response.content.decode()
    assert "ใส่รหัสผ่านผิดหลายครั้งเกินไป" in html
    assert 'name="password"' in html  # the login page's layout, not a bare text
    assert response["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))


def test_it_locks_at_the_limit_and_not_before(client, staff):
    _fail(client, staff.username, settings.AXES_FAILURE_LIMIT - 1)
    assert _try(client, staff.username, PASSWORD).status_code == 302

    client.logout()
    _fail(client, staff.username, settings.AXES_FAILURE_LIMIT)
    assert _try(client, staff.username, PASSWORD).status_code == 429


def test_it_lets_the_user_in_again_after_the_cool_off(client, staff):
    _fail(client, staff.username, 30)
    assert _try(client, staff.username, PASSWORD).status_code == 429

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        response = _try(client, staff.username, PASSWORD)

    assert response.status_code == 302
    assert _signed_in(client)


def test_it_keeps_the_cool_off_finite_while_someone_keeps_trying(client, staff):
    _fail(client, staff.username, 30)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME - timedelta(minutes=1)):
        _fail(client, staff.username, 10)  # while locked out: not counted, no extension

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert _try(client, staff.username, PASSWORD).status_code == 302


def test_it_lets_the_user_sign_in_from_another_address(client, staff):
    _fail(client, staff.username, 30)

    response = _try(client, staff.username, PASSWORD, address=DESK)

    assert response.status_code == 302
    assert _signed_in(client)


def test_it_logs_and_keeps_every_failure(client, staff, caplog):
    with caplog.at_level(logging.WARNING):
        _fail(client, staff.username, 7)

    assert AccessFailureLog.objects.filter(username=staff.username).count() == 7
    attempt = AccessAttempt.objects.get(username=staff.username, ip_address=ATTACKER)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert any("Locking out" in r.getMessage() for r in caplog.records)


def test_it_warns_of_a_username_guessed_from_many_addresses(client, staff, caplog, settings):
    settings.LOGIN_USER_ALERT_LIMIT = 12
    with caplog.at_level(logging.WARNING, logger="portal.signin"):
        for n in range(4):
            _fail(client, staff.username, 3, address=f"10.0.1.{n}")

    warnings = [r.getMessage() for r in caplog.records if r.name == "portal.signin"]
    assert warnings == [
        f"Sign-in: 12 failed logins for username '{staff.username}' from 4 addresses within "
        "0:15:00; see the admin's access attempts."
    ]
    # …while the user's own desk still signs in: the per-user count alerts, it does not lock.
    assert _try(client, staff.username, PASSWORD, address=DESK).status_code == 302


def test_it_lists_targeted_usernames_in_the_admin(client, admin_client, staff, colleague, settings):
    settings.LOGIN_USER_ALERT_LIMIT = 6
    for n in range(3):
        _fail(client, staff.username, 2, address=f"10.0.2.{n}")
    _fail(client, colleague.username, 2)

    url = reverse("admin:axes_accessattempt_changelist")
    response = admin_client.get(url, {"targeted": "yes"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 3
    assert {a.username for a in response.context["cl"].result_list} == {staff.username}
    assert "ชื่อผู้ใช้งานที่ถูกเดารหัสผ่าน" in response.content.decode()


def test_an_administrator_unlocks_a_user_in_the_admin(client, admin_client, staff):
    _fail(client, staff.username, 30)
    attempt = AccessAttempt.objects.get(username=staff.username)

    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _try(client, staff.username, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_it_keeps_a_colleague_from_unlocking(client, staff, colleague):
    colleague.is_staff = True  # staff status without the permission
    colleague.save()
    _fail(client, staff.username, 30)
    client.force_login(colleague)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 403
    assert AccessAttempt.objects.count() == 1


def test_the_admins_sign_in_pages_are_in_thai(client, admin_client, staff):
    from tests.untranslated import english_on

    _fail(client, staff.username, 30)
    attempt = AccessAttempt.objects.get()
    failure = AccessFailureLog.objects.first()
    urls = [
        reverse("admin:index"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accessattempt_change", args=[attempt.pk]),
        reverse("admin:axes_accessfailurelog_changelist"),
        reverse("admin:axes_accessfailurelog_change", args=[failure.pk]),
        reverse("admin:axes_accesslog_changelist"),
    ]

    found = {}
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        data = ("admin", staff.username, ATTACKER, "POST", "GET", "sha256", "IP", "<unknown>")
        if english := english_on(response.content.decode(), data):
            found[url] = english

    assert found == {}


def test_it_locks_the_admins_login_page_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(30):
        client.post(
            url, {"username": admin_user.username, "password": "wrong"}, REMOTE_ADDR=ATTACKER
        )

    response = client.post(
        url, {"username": admin_user.username, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )

    assert response.status_code == 429
    assert not _signed_in(client)
    assert "ใส่รหัสผ่านผิดหลายครั้งเกินไป" in response.content.decode()


def test_it_records_an_overlong_username_cut_to_a_usernames_length(client, db):
    """Axes keeps the typed username in a 255-character column: a longer one must be a failed
    login (cut to the 150 characters a username can have), never a database error."""
    response = _try(client, "ก" * 300, "wrong-password")

    assert response.status_code == 422
    [attempt] = AccessAttempt.objects.all()
    assert attempt.username == "ก" * 150
