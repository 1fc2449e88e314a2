"""The admin's yes/no icons say yes or no in the page's language, and follow the static
files' address (portal.admin_i18n)."""

from django.contrib.admin.templatetags import admin_list
from django.test import override_settings
from django.utils import translation


def test_the_icons_say_yes_no_or_unknown_in_thai_and_english():
    with translation.override("th"):
        thai = [admin_list._boolean_icon(value) for value in (True, False, None)]
    with translation.override("en"):
        english = [admin_list._boolean_icon(value) for value in (True, False, None)]

    assert [icon.split("alt=")[1] for icon in thai] == ['"ใช่">', '"ไม่ใช่">', '"ไม่ทราบ">']
    assert [icon.split("alt=")[1] for icon in english] == ['"Yes">', '"No">', '"Unknown">']
    assert "icon-yes.svg" in thai[0] and "icon-no.svg" in thai[1] and "icon-unknown" in thai[2]


def test_the_icons_follow_the_static_files_address():
    before = admin_list._boolean_icon(True)
    with override_settings(STATIC_URL="/elsewhere/"):
        moved = admin_list._boolean_icon(True)
    after = admin_list._boolean_icon(True)

    assert 'src="/elsewhere/admin/img/icon-yes.svg"' in moved
    assert after == before != moved
