"""Issue 4's journey, in real Chromium: a walk-in request from intake to closing.

Staff log a group's request at the counter (desktop); the head assigns it to a colleague; the
colleague, on a phone in the village, plans and records an outreach visit with a photo, marks
the request served by it, starts work, attaches the photo to the request and resolves it with
an outcome; the head closes it. The request's timeline then shows each step with BE dates.
"""

import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from playwright.sync_api import Page, expect

from clients.models import GroupKind
from services.models import (
    Attachment,
    Channel,
    ServiceRequest,
    ServiceType,
    Status,
    Urgency,
    Visit,
    VisitKind,
    VisitStatus,
)
from tests.browser.helpers import (
    BE_YEAR,
    assert_no_sideways_scroll,
    log_in,
    phone_page,
    pick_suggestion,
    shoot,
    tiny_png,
)
from tests.centres.factories import SubdistrictFactory, VillageFactory
from tests.clients.factories import ClientGroupFactory

pytestmark = pytest.mark.browser

GROUP_NAME = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านดอนแก้ว"
SUBJECT = "ขอคำแนะนำการขอสินเชื่อเพื่อขยายกองทุน"
OUTCOME = "ประสานธนาคารเพื่อการเกษตรฯ กลุ่มได้รับสินเชื่อแล้ว"
REFERENCE = re.compile(r"^5001-25\d\d-00001$")
REQUEST_PAGE = re.compile(r"/services/requests/(\d+)/$")
VISIT_PAGE = re.compile(r"/services/visits/(\d+)/$")
CE_YEAR = re.compile(r"\b20\d\d\b")


@pytest.fixture
def funding():
    """The data migration's row (restored for each browser test), or ours if it is missing."""
    service_type, _ = ServiceType.objects.get_or_create(
        code="funding",
        defaults={
            "name_th": "การเข้าถึงแหล่งทุน",
            "name_en": "Access to funding",
            "target_days_normal": 30,
            "target_days_urgent": 7,
        },
    )
    return service_type


@pytest.fixture
def group(centre_a):
    si_phum = SubdistrictFactory(
        code="500101", district=centre_a.district, name_th="ศรีภูมิ", name_en="Si Phum"
    )
    village = VillageFactory(subdistrict=si_phum, number=3, name="บ้านดอนแก้ว")
    return ClientGroupFactory(
        centre=centre_a, kind=GroupKind.SAVINGS, name=GROUP_NAME, village=village
    )


def thai(text) -> str:
    """A label as the portal shows it in Thai (whatever the translation says now)."""
    with translation.override("th"):
        return str(text)


def ends_with(path: str) -> re.Pattern:
    return re.compile(re.escape(path) + "$")


def be_today() -> str:
    today = timezone.localdate()
    return f"{today.day:02d}/{today.month:02d}/{today.year + 543}"


def main_form(page: Page):
    return page.locator("main form[method=post]")


def move_button(page: Page, to: str):
    """The detail page's button for a workflow move (services.workflow)."""
    return page.locator(f"main form:has(input[name=to][value={to}]) button[type=submit]")


def checked_page(page: Page, name: str) -> None:
    assert_no_sideways_scroll(page)
    shoot(page, f"request-{name}")


def test_walk_in_request_from_intake_to_closing(
    page: Page, new_context, staff, head, colleague, group, funding, tmp_path, mailoutbox
):
    colleague.email = "colleague@example.org"
    colleague.save(update_fields=["email"])

    # 1. At the counter: staff log the group's request.
    log_in(page, staff.username)
    page.goto("/services/")
    page.locator("main a[href='/services/requests/new/']").click()
    expect(page).to_have_url(ends_with("/services/requests/new/"))
    form = main_form(page)
    label = pick_suggestion(form.locator("input[name=client]"), "ดอนแก้ว", GROUP_NAME)
    assert not label.startswith(f"g{group.pk}")  # the key travels apart, not in the label
    assert form.locator("input[name=client_key]").input_value() == f"g{group.pk}"
    form.locator("select[name=service_type]").select_option(str(funding.pk))
    form.locator(f"input[name=channel][value={Channel.ONSITE}]").check()
    form.locator(f"input[name=urgency][value={Urgency.NORMAL}]").check()
    form.locator("input[name=subject]").fill(SUBJECT)
    form.locator("textarea[name=description]").fill("ประธานกลุ่มมาติดต่อที่ศูนย์ฯ")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(REQUEST_PAGE)
    service_request = ServiceRequest.objects.get()
    request_url = service_request.get_absolute_url()
    assert REFERENCE.match(service_request.reference)
    # The reference is shown on save: in the message and in the heading.
    expect(page.locator("main .alert-success")).to_contain_text(service_request.reference)
    expect(page.get_by_role("heading", level=1)).to_contain_text(service_request.reference)
    expect(page.locator("main")).to_contain_text(GROUP_NAME)

    # 2. The head assigns it to a colleague.
    head_page = new_context().new_page()
    log_in(head_page, head.username)
    head_page.goto(request_url)
    assign = head_page.locator(f"main form[action='{request_url}assign/']")
    assign.locator("select[name=assignee]").select_option(str(colleague.pk))
    assign.locator("button[type=submit]").click()
    expect(head_page.locator("main .alert-success")).to_contain_text(colleague.get_full_name())
    service_request.refresh_from_db()
    assert service_request.assigned_to == colleague
    assert [m.to for m in mailoutbox] == [[colleague.email]]
    assert service_request.reference in mailoutbox[0].subject

    # 3. The colleague, on a phone: plans the outreach visit to the group's village…
    phone = phone_page(new_context)
    log_in(phone, colleague.username)
    phone.goto("/services/")
    checked_page(phone, "my-work")
    expect(phone.locator(f"main a[href='{request_url}']").first).to_be_visible()
    phone.goto("/services/visits/new/")
    checked_page(phone, "visit-form")
    form = main_form(phone)
    form.locator(f"input[name=kind][value={VisitKind.OUTREACH}]").check()
    form.locator("input[name=planned_date]").fill(be_today())
    form.locator("input[name=title]").fill("หน่วยเคลื่อนที่ตำบลศรีภูมิ")
    form.locator("input[name='villages-0-subdistrict']").fill("500101")
    form.locator("input[name='villages-0-village_number']").fill("3")
    pick_suggestion(form.locator("input[name=other_group]"), "ดอนแก้ว", GROUP_NAME)
    expect(form.locator(f"input[name=staff][value='{colleague.pk}']")).to_be_checked()
    form.locator("button[type=submit]").click()
    expect(phone).to_have_url(VISIT_PAGE)
    visit_url = Visit.objects.get().get_absolute_url()

    # … records it in the field, with a photo from the camera …
    phone.locator("main a[href$='/record/']").click()
    expect(phone).to_have_url(ends_with(f"{visit_url}record/"))
    checked_page(phone, "visit-record")
    form = main_form(phone)
    form.locator("input[name=attendees]").fill("14")
    form.locator("textarea[name=what_was_done]").fill("แนะนำการเขียนแผนธุรกิจเพื่อขอสินเชื่อ")
    form.locator("input[type=file][name=photos]").set_input_files(
        tiny_png(tmp_path / "field-photo.png")
    )
    form.locator("button[type=submit]").click()
    expect(phone).to_have_url(ends_with(visit_url))
    photos = phone.locator("section[aria-labelledby=attachments-heading] img")
    expect(photos).to_have_count(1)
    expect(photos).to_have_js_property("naturalWidth", 2)  # served, and a real image
    checked_page(phone, "visit-done")

    # … marks the request as served by the visit …
    phone.locator("main a[href$='/serve/']").click()
    expect(phone).to_have_url(ends_with(f"{visit_url}serve/"))
    checked_page(phone, "visit-serve")
    form = main_form(phone)
    form.locator(f"input[name=requests][value='{service_request.pk}']").check()
    form.locator("button[type=submit]").click()
    expect(phone).to_have_url(ends_with(visit_url))
    served = phone.locator(f"main a[href='{request_url}']")
    expect(served).to_have_text(service_request.reference)

    # … then, on the request: starts work, attaches the photo, records the outcome and resolves.
    served.click()
    expect(phone).to_have_url(ends_with(request_url))
    checked_page(phone, "detail-received")
    move_button(phone, Status.IN_PROGRESS).click()
    expect(move_button(phone, Status.IN_PROGRESS)).to_have_count(0)
    upload = phone.locator(f"main form[action='{request_url}attachments/']")
    upload.locator("input[type=file][name=files]").set_input_files(
        tiny_png(tmp_path / "request-photo.png")
    )
    upload.locator("input[name=caption]").fill("ภาพการประชุมกลุ่ม")
    upload.locator("button[type=submit]").click()
    expect(phone).to_have_url(ends_with(request_url))
    expect(phone.locator("section[aria-labelledby=files-heading] img")).to_have_count(1)
    checked_page(phone, "detail-in-progress")

    phone.locator(f"main a[href='{request_url}outcome/?resolve=1']").click()
    expect(phone).to_have_url(ends_with(f"{request_url}outcome/?resolve=1"))
    checked_page(phone, "outcome")
    form = main_form(phone)
    form.locator("textarea[name=outcome]").fill(OUTCOME)
    form.locator("input[name=money_obtained]").fill("50000")
    form.locator("select[name=satisfaction]").select_option("5")
    form.locator("button[name=resolve]").click()
    expect(phone).to_have_url(ends_with(request_url))
    expect(phone.locator("section[aria-labelledby=outcome-heading]")).to_contain_text(OUTCOME)
    expect(move_button(phone, Status.CLOSED)).to_have_count(0)  # closing is for the head
    checked_page(phone, "detail-resolved")

    # 4. The head closes it.
    head_page.reload()
    move_button(head_page, Status.CLOSED).click()
    expect(move_button(head_page, Status.CLOSED)).to_have_count(0)
    # Only reopening (with a reason, folded away) is left.
    reopen = head_page.locator(f"main form:has(input[name=to][value={Status.IN_PROGRESS}])")
    expect(reopen).to_have_count(1)

    # 5. The timeline shows every step, in order, with Buddhist-era dates.
    timeline = head_page.locator("section[aria-labelledby=timeline-heading] ol > li")
    expect(timeline).to_have_count(8)
    with translation.override("th"):
        assigned = translation.gettext("Assigned to %(name)s") % {"name": colleague.get_full_name()}
    steps = [
        thai(gettext_lazy("Request received")),
        visit_url,
        assigned,
        thai(Status.IN_PROGRESS.label),
        "request-photo.png",
        thai(gettext_lazy("Outcome recorded")),
        thai(Status.RESOLVED.label),
        thai(Status.CLOSED.label),
    ]
    for index, step in enumerate(steps):
        item = timeline.nth(index)
        if step == visit_url:
            expect(item.locator(f"a[href='{visit_url}']")).to_be_visible()
        elif step.endswith(".png"):
            expect(item.locator("a[href^='/services/attachments/']")).to_have_text(step)
        else:
            expect(item.locator(".fw-semibold").first).to_have_text(step)
        when = item.locator("div.small").first.inner_text()
        assert BE_YEAR.search(when), f"step {index + 1} has no BE year: {when!r}"
        assert not CE_YEAR.search(when), f"step {index + 1} shows a CE year: {when!r}"
    shoot(head_page, "request-closed-desktop")
    # The colleague sees the same timeline on the phone without sideways scrolling.
    phone.reload()
    expect(phone.locator("section[aria-labelledby=timeline-heading] ol > li")).to_have_count(8)
    checked_page(phone, "detail-closed")

    # What was written.
    service_request.refresh_from_db()
    assert service_request.status == Status.CLOSED
    assert (service_request.channel, service_request.urgency) == (Channel.ONSITE, Urgency.NORMAL)
    assert service_request.client_group == group
    assert service_request.received_by == staff
    assert service_request.outcome == OUTCOME
    assert service_request.money_obtained == 50000
    assert service_request.satisfaction == 5
    changes = service_request.status_changes.order_by("changed_at", "pk")
    assert [(c.from_status, c.to_status, c.changed_by) for c in changes] == [
        ("", Status.RECEIVED, staff),
        (Status.RECEIVED, Status.IN_PROGRESS, colleague),
        (Status.IN_PROGRESS, Status.RESOLVED, colleague),
        (Status.RESOLVED, Status.CLOSED, head),
    ]
    visit = Visit.objects.get()
    assert (visit.kind, visit.status, visit.attendees) == (
        VisitKind.OUTREACH,
        VisitStatus.DONE,
        14,
    )
    assert visit.planned_date == timezone.localdate()
    assert list(visit.served_requests.all()) == [service_request]
    assert list(visit.groups.all()) == [group]
    assert list(visit.staff.all()) == [colleague]
    assert list(visit.villages.all()) == [group.village]
    files = Attachment.objects.order_by("pk")
    assert [(a.visit, a.request, a.uploaded_by) for a in files] == [
        (visit, None, colleague),
        (None, service_request, colleague),
    ]
    assert {a.content_type for a in files} == {"image/png"}
