"""Issue 11's journeys, in real Chromium.

Staff refer a savings group's loan request to BAAC; its follow-up comes due on My work; the
officer records "approved, 200,000 baht"; the request is resolved with that outcome and the
group's page shows it. And a training with 20 participants is recorded on a phone on the day.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from clients.models import GroupKind
from resources.models import Attendance, Coverage, Kind, Referral, ReferralStatus, Resource
from services.actions import create_request, transition_request
from services.models import Channel, ServiceType, Status, Urgency
from tests.browser.helpers import (
    assert_no_sideways_scroll,
    log_in,
    phone_page,
    pick_suggestion,
    shoot,
)
from tests.clients.factories import ClientGroupFactory, PersonFactory
from tests.resources.factories import EventFactory

pytestmark = pytest.mark.browser

GROUP_NAME = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านดอนแก้ว"
BAAC = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.)"
REFERRAL_PAGE = re.compile(r"/resources/referrals/(\d+)/$")


def be(day) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


@pytest.fixture
def loan_request(centre_a, staff):
    funding, _ = ServiceType.objects.get_or_create(
        code="funding",
        defaults={
            "name_th": "การเข้าถึงแหล่งทุน",
            "name_en": "Access to funding",
            "target_days_normal": 30,
            "target_days_urgent": 7,
        },
    )
    group = ClientGroupFactory(centre=centre_a, kind=GroupKind.SAVINGS, name=GROUP_NAME)
    request = create_request(
        centre=centre_a,
        client=group,
        service_type=funding,
        channel=Channel.ONSITE,
        urgency=Urgency.NORMAL,
        subject="ขอสินเชื่อ 200,000 บาท เพื่อขยายกองทุนของกลุ่ม",
        by=staff,
        assigned_to=staff,
    )
    transition_request(request, to=Status.IN_PROGRESS, by=staff)
    return request


@pytest.fixture
def baac(db):
    """The data migration's row (restored for each browser test), or ours if it is missing."""
    resource, _ = Resource.objects.get_or_create(
        name=BAAC,
        coverage=Coverage.NATIONAL,
        defaults={"kind": Kind.FUNDING, "organisation_type": "state_bank"},
    )
    return resource


def test_a_loan_referral_from_sending_to_the_groups_page(page: Page, staff, loan_request, baac):
    # 1. Staff refer the request to BAAC, sent a month ago (the bank has not answered since).
    log_in(page, staff.username)
    page.goto(loan_request.get_absolute_url())
    page.locator(f"main a[href='/resources/refer/{loan_request.pk}/']").click()
    form = page.locator("main form[method=post]")
    form.locator("select[name=resource]").select_option(str(baac.pk))
    form.locator("textarea[name=asked]").fill("ขอสินเชื่อ 200,000 บาท")
    form.locator("input[name=amount_asked]").fill("200000")
    form.locator("input[name=sent_on]").fill(be(timezone.localdate() - timedelta(days=31)))
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(re.escape(loan_request.get_absolute_url()) + "$"))
    loan_request.refresh_from_db()
    assert loan_request.status == Status.REFERRED
    expect(page.locator("#referrals")).to_contain_text(BAAC)

    # 2. Its follow-up has come due: it is on the officer's My work.
    page.goto("/services/")
    follow_ups = page.locator("#follow-ups")
    expect(follow_ups).to_contain_text(BAAC)
    shoot(page, "referral-my-work")
    follow_ups.locator("a").first.click()
    expect(page).to_have_url(REFERRAL_PAGE)

    # 3. The officer calls the bank and records "approved, 200,000 baht".
    result = page.locator("main form[action$='/complete/']")
    result.locator("input[name=money_obtained]").fill("200000")
    result.locator("textarea[name=other_result]").fill("ธ.ก.ส. อนุมัติสินเชื่อแล้ว")
    result.locator("button[type=submit]").click()
    expect(page).to_have_url(REFERRAL_PAGE)
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.money_obtained == Decimal("200000.00")
    loan_request.refresh_from_db()
    assert loan_request.status == Status.IN_PROGRESS  # every referral has ended

    # 4. The request is resolved with that outcome.
    page.goto(loan_request.get_absolute_url())
    expect(page.locator("#referrals")).to_contain_text("200,000.00")
    page.goto(f"/services/requests/{loan_request.pk}/outcome/?resolve=1")
    outcome = page.locator("main form[method=post]")
    outcome.locator("textarea[name=outcome]").fill("ธ.ก.ส. อนุมัติสินเชื่อ 200,000 บาท")
    outcome.locator("input[name=money_obtained]").fill("200000")
    outcome.locator("button[name=resolve]").click()
    expect(page.locator("main")).to_contain_text("200,000.00")
    loan_request.refresh_from_db()
    assert loan_request.status == Status.RESOLVED
    assert loan_request.money_obtained == Decimal("200000.00")

    # 5. The group's page shows what the centre obtained for it.
    page.goto(loan_request.client_group.get_absolute_url())
    impact = page.locator("section[aria-labelledby=impact-heading]")
    expect(impact).to_contain_text("200,000.00")
    assert_no_sideways_scroll(page)
    shoot(page, "referral-group-impact")


def test_a_training_with_20_participants_is_recorded_on_a_phone(new_context, staff, centre_a):
    event = EventFactory(centre=centre_a, topic="อบรมการทำบัญชีกลุ่ม", capacity=30)
    persons = [
        PersonFactory(centre=centre_a, first_name=f"สมศรี{n}", last_name="ใจงาม") for n in range(5)
    ]
    page = phone_page(new_context)
    log_in(page, staff.username)
    page.goto(event.get_absolute_url())
    assert_no_sideways_scroll(page)

    for person in persons:  # registered members of the registry, typed and chosen
        form = page.locator("main form[action$='/participants/']")
        pick_suggestion(form.locator("input[name=client]"), person.first_name, person.first_name)
        assert form.locator("input[name=client_key]").input_value() == f"p{person.pk}"
        form.locator("button[type=submit]").click()
        expect(page.locator("#participants")).to_contain_text(person.first_name)
    for n in range(15):  # walk-ins added on the day
        form = page.locator("main form[action$='/participants/']")
        form.locator("input[name=walk_in_name]").fill(f"ผู้มาร่วม วันงาน{n}")
        form.locator("button[type=submit]").click()
        expect(page.locator("#participants")).to_contain_text(f"วันงาน{n}")

    # One evaluation recorded on the phone.
    first = event.participants.order_by("pk").first()
    row = page.locator(f"#participant-{first.pk}")
    row.locator("select[name=satisfaction]").select_option("5")
    row.locator("input[name=will_apply]").fill("ทำบัญชีรายรับรายจ่ายทุกเดือน")
    row.locator("button[type=submit]").click()
    expect(page.locator("#attended-count")).to_have_text("20")

    assert event.participants.filter(attendance=Attendance.ATTENDED).count() == 20
    assert event.participants.filter(walk_in_name__startswith="ผู้มาร่วม").count() == 15
    first.refresh_from_db()
    assert first.satisfaction == 5
    assert_no_sideways_scroll(page)
    shoot(page, "event-phone")
