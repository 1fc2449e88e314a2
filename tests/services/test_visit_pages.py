"""Visit pages: the list and calendar, planning, recording in the field, status moves; who may
see (404 for outsiders) and who may change (403 for committee and province)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import Village
from services.models import Attachment, Visit, VisitKind, VisitStatus
from services.views.visits import CALENDAR_DAY_SHOWN
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory
from tests.services.factories import VisitFactory
from tests.services.upload_samples import JPEG, PNG, upload

pytestmark = pytest.mark.date_sensitive


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sriphum(centre_a):
    return SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )


@pytest.fixture
def village(sriphum):
    return VillageFactory(subdistrict=sriphum, number=3, name="บ้านป่าแดด")


@pytest.fixture
def group(centre_a, village):
    return ClientGroupFactory(centre=centre_a, village=village, name="กลุ่มทอผ้าบ้านป่าแดด")


@pytest.fixture
def visit(centre_a, staff, village):
    visit = VisitFactory(centre=centre_a, created_by=staff, planned_date=date(2026, 11, 26))
    visit.villages.add(village)
    return visit


def _url(name: str, visit: Visit | None = None) -> str:
    return reverse(f"services:{name}", kwargs={"pk": visit.pk} if visit else None)


VISIT_PAGES = ["visit-detail", "visit-edit", "visit-record", "visit-raise-request", "visit-serve"]
VISIT_POSTS = [
    "visit-edit",
    "visit-record",
    "visit-status",
    "visit-raise-request",
    "visit-serve",
    "attachment-upload-visit",
]


# Who sees what


@pytest.mark.parametrize("name", VISIT_PAGES)
def test_outsiders_get_404_on_every_visit_page(client, outsider, visit, name):
    client.force_login(outsider)
    assert client.get(_url(name, visit)).status_code == 404


@pytest.mark.parametrize("name", VISIT_POSTS)
def test_outsiders_get_404_on_every_visit_write(client, outsider, visit, name):
    client.force_login(outsider)
    assert client.post(_url(name, visit), {"to": "done"}).status_code == 404
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert visit.version == 1


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_readers_see_the_visit_but_not_the_buttons(request, client, persona, visit):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url("visit-detail", visit))
    assert response.status_code == 200
    assert visit.title in response.content.decode()
    assert _url("visit-record", visit) not in response.content.decode()
    assert _url("attachment-upload-visit", visit) not in response.content.decode()


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
@pytest.mark.parametrize("name", VISIT_POSTS)
def test_readers_get_403_on_every_write(request, client, persona, visit, name):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(_url(name, visit), {"to": "done"}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


@pytest.mark.parametrize("persona", ["committee_member", "province_officer"])
def test_readers_cannot_plan_visits(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("visit-create")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, visit):
    response = client.get(_url("visit-detail", visit))
    assert response.status_code == 302
    assert reverse("login") in response.url


# The list and the calendar


def test_the_list_shows_upcoming_visits_first_and_past_ones_on_request(client, staff, centre_a):
    today = timezone.localdate()
    VisitFactory(centre=centre_a, title="ครั้งหน้า", planned_date=today + timedelta(days=3))
    VisitFactory(centre=centre_a, title="ครั้งก่อน", planned_date=today - timedelta(days=3))
    client.force_login(staff)
    upcoming = client.get(_url("visit-list")).content.decode()
    assert "ครั้งหน้า" in upcoming and "ครั้งก่อน" not in upcoming
    past = client.get(_url("visit-list"), {"when": "past"}).content.decode()
    assert "ครั้งก่อน" in past and "ครั้งหน้า" not in past


def test_the_list_filters_by_kind_status_and_month(client, staff, centre_a):
    VisitFactory(centre=centre_a, title="ออกหน่วย", planned_date=date(2026, 11, 3))
    VisitFactory(
        centre=centre_a, title="ที่ศูนย์", kind=VisitKind.ONSITE, planned_date=date(2026, 11, 4)
    )
    VisitFactory(
        centre=centre_a,
        title="ยกเลิกแล้ว",
        status=VisitStatus.CANCELLED,
        planned_date=date(2026, 11, 5),
    )
    VisitFactory(centre=centre_a, title="เดือนถัดไป", planned_date=date(2026, 12, 1))
    client.force_login(staff)
    november = client.get(_url("visit-list"), {"month": "2026-11"}).content.decode()
    assert "พฤศจิกายน 2569" in november  # the month filter's choice, in BE
    assert all(t in november for t in ("ออกหน่วย", "ที่ศูนย์", "ยกเลิกแล้ว"))
    assert "เดือนถัดไป" not in november
    onsite = client.get(_url("visit-list"), {"when": "all", "kind": "onsite"}).content.decode()
    assert "ที่ศูนย์" in onsite and "ออกหน่วย" not in onsite
    cancelled = client.get(_url("visit-list"), {"when": "all", "status": "cancelled"})
    assert "ยกเลิกแล้ว" in cancelled.content.decode()
    assert "ออกหน่วย" not in cancelled.content.decode()


def test_the_list_shows_only_visits_the_user_may_see(client, outsider, visit):
    client.force_login(outsider)
    response = client.get(_url("visit-list"), {"when": "all"})
    assert visit.title not in response.content.decode()


def test_the_calendar_shows_the_month_in_the_buddhist_era(client, staff, visit):
    client.force_login(staff)
    response = client.get(_url("visit-calendar"), {"month": "2026-11"})
    page = response.content.decode()
    assert "พฤศจิกายน 2569" in page
    assert visit.title in page
    assert "?month=2026-10" in page and "?month=2026-12" in page
    assert visit.get_absolute_url() in page
    assert "26 พฤศจิกายน 2569" in page  # the phone's list of days


def test_the_calendar_heading_is_in_the_common_era_in_english(client, settings, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(_url("visit-calendar"), {"month": "2026-11"}).content.decode()
    assert "November 2026" in page


def test_the_calendar_turns_the_year(client, staff):
    client.force_login(staff)
    page = client.get(_url("visit-calendar"), {"month": "2026-12"}).content.decode()
    assert "ธันวาคม 2569" in page and "?month=2027-01" in page
    page = client.get(_url("visit-calendar"), {"month": "2027-01"}).content.decode()
    assert "มกราคม 2570" in page and "?month=2026-12" in page


def test_the_calendar_falls_back_to_this_month_on_a_bad_month(client, staff):
    client.force_login(staff)
    assert client.get(_url("visit-calendar"), {"month": "2026-13"}).status_code == 200


def test_a_busy_calendar_day_shows_a_few_visits_and_links_to_the_rest(client, staff, centre_a):
    busy = [
        VisitFactory(centre=centre_a, planned_date=date(2026, 11, 20), title=f"ไปเยี่ยมกลุ่ม {n}")
        for n in range(CALENDAR_DAY_SHOWN + 3)
    ]
    client.force_login(staff)
    page = client.get(_url("visit-calendar"), {"month": "2026-11"}).content.decode()
    shown = [v for v in busy if v.get_absolute_url() in page]
    assert shown == busy[:CALENDAR_DAY_SHOWN]  # the first planned of the day
    assert page.count("และอีก 3 รายการ") == 2  # the month grid and the phone's list
    assert page.count("?day=20%2F11%2F2569") == 2  # the day as a Thai user types it
    rest = client.get(_url("visit-list"), {"day": "2026-11-20"}).content.decode()
    assert all(v.get_absolute_url() in rest for v in busy)


def test_the_list_of_one_day(client, staff, centre_a, visit):
    other = VisitFactory(centre=centre_a, planned_date=date(2026, 11, 27))
    client.force_login(staff)
    page = client.get(_url("visit-list"), {"day": "26/11/2569"}).content.decode()
    assert visit.get_absolute_url() in page and other.get_absolute_url() not in page
    assert 'value="26/11/2569"' in page  # the day typed back, in the Buddhist era


def test_a_bad_day_drops_the_filter_with_a_notice(client, staff, visit):
    client.force_login(staff)
    response = client.get(_url("visit-list"), {"day": "31/02/2569", "when": "all"})
    page = response.content.decode()
    assert response.status_code == 200
    assert visit.get_absolute_url() in page
    assert "ตัวกรอง “ในวันที่” ไม่มีให้เลือกแล้ว" in page


def test_the_navbar_links_to_the_visits(client, staff):
    client.force_login(staff)
    assert _url("visit-list") in client.get(_url("visit-calendar")).content.decode()


# Planning


def test_staff_plan_an_outreach_visit_with_villages_staff_and_a_group(
    client, staff, colleague, head, sriphum, village, group
):
    client.force_login(staff)
    assert client.get(_url("visit-create")).status_code == 200
    response = client.post(
        _url("visit-create"),
        {
            "kind": "outreach",
            "planned_date": "26/11/2569",
            "title": "หน่วยบริการเคลื่อนที่ ตำบลศรีภูมิ",
            "is_urgent": "on",
            "villages-TOTAL_FORMS": "3",
            "villages-INITIAL_FORMS": "0",
            "villages-0-subdistrict": "500101",
            "villages-0-village_number": "3",
            "villages-1-subdistrict": "500101 ศรีภูมิ · เมืองเชียงใหม่ · เชียงใหม่",
            "villages-1-village_number": "7",
            "villages-1-village_name": "บ้านใหม่",
            "other_group": f"{group.name} · หมู่ที่ 3 ศรีภูมิ",
            "other_group_key": str(group.pk),
            "staff": [staff.pk, colleague.pk],
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == visit.get_absolute_url()
    assert visit.kind == VisitKind.OUTREACH
    assert visit.planned_date == date(2026, 11, 26)
    assert visit.is_urgent
    assert visit.status == VisitStatus.PLANNED
    assert visit.created_by == staff
    assert {v.number for v in visit.villages.all()} == {3, 7}
    assert Village.objects.get(subdistrict=sriphum, number=7).name == "บ้านใหม่"
    assert list(visit.groups.all()) == [group]
    assert set(visit.staff.all()) == {staff, colleague}
    assert visit.history.get().history_user == staff


def _plan(**data) -> dict:
    return {
        "kind": "onsite",
        "planned_date": "26/11/2569",
        "title": "ประชุมกลุ่ม",
        "villages-TOTAL_FORMS": "0",
        "villages-INITIAL_FORMS": "0",
        **data,
    }


def test_it_suggests_groups_by_name_and_village_with_their_key_apart(client, staff, group):
    client.force_login(staff)
    page = client.get(_url("visit-create")).content.decode()
    label = f"{group.name} · หมู่ที่ 3 ศรีภูมิ"
    assert f'<option value="{label}" data-key="{group.pk}">' in page
    assert f">{group.pk} ·" not in page and f'"{group.pk} ·' not in page


def test_it_takes_the_group_whose_exact_name_was_typed(client, staff, group):
    client.force_login(staff)
    response = client.post(_url("visit-create"), _plan(other_group=f" {group.name} "))
    assert response.status_code == 302
    assert list(Visit.objects.get().groups.all()) == [group]


def test_it_offers_namesake_groups_to_choose_from(client, staff, group, sriphum):
    namesake = ClientGroupFactory(
        centre=group.centre, name=group.name, village=VillageFactory(subdistrict=sriphum, number=8)
    )
    client.force_login(staff)
    response = client.post(_url("visit-create"), _plan(other_group=group.name))
    assert response.status_code == 422
    assert not Visit.objects.exists()
    page = response.content.decode()
    assert page.count('type="radio" name="other_group_key"') == 2
    assert f'value="{namesake.pk}"' in page and 'value="ประชุมกลุ่ม"' in page
    response = client.post(
        _url("visit-create"), _plan(other_group=group.name, other_group_key=str(namesake.pk))
    )
    assert list(Visit.objects.get().groups.all()) == [namesake]


def test_it_never_takes_a_group_of_another_centre_typed_by_name_or_key(client, outsider, group):
    client.force_login(outsider)
    for data in ({"other_group": group.name}, {"other_group": "x", "other_group_key": group.pk}):
        response = client.post(_url("visit-create"), _plan(**data))
        assert response.status_code == 422
        assert response.context["form"].errors["other_group"]
    assert not Visit.objects.exists()


def test_planning_refuses_a_village_row_without_its_number(client, staff, sriphum):
    client.force_login(staff)
    response = client.post(
        _url("visit-create"),
        {
            "kind": "outreach",
            "planned_date": "26/11/2569",
            "title": "ออกหน่วย",
            "villages-TOTAL_FORMS": "1",
            "villages-INITIAL_FORMS": "0",
            "villages-0-subdistrict": "500101",
        },
    )
    assert response.status_code == 422
    assert not Visit.objects.exists()


def test_planning_refuses_staff_of_another_centre(client, staff, outsider):
    client.force_login(staff)
    client.post(
        _url("visit-create"),
        {
            "kind": "onsite",
            "planned_date": "26/11/2569",
            "title": "ออกหน่วย",
            "villages-TOTAL_FORMS": "0",
            "villages-INITIAL_FORMS": "0",
            "staff": [outsider.pk],
        },
    )
    assert not Visit.objects.exists()


def test_staff_edit_the_plan_and_remove_a_village(client, staff, colleague, visit, group):
    client.force_login(staff)
    page = client.get(_url("visit-edit", visit)).content.decode()
    assert group.name in page  # the groups of the visit's villages are offered
    response = client.post(
        _url("visit-edit", visit),
        {
            "version": "1",
            "kind": "onsite",
            "planned_date": "2026-11-27",
            "title": "เปลี่ยนเป็นที่ศูนย์",
            "villages-TOTAL_FORMS": "1",
            "villages-INITIAL_FORMS": "1",
            "villages-0-subdistrict": "",
            "villages-0-village_number": "",
            "groups": [group.pk],
            "staff": [colleague.pk],
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.kind, visit.title, visit.planned_date) == (
        VisitKind.ONSITE,
        "เปลี่ยนเป็นที่ศูนย์",
        date(2026, 11, 27),
    )
    assert not visit.villages.exists()
    assert list(visit.groups.all()) == [group]
    assert list(visit.staff.all()) == [colleague]
    assert visit.version == 2
    assert visit.history.latest().history_user == staff


def test_a_stale_plan_edit_is_refused_as_a_conflict(client, staff, visit):
    client.force_login(staff)
    visit.version = 2
    visit.save()
    response = client.post(
        _url("visit-edit", visit),
        {
            "version": "1",
            "kind": "onsite",
            "planned_date": "2026-11-27",
            "title": "ทับของคนอื่น",
            "villages-TOTAL_FORMS": "0",
            "villages-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 409
    visit.refresh_from_db()
    assert visit.title != "ทับของคนอื่น"


# Recording in the field


def test_the_record_form_takes_photos_from_the_camera(client, staff, visit):
    client.force_login(staff)
    page = client.get(_url("visit-record", visit)).content.decode()
    assert 'capture="environment"' in page
    assert 'accept="image/*"' in page
    assert "multiple" in page
    assert 'enctype="multipart/form-data"' in page


def test_staff_record_a_visit_as_done_with_attendees_and_a_photo(client, colleague, visit, group):
    client.force_login(colleague)
    response = client.post(
        _url("visit-record", visit),
        {
            "version": "1",
            "attendees": "25",
            "what_was_done": "แนะนำการทำบัญชีครัวเรือน",
            "follow_up_on": "15/12/2569",
            "groups": [group.pk],
            "photos": [
                upload("IMG_0001.jpg", JPEG),
                upload("b.png", PNG),
            ],
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    assert visit.attendees == 25
    assert visit.what_was_done == "แนะนำการทำบัญชีครัวเรือน"
    assert visit.follow_up_on == date(2026, 12, 15)
    assert list(visit.groups.all()) == [group]
    photos = Attachment.objects.filter(visit=visit)
    assert sorted(p.original_name for p in photos) == ["IMG_0001.jpg", "b.png"]
    assert {p.uploaded_by for p in photos} == {colleague}
    assert visit.history.latest().history_user == colleague
    assert visit.history.latest().status == VisitStatus.DONE


def test_recording_refuses_a_forged_photo_and_saves_nothing(client, staff, visit):
    client.force_login(staff)
    response = client.post(
        _url("visit-record", visit),
        {
            "version": "1",
            "attendees": "25",
            "what_was_done": "ประชุม",
            "photos": [upload("photo.jpg", b"not a photo at all")],
        },
    )
    assert response.status_code == 422
    assert "photo.jpg" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED
    assert not Attachment.objects.exists()


def test_recording_needs_what_was_done(client, staff, visit):
    client.force_login(staff)
    client.post(_url("visit-record", visit), {"version": "1", "attendees": "3"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_a_cancelled_visit_cannot_be_recorded(client, staff, visit):
    visit.status = VisitStatus.CANCELLED
    visit.save()
    client.force_login(staff)
    response = client.post(
        _url("visit-record", visit), {"version": "1", "attendees": "3", "what_was_done": "x"}
    )
    assert response.status_code == 422
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED


# Status moves


def test_staff_cancel_a_planned_visit_and_plan_it_again(client, staff, visit):
    client.force_login(staff)
    client.post(_url("visit-status", visit), {"to": "cancelled"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    assert visit.history.latest().history_user == staff
    client.post(_url("visit-status", visit), {"to": "planned"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_a_done_visit_cannot_be_cancelled(client, settings, staff, visit):
    visit.status = VisitStatus.DONE
    visit.save()
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(_url("visit-status", visit), {"to": "cancelled"}, follow=True)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE
    assert "A visit that is “Carried out” cannot become “Cancelled”." in response.content.decode()


def test_an_unknown_status_changes_nothing(client, staff, visit):
    client.force_login(staff)
    client.post(_url("visit-status", visit), {"to": "exploded"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_the_status_move_needs_post(client, staff, visit):
    client.force_login(staff)
    assert client.get(_url("visit-status", visit)).status_code == 405


def test_a_visit_is_planned_at_the_office_and_recorded_in_the_field(
    client, staff, colleague, village, group
):
    client.force_login(staff)
    client.post(
        _url("visit-create"),
        {
            "kind": "outreach",
            "planned_date": "26/11/2569",
            "title": "ออกหน่วยบ้านป่าแดด",
            "villages-TOTAL_FORMS": "1",
            "villages-INITIAL_FORMS": "0",
            "villages-0-subdistrict": "500101",
            "villages-0-village_number": "3",
            "staff": [staff.pk, colleague.pk],
        },
    )
    visit = Visit.objects.get()
    client.force_login(colleague)
    client.post(
        _url("visit-record", visit),
        {
            "version": str(visit.version),
            "attendees": "18",
            "what_was_done": "รับฟังปัญหาราคาข้าวตกต่ำ",
            "groups": [group.pk],
            "photos": [upload("IMG_0042.jpg", JPEG)],
        },
    )
    visit.refresh_from_db()
    assert (visit.status, visit.attendees) == (VisitStatus.DONE, 18)
    assert list(visit.groups.all()) == [group]
    photo = visit.attachments.get()
    assert (photo.original_name, photo.uploaded_by) == ("IMG_0042.jpg", colleague)
    history = list(visit.history.order_by("history_date"))
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", staff),
        ("~", colleague),
    ]
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "รับฟังปัญหาราคาข้าวตกต่ำ" in page
    assert reverse("services:attachment", kwargs={"pk": photo.pk}) in page
