"""Sessions end after DJANGO_SESSION_IDLE_MINUTES without a request (480 by default), and two
weeks after signing in however busy the user is (portal.middleware.IdleSessionMiddleware)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

MY_WORK = reverse("services:my-work")


def _later(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


@pytest.fixture
def signed_in(client, staff):
    client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def test_it_defaults_to_eight_hours_idle_and_two_weeks_in_all():
    assert settings.SESSION_IDLE_MINUTES == 480
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 60 * 60


def test_it_signs_out_a_session_left_idle_for_longer_than_the_limit(signed_in):
    with _later(settings.SESSION_IDLE_MINUTES + 1):
        response = signed_in.get(MY_WORK, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "_auth_user_id" not in signed_in.session
    assert "ไม่ได้ใช้งานเป็นเวลานาน" in response.content.decode()


def test_it_keeps_a_session_used_within_the_limit(signed_in):
    with _later(settings.SESSION_IDLE_MINUTES - 1):
        assert signed_in.get(MY_WORK).status_code == 200
    with _later(2 * settings.SESSION_IDLE_MINUTES - 2):  # idle again for less than the limit
        assert signed_in.get(MY_WORK).status_code == 200


def test_it_follows_the_configured_idle_limit(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 30

    with _later(31):
        assert signed_in.get(MY_WORK).status_code == 302


def test_it_signs_out_two_weeks_after_sign_in_even_when_busy(signed_in, settings):
    settings.SESSION_IDLE_MINUTES = 14 * 24 * 60  # never idle long enough
    with _later(14 * 24 * 60 - 5):
        assert signed_in.get(MY_WORK).status_code == 200

    with _later(14 * 24 * 60 + 1):
        assert signed_in.get(MY_WORK).status_code == 302


def test_it_writes_no_session_on_a_quick_second_page(signed_in, django_assert_max_num_queries):
    signed_in.get(MY_WORK)
    key = signed_in.session.session_key

    with _later(0.5), django_assert_max_num_queries(30) as captured:
        signed_in.get(MY_WORK)

    assert not [
        q
        for q in captured.captured_queries
        if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert signed_in.session.session_key == key
