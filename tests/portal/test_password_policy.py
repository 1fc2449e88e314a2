"""The password policy on the change page: at least 10 characters, not only spaces, not the
current password, not a common one, not the published demo password outside the demo; all
in Thai, with 422. seed_demo still gives the demo users the demo password."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.passwords import DEMO_PASSWORD
from tests.conftest import PASSWORD

URL = reverse("password_change")


def _change(client, user, new: str):
    client.force_login(user)
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    return client.post(URL, data)


@pytest.mark.parametrize(
    ("new", "thai"),
    [
        (" " * 10, "รหัสผ่านต้องไม่เป็นช่องว่างล้วน"),
        (PASSWORD, "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านปัจจุบัน"),
        ("short-pw1", "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 10 ตัวอักษร"),
        ("password123", "รหัสผ่านนี้เป็นรหัสผ่านที่ใช้กันทั่วไป"),
        ("12345678901", "รหัสผ่านนี้เป็นตัวเลขทั้งหมด"),
    ],
)
def test_it_refuses_a_weak_new_password_in_thai(client, staff, new, thai):
    response = _change(client, staff, new)

    assert response.status_code == 422
    assert thai in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_it_refuses_the_demo_password_outside_the_demo(staff, settings):
    settings.DEBUG = False

    validate_password(DEMO_PASSWORD + "-x", staff)  # a longer password that contains it is fine

    for candidate in (DEMO_PASSWORD, f" {DEMO_PASSWORD.upper()} "):
        with pytest.raises(ValidationError) as refused:
            validate_password(candidate, staff)
        assert "demo_password" in {error.code for error in refused.value.error_list}


def test_it_allows_the_demo_password_rule_in_the_demo(staff, settings):
    settings.DEBUG = True

    with pytest.raises(ValidationError) as refused:
        validate_password(DEMO_PASSWORD, staff)

    assert "demo_password" not in {error.code for error in refused.value.error_list}


def test_it_accepts_a_good_new_password(client, staff):
    response = _change(client, staff, "ฝนตกที่เชียงใหม่-2569")

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("ฝนตกที่เชียงใหม่-2569")
