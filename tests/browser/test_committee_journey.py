"""Issue 10's journey, in real Chromium at phone size: the head puts a case before the
committee, two members give their opinions on phones, the secretary holds a meeting with
quorum (shown live while attendance is taken) and records the resolution, the request moves
on, and the minutes print on A4 without sideways overflow."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from committees.models import Meeting, Position, Resolution, Review, Round
from services.models import Status
from tests.browser.helpers import BE_YEAR, assert_no_sideways_scroll, log_in, phone_page, shoot
from tests.committees.conftest import sitting_member
from tests.services.factories import ServiceRequestFactory

pytestmark = pytest.mark.browser

CASE_PAGE = re.compile(r"/committees/cases/(\d+)/$")
MEETING_PAGE = re.compile(r"/committees/meetings/(\d+)/$")


def _checked(page: Page, name: str) -> None:
    assert_no_sideways_scroll(page)
    shoot(page, f"committee-{name}")


def _opinion(new_context, member, opinion: str, note: str = "") -> None:
    page = phone_page(new_context)
    log_in(page, member.user.username)
    expect(page).to_have_url(re.compile(r"/committees/$"))  # the member's home
    page.locator("main a[href^='/committees/cases/']").first.click()
    expect(page).to_have_url(CASE_PAGE)
    form = page.locator("main form[action$='/opinion/']")
    form.locator(f"input[name=opinion][value={opinion}]").check()
    form.locator("textarea[name=note]").fill(note)
    _checked(page, f"opinion-{member.pk}")
    form.locator("button[type=submit]").click()
    expect(page.locator("main .alert-success[role=alert]")).to_be_visible()
    page.context.close()


def test_a_case_goes_before_the_committee_and_comes_back_resolved(
    page: Page, new_context, centre_a, head
):
    secretary = sitting_member(centre_a, "secretary_a", Position.SECRETARY)
    member_1 = sitting_member(centre_a, "member_1")
    member_2 = sitting_member(centre_a, "member_2")
    request = ServiceRequestFactory(centre=centre_a, status=Status.IN_PROGRESS)

    # 1. The head, on a phone, puts the request before the committee.
    head_page = phone_page(new_context)
    log_in(head_page, head.username)
    head_page.goto(request.get_absolute_url())
    head_page.locator(f"main a[href='/committees/requests/{request.pk}/put-before/']").click()
    form = head_page.locator("main form[method=post]")
    form.locator("textarea[name=question]").fill("ควรส่งต่อ ธ.ก.ส. เพื่อขอสินเชื่อหรือไม่")
    form.locator("textarea[name=summary]").fill("กลุ่มทอผ้าขอทุนซื้อกี่ทอผ้า 5 หลัง")
    form.locator("button[type=submit]").click()
    expect(head_page).to_have_url(CASE_PAGE)
    _checked(head_page, "case-head")
    round_ = Round.objects.get()

    # 2. Two members give their opinions on their phones.
    _opinion(new_context, member_1, "support")
    _opinion(new_context, member_2, "conditions", "ให้กลุ่มจัดทำแผนการตลาดก่อน")
    assert Review.objects.filter(round=round_).count() == 2

    # 3. The secretary plans the meeting for today, takes attendance and records the resolution.
    sec = phone_page(new_context)
    log_in(sec, secretary.user.username)
    sec.goto(f"/committees/centre/{centre_a.code}/meetings/new/")
    today = timezone.localdate()
    form = sec.locator("main form[method=post]")
    form.locator("input[name=starts_at_0]").fill(f"{today:%d/%m}/{today.year + 543}")
    form.locator("input[name=starts_at_1]").fill("23:30")
    form.locator("input[name=place]").fill("ห้องประชุมที่ว่าการอำเภอ")
    form.locator(f"input[name=rounds][value='{round_.pk}']").check()
    form.locator("button[type=submit]").click()
    expect(sec).to_have_url(MEETING_PAGE)
    meeting = Meeting.objects.get()

    live = sec.locator("#quorum-live [data-present]")
    attendance = sec.locator("#attendance-form")
    attendance.locator(f"input[name=m{member_1.pk}][value=absent]").check()
    attendance.locator(f"input[name=m{member_2.pk}][value=absent]").check()
    expect(live).to_have_text("1")  # 1 of 3: no quorum
    expect(sec.locator("#quorum-live [data-missing]")).to_be_visible()
    attendance.locator(f"input[name=m{member_1.pk}][value=present]").check()
    expect(live).to_have_text("2")  # 2 of 3: more than half
    expect(sec.locator("#quorum-live [data-reached]")).to_be_visible()
    attendance.locator("button[type=submit]").click()
    expect(sec.locator("main .alert-success[role=alert]")).to_be_visible()

    resolution = sec.locator(f"main form[action$='/cases/{round_.pk}/resolution/']")
    prefix = f"r{round_.pk}-"
    resolution.locator(f"select[name={prefix}outcome]").select_option("conditions")
    resolution.locator(f"select[name={prefix}next_status]").select_option(Status.REFERRED)
    resolution.locator(f"textarea[name={prefix}text]").fill("อนุมัติ ส่งต่อ ธ.ก.ส. โดยให้จัดทำแผนการตลาด")
    resolution.locator(f"input[name={prefix}votes_for]").fill("2")
    _checked(sec, "meeting")
    resolution.locator("button[type=submit]").click()
    expect(sec.locator("main .alert-success[role=alert]")).to_be_visible()

    # 4. The request moved on, with the resolution on its timeline.
    request.refresh_from_db()
    assert request.status == Status.REFERRED
    assert Resolution.objects.get().votes_for == 2
    head_page.goto(request.get_absolute_url())
    expect(head_page.locator("main")).to_contain_text("ส่งต่อ ธ.ก.ส. โดยให้จัดทำแผนการตลาด")

    # 5. The minutes print on A4, in Thai with BE dates, nothing wider than the page.
    sec.goto(f"/committees/meetings/{meeting.pk}/minutes/")
    sec.emulate_media(media="print")
    _checked(sec, "minutes")
    text = sec.locator("main").inner_text()
    assert "รายงานการประชุม" in text and BE_YEAR.search(text)
    assert secretary.full_name in text
    pdf = sec.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
