"""Demo services for the local run: a year of requests in every status, type and channel, with
outreach visits, a few photos, and the history the real actions write.

Everything goes through the named actions (``services.actions``, ``services.visit_actions``),
so status changes, notes and change history are what the portal itself records; afterwards
their timestamps are moved back to the days the story happened on. Deterministic (one seeded
``random.Random`` per centre, dates relative to today); a centre that already has requests or
visits is left alone, so a second run creates nothing.
"""

import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from centres.models import WRITE_ROLES, Centre, Membership, Role
from clients.models import ClientGroup, Person
from services.actions import (
    assign_request,
    change_due_date,
    create_request,
    edit_request,
    transition_request,
)
from services.models import (
    Attachment,
    Channel,
    RequestNote,
    ServiceRequest,
    ServiceType,
    Status,
    StatusChange,
    Urgency,
    Visit,
    VisitKind,
    VisitStatus,
)
from services.uploads import check_upload
from services.visit_actions import (
    add_attachments,
    create_visit,
    record_visit,
    set_served_requests,
    set_visit_status,
)

S = Status

# How many walk-in requests each demo centre logs in the year; requests raised on visits come
# on top. แม่ริม has no demo staff (the administrator works it), so it gets fewer.
WALK_INS = {"5001": 36, "5007": 12, "4001": 18}
# Days ago of the done outreach visits, the sessions at the centre and the urgent visit.
OUTREACH_DAYS_AGO = {"5001": (330, 272, 211, 150, 96, 41, 12), "5007": (300, 180, 70, 20)}
OUTREACH_DAYS_AGO["4001"] = (320, 230, 130, 55, 15)
ONSITE_DAYS_AGO = {"5001": (300, 120), "5007": (140,), "4001": (200, 60)}
URGENT_DAYS_AGO = 83
PLANNED_DAYS_AHEAD = {"5001": (5, 12, 26), "5007": (9, 23), "4001": (6, 19)}
CANCELLED_DAYS_AGO = 165


@dataclass(frozen=True)
class Topic:
    subject: str
    description: str = ""


# What people ask for, by service type code; ``{crop}`` and ``{product}`` take the region's.
TOPICS: dict[str, tuple[Topic, ...]] = {
    "consultation": (
        Topic("ขอคำแนะนำการจดทะเบียนวิสาหกิจชุมชน", "กลุ่มต้องการจดทะเบียนเพื่อขอรับการสนับสนุนจากภาครัฐ"),
        Topic("ขอคำปรึกษาการจัดทำบัญชีกลุ่มและการปันผล", "สมาชิกสงสัยวิธีคิดเงินปันผลปลายปี"),
        Topic("ขอคำปรึกษาการแก้ปัญหาหนี้ค้างชำระของสมาชิก", "หนี้ค้างชำระเกินร้อยละ 10 ของเงินทุน"),
        Topic("ขอคำแนะนำการตั้งราคาขาย{product}ให้มีกำไร"),
    ),
    "knowledge": (
        Topic("ขอวิทยากรอบรมการทำบัญชีครัวเรือน", "สมาชิกประมาณ 30 คน สะดวกวันเสาร์"),
        Topic("ขอความรู้การยืดอายุ{product}", "สินค้าขึ้นราภายใน 5 วัน ส่งขายต่างจังหวัดไม่ได้"),
        Topic("ขออบรมการถ่ายภาพสินค้าและขายออนไลน์"),
        Topic("ขอความรู้การขอเลขสารบบอาหาร (อย.)"),
    ),
    "funding": (
        Topic("ขอคำแนะนำการขอสินเชื่อ ธ.ก.ส. เพื่อซื้อเครื่องซีลสุญญากาศ", "ต้องการวงเงินประมาณ 80,000 บาท"),
        Topic("ขอกู้เงินกองทุนหมู่บ้านเพื่อขยายโรงเรือน"),
        Topic("ขอรับการสนับสนุนงบประมาณจัดซื้ออุปกรณ์การผลิตของกลุ่ม"),
        Topic("ขอสินเชื่อธนาคารออมสินเป็นทุนหมุนเวียนของกลุ่ม", "ต้องการทุนซื้อวัตถุดิบช่วงเทศกาล"),
    ),
    "production": (
        Topic("ขอแหล่งจัดซื้อบรรจุภัณฑ์ขวดแก้วและถุงฟอยล์ราคาส่ง"),
        Topic("ขอเชื่อมโยงโรงอบแห้งพลังงานแสงอาทิตย์สำหรับ{crop}"),
        Topic("ขอแหล่งวัตถุดิบ{material}คุณภาพดีราคาเป็นธรรม"),
        Topic("ขอใช้เครื่องจักรของศูนย์เรียนรู้ร่วมกับกลุ่มอื่น"),
    ),
    "market": (
        Topic("ขอช่องทางจำหน่าย{product}เพิ่ม", "ยอดขายหน้าร้านลดลงครึ่งหนึ่งจากปีก่อน"),
        Topic("ขอพื้นที่ออกร้านงาน OTOP ประจำปีของจังหวัด"),
        Topic("ขอช่องทางขายสินค้าบนแพลตฟอร์มออนไลน์"),
        Topic("ขอเชื่อมโยงร้านของฝากและโรงแรมในตัวเมือง"),
    ),
    "capacity": (
        Topic("ขอพัฒนาบรรจุภัณฑ์และตราสินค้าใหม่", "ลูกค้าบอกว่าหีบห่อไม่น่าซื้อเป็นของฝาก"),
        Topic("ขอพัฒนาผลิตภัณฑ์ให้ได้มาตรฐาน มผช."),
        Topic("ขอฝึกทักษะ{skill}ให้สมาชิกรุ่นใหม่"),
    ),
    "information": (
        Topic("ขอข้อมูลราคากลางผลิตภัณฑ์ OTOP ในจังหวัด"),
        Topic("ขอข้อมูลผู้ประกอบการ OTOP ในตำบลเพื่อจัดทำแผนพัฒนา"),
        Topic("ขอข้อมูลแหล่งทุนดอกเบี้ยต่ำสำหรับกลุ่มอาชีพ"),
    ),
    "exchange": (
        Topic("ขอศึกษาดูงานกลุ่มต้นแบบการแปรรูป{crop}"),
        Topic("ขอแลกเปลี่ยนเรียนรู้กับปราชญ์ชาวบ้านเรื่องเกษตรผสมผสาน"),
        Topic("ขอจัดเวทีแลกเปลี่ยนการบริหารกองทุนระหว่างหมู่บ้าน"),
    ),
}

REGION = {
    "50": {"crop": "ลำไย", "product": "ลำไยอบแห้ง", "material": "ฝ้ายและสีย้อมธรรมชาติ"},
    "40": {"crop": "ข้าวหอมมะลิ", "product": "ปลาส้ม", "material": "เส้นไหม"},
}
SKILLS = {"50": "การทอผ้าฝ้ายลายโบราณ", "40": "การมัดหมี่ลายดั้งเดิม"}


@dataclass(frozen=True)
class Emergency:
    """An urgent situation: the visit to the place and the requests raised there."""

    visit_title: str
    what_was_done: str
    requests: tuple[tuple[str, Topic], ...]  # (service type code, topic)


EMERGENCIES = {
    "50": Emergency(
        "ลงพื้นที่ช่วยเหลือผู้ประสบอุทกภัย {village}",
        "สำรวจความเสียหายของกลุ่มอาชีพหลังน้ำป่าไหลหลาก รับเรื่องขอความช่วยเหลือ 2 เรื่อง "
        "และประสาน อบต. เรื่องถุงยังชีพ",
        (
            (
                "funding",
                Topic(
                    "น้ำท่วม{village} ขอความช่วยเหลือฟื้นฟูอาชีพ",
                    "น้ำป่าไหลหลากท่วมโรงเรือนและวัตถุดิบของกลุ่มเสียหาย ประเมินความเสียหาย ประมาณ 120,000 บาท",
                ),
            ),
            (
                "market",
                Topic(
                    "ขอช่องทางจำหน่ายลำไยอบแห้งหลังราคาตกต่ำ",
                    "ราคาลำไยสดเหลือกิโลกรัมละ 8 บาท สมาชิกมีลำไยอบแห้งค้างสต็อกกว่า 3 ตัน",
                ),
            ),
        ),
    ),
    "40": Emergency(
        "ลงพื้นที่ติดตามผลกระทบภัยแล้ง {village}",
        "ประชุมกลุ่มเกษตรกรที่นาข้าวเสียหายจากฝนทิ้งช่วง รับเรื่องขออาชีพเสริมและช่องทางตลาด",
        (
            (
                "capacity",
                Topic(
                    "ภัยแล้ง ข้าวนาปีเสียหาย ขอฝึกอาชีพเสริมระหว่างรอฤดูกาลใหม่",
                    "นาข้าวเสียหายกว่า 300 ไร่ ครัวเรือนขาดรายได้",
                ),
            ),
            (
                "market",
                Topic(
                    "ราคาข้าวเปลือกตกต่ำ ขอช่องทางขายข้าวสารบรรจุถุงตรงถึงผู้บริโภค",
                    "ราคาข้าวเปลือกหอมมะลิเหลือตันละ 9,800 บาท",
                ),
            ),
        ),
    ),
}

# What staff did, and what came of it, by service type code.
OUTCOMES = {
    "consultation": "ให้คำปรึกษาที่ศูนย์ฯ พร้อมมอบเอกสารแนะนำ และนัดติดตามทางโทรศัพท์",
    "knowledge": "จัดอบรมร่วมกับวิทยาลัยชุมชนและปราชญ์ชาวบ้านในพื้นที่ 1 วัน",
    "funding": "ช่วยจัดทำแผนธุรกิจและประสานการยื่นคำขอกู้กับสถาบันการเงิน",
    "production": "ประสานแหล่งผลิตและผู้จำหน่ายวัตถุดิบให้กลุ่มเจรจาราคาโดยตรง",
    "market": "ประสานเครือข่าย OTOP และผู้ซื้อในจังหวัด นำสินค้าไปทดลองวางจำหน่าย",
    "capacity": "จัดฝึกปฏิบัติร่วมกับหน่วยงานภาคี ติดตามผลที่กลุ่ม 2 ครั้ง",
    "information": "จัดทำข้อมูลสรุปจากฐานข้อมูลศูนย์ฯ และส่งให้ผู้ขอทางไลน์",
    "exchange": "พาคณะไปศึกษาดูงานกลุ่มต้นแบบ และจัดวงแลกเปลี่ยนหลังกลับมา",
}
LENDERS = ("ธ.ก.ส. สาขาในอำเภอ", "ธนาคารออมสิน", "กองทุนหมู่บ้าน", "กองทุนพัฒนาบทบาทสตรี")
MARKETS = (
    "ร้านของฝากในตัวเมือง",
    "ตลาดนัดเกษตรกร ศาลากลางจังหวัด",
    "ร้านค้าประชารัฐ",
    "ร้านค้าบน Shopee ของกลุ่ม",
    "งาน OTOP Midyear เมืองทองธานี",
    "โรงแรมและร้านกาแฟในอำเภอ",
)
PARTNERS = (
    "วิทยาลัยชุมชน",
    "สำนักงานเกษตรอำเภอ",
    "ศูนย์เรียนรู้ปราชญ์ชาวบ้าน",
    "สำนักงานพาณิชย์จังหวัด",
    "สำนักงานอุตสาหกรรมจังหวัด",
)
CANCEL_REASONS = (
    "ผู้ขอแจ้งยกเลิก ได้รับความช่วยเหลือจาก อบต. แล้ว",
    "กลุ่มขอถอนเรื่อง สมาชิกยังไม่พร้อมร่วมลงทุน",
    "เรื่องซ้ำกับคำขอเดิมของกลุ่ม รวมไว้ในเรื่องเดิม",
)
EXTENSION_REASONS = (
    "รอผลการพิจารณาสินเชื่อจากสถาบันการเงิน",
    "วิทยากรว่างหลังเทศกาล เลื่อนการอบรมตามคำขอของกลุ่ม",
)
REOPEN_REASON = "ผู้ขอแจ้งว่ายังไม่ได้รับเงินตามที่อนุมัติ ขอให้ติดตามต่อ"

# The status a request has reached, by how many days ago it was received: (status, weight).
TARGETS_BY_AGE = (
    (7, ((S.RECEIVED, 3), (S.IN_PROGRESS, 2))),
    (30, ((S.IN_PROGRESS, 3), (S.RECEIVED, 1), (S.REFERRED, 1), (S.COMMITTEE, 1), (S.RESOLVED, 1))),
    (90, ((S.CLOSED, 3), (S.RESOLVED, 2), (S.REFERRED, 2), (S.COMMITTEE, 1), (S.IN_PROGRESS, 1),
          (S.CANCELLED, 1))),
    (400, ((S.CLOSED, 8), (S.RESOLVED, 1), (S.CANCELLED, 1), (S.REFERRED, 1))),
)  # fmt: skip


@dataclass
class Team:
    """Who works at the centre: the head (or the administrator, acting as head) and staff."""

    head: object
    workers: list  # staff who log and follow requests; the head when there are none
    assignees: list  # members who can be given requests (none where only the admin works)


@dataclass
class Plan:
    """One request to log: when, for whom, about what, and how far it has got."""

    received_at: datetime
    service_type: ServiceType
    topic: Topic
    client: ClientGroup | Person
    urgency: str = Urgency.NORMAL
    visit: Visit | None = None
    target: str = S.RECEIVED
    events: list = field(default_factory=list)  # (kind, object) of each action after logging


def seed_services() -> dict[str, int]:
    """Add a year of services to each demo centre that has clients and no services yet; return
    the rows created by model.

    The assignment e-mails of the demo's past work go to a dummy backend: they are sent when
    this transaction commits (inside the override, as ``manage.py seed_demo`` runs it).
    """
    models = (ServiceRequest, StatusChange, RequestNote, Visit, Attachment)
    before = {model: model.objects.count() for model in models}
    no_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    centres = Centre.objects.select_related("district").in_bulk(
        list(WALK_INS), field_name="district_id"
    )
    with no_mail, transaction.atomic():
        for code in WALK_INS:
            if code in centres and _needs_services(centres[code]):
                _seed_centre(centres[code])
    return {
        str(model._meta.verbose_name_plural): model.objects.count() - before[model]
        for model in models
    }


def services_seeded() -> bool:
    """Whether every demo centre has its year of services (one query). Each centre is seeded in
    one transaction, so a centre with a request has them all."""
    seeded = ServiceRequest.objects.filter(centre__district_id__in=WALK_INS)
    codes = set(seeded.order_by().values_list("centre__district_id", flat=True).distinct())
    return codes == set(WALK_INS)


def _needs_services(centre: Centre) -> bool:
    has_clients = ClientGroup.objects.filter(centre=centre).exists()
    has_services = (
        ServiceRequest.objects.filter(centre=centre).exists()
        or Visit.objects.filter(centre=centre).exists()
    )
    return has_clients and not has_services


def _seed_centre(centre: Centre) -> None:
    team = _team(centre)
    if team is None:
        return
    rng = random.Random(f"services-demo-{centre.district_id}")
    now = timezone.now()
    groups = list(ClientGroup.objects.filter(centre=centre).select_related("village"))
    persons = list(Person.objects.filter(centre=centre))
    types = list(ServiceType.objects.filter(is_active=True))
    visits = _visits(rng, centre, team, groups, now)
    plans = _walk_in_plans(rng, centre, types, groups, persons, now)
    plans += _visit_plans(rng, centre, visits, types, persons)
    plans.sort(key=lambda plan: plan.received_at)
    _choose_targets(rng, plans, now)
    requests = [_log(rng, centre, team, plan, now) for plan in plans]
    _finish_visits(rng, centre, team, visits, requests, now)
    _request_photos(rng, team, requests)


def _team(centre: Centre) -> Team | None:
    members = Membership.objects.filter(centre=centre, role__in=WRITE_ROLES).select_related("user")
    members = sorted(members, key=lambda m: m.user.username)
    head = next((m.user for m in members if m.role == Role.HEAD), None)
    head = head or get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if head is None:
        return None
    workers = [m.user for m in members if m.role == Role.STAFF] or [head]
    return Team(head=head, workers=workers, assignees=[m.user for m in members])


# Visits


@dataclass
class DemoVisit:
    visit: Visit
    day: date
    kind: str  # "outreach", "onsite", "urgent", "planned", "cancelled"
    emergency: Emergency | None = None


def _visits(rng, centre: Centre, team: Team, groups: list, now: datetime) -> list[DemoVisit]:
    code, today = centre.district_id, timezone.localdate(now)
    staff = list(team.assignees)
    plan = [(days, "outreach") for days in OUTREACH_DAYS_AGO[code]]
    plan += [(days, "onsite") for days in ONSITE_DAYS_AGO[code]]
    plan += [(URGENT_DAYS_AGO, "urgent"), (CANCELLED_DAYS_AGO, "cancelled")]
    plan += [(-days, "planned") for days in PLANNED_DAYS_AHEAD[code]]
    visits = []
    for days_ago, kind in sorted(plan, key=lambda item: -item[0]):
        met = rng.sample(groups, k=min(len(groups), rng.randint(1, 3)))
        village = met[0].village
        villages = sorted({group.village for group in met}, key=lambda v: v.pk)
        emergency = EMERGENCIES[centre.district.province_id] if kind == "urgent" else None
        if kind == "onsite":
            title = "คลินิกให้คำปรึกษาการเงินและการตลาดชุมชน ณ ศูนย์ฯ"
        elif emergency:
            title = emergency.visit_title.format(village=_village_name(village))
        else:
            title = f"หน่วยบริการเคลื่อนที่ {_village_name(village)}"
        visit = create_visit(
            centre=centre,
            kind=VisitKind.ONSITE if kind == "onsite" else VisitKind.OUTREACH,
            planned_date=_weekday(today - timedelta(days=days_ago)),
            title=title,
            by=team.head,
            is_urgent=kind == "urgent",
            villages=[] if kind == "onsite" else villages,
            groups=met,
            staff=rng.sample(staff, k=min(len(staff), 2)),
        )
        visits.append(DemoVisit(visit, visit.planned_date, kind, emergency))
    return visits


def _village_name(village) -> str:
    return village.name or f"หมู่ที่ {village.number}"


def _finish_visits(rng, centre, team, visits: list[DemoVisit], requests: list, now) -> None:
    """Record the visits that took place with what they served; cancel the one called off."""
    photos_left = 3 if centre.district_id == "5001" else 1
    for demo in visits:
        if demo.kind == "cancelled":
            set_visit_status(demo.visit, to=VisitStatus.CANCELLED, by=team.head)
        if demo.kind in ("planned", "cancelled"):
            continue
        served = [r for r in requests if r.raised_on_visit_id == demo.visit.pk]
        served += _earlier_requests(rng, demo, requests)
        set_served_requests(demo.visit, requests=served, by=team.head)
        photos = []
        if photos_left and demo.kind != "onsite":
            photos, photos_left = [_photo(rng, "visit")], photos_left - 1
        record_visit(
            demo.visit,
            by=team.head,
            attendees=rng.randint(12, 60),
            what_was_done=_what_was_done(demo, len(served)),
            follow_up_on=demo.day + timedelta(days=rng.choice((14, 30, 45))),
            photos=photos,
            expected_version=demo.visit.version,
        )
    _backdate_visits(visits, now)


def _earlier_requests(rng, demo: DemoVisit, requests: list) -> list:
    """A walk-in request of a group met, received before the visit: followed up there."""
    met = set(demo.visit.groups.values_list("pk", flat=True))
    earlier = [
        r
        for r in requests
        if r.client_group_id in met
        and r.raised_on_visit_id is None
        and timezone.localdate(r.received_at) < demo.day
    ]
    return rng.sample(earlier, k=min(1, len(earlier)))


def _what_was_done(demo: DemoVisit, served: int) -> str:
    if demo.emergency:
        return demo.emergency.what_was_done
    if demo.kind == "onsite":
        return (
            f"ให้คำปรึกษารายกลุ่มเรื่องบัญชี แหล่งทุน และการตลาด รวม {served} เรื่อง มีผู้แทนธนาคารร่วมให้ข้อมูลสินเชื่อ"
        )
    return (
        f"ประชุมร่วมกับกลุ่มอาชีพและกองทุนในหมู่บ้าน ให้คำแนะนำ รับและติดตามเรื่อง {served} เรื่อง ตรวจเยี่ยมสถานที่ผลิต"
    )


def _backdate_visits(visits: list[DemoVisit], now: datetime) -> None:
    for demo in visits:
        planned_on = _at(demo.day - timedelta(days=10), 9, 0)
        Visit.objects.filter(pk=demo.visit.pk).update(
            created_at=min(planned_on, now), updated_at=min(_at(demo.day, 17, 0), now)
        )


# Requests: what to log


def _walk_in_plans(rng, centre, types, groups, persons, now) -> list[Plan]:
    count, today, plans = WALK_INS[centre.district_id], timezone.localdate(now), []
    cycle: list[ServiceType] = []
    for _ in range(count):
        if not cycle:  # every type comes up once in each round of eight
            cycle = rng.sample(types, k=len(types))
        service_type = cycle.pop()
        day = _weekday(today - timedelta(days=rng.randint(1, 360)))
        plans.append(
            Plan(
                received_at=_at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45))),
                service_type=service_type,
                topic=rng.choice(TOPICS[service_type.code]),
                client=rng.choice(persons if persons and rng.random() < 0.35 else groups),
                urgency=Urgency.URGENT if rng.random() < 0.1 else Urgency.NORMAL,
            )
        )
    return plans


def _visit_plans(rng, centre, visits: list[DemoVisit], types, persons) -> list[Plan]:
    by_code = {t.code: t for t in types}
    plans = []
    for demo in visits:
        if demo.kind in ("planned", "cancelled"):
            continue
        groups = list(demo.visit.groups.select_related("village"))
        if demo.emergency:
            topics = [(by_code[code], topic) for code, topic in demo.emergency.requests]
        else:
            chosen = rng.sample(types, k=1 if demo.kind == "onsite" else 2)
            topics = [(t, rng.choice(TOPICS[t.code])) for t in chosen]
        villages = {group.village_id for group in groups}
        clients = groups + [person for person in persons if person.village_id in villages]
        village = _village_name(groups[0].village)
        for service_type, topic in topics:
            plans.append(
                Plan(
                    received_at=_at(demo.day, rng.randint(9, 14), rng.choice((0, 20, 40))),
                    service_type=service_type,
                    topic=Topic(topic.subject.replace("{village}", village), topic.description),
                    client=rng.choice(clients),
                    urgency=Urgency.URGENT if demo.emergency else Urgency.NORMAL,
                    visit=demo.visit,
                )
            )
    return plans


def _choose_targets(rng, plans: list[Plan], now: datetime) -> None:
    """How far each request has got, by its age; every status appears at least once."""
    for plan in plans:
        age = (now - plan.received_at).days
        weights = next(w for limit, w in TARGETS_BY_AGE if age < limit)
        statuses, numbers = zip(*weights, strict=True)
        plan.target = rng.choices(statuses, weights=numbers)[0]
    for status in Status.values:
        if any(plan.target == status for plan in plans):
            continue
        # Give a missing status to a request old enough for it, taken from a common one.
        min_age = 0 if status == S.RECEIVED else 10
        counts = {s: sum(p.target == s for p in plans) for s in Status.values}
        candidates = [
            p for p in plans if (now - p.received_at).days >= min_age and counts[p.target] > 2
        ]
        if status == S.RECEIVED:
            candidates = candidates[-3:]  # the newest
        if candidates:
            rng.choice(candidates).target = status


# Requests: logging them and following them up


def _log(rng, centre: Centre, team: Team, plan: Plan, now: datetime) -> ServiceRequest:
    region = centre.district.province_id
    words = REGION[region] | {"skill": SKILLS[region]}
    request = create_request(
        centre=centre,
        client=plan.client,
        service_type=plan.service_type,
        channel=Channel.ONSITE,  # create_request makes a request raised on an outreach visit one
        urgency=plan.urgency,
        subject=plan.topic.subject.format(**words),
        description=plan.topic.description.format(**words),
        by=rng.choice(team.workers),
        received_at=plan.received_at,
        raised_on_visit=plan.visit,
    )
    _follow(rng, request, team, plan)
    _backdate(rng, request, plan, now)
    return request


def _follow(rng, request: ServiceRequest, team: Team, plan: Plan) -> None:
    """Take the request as far as its target status, the way the centre would."""
    target = plan.target
    assigned = target != S.RECEIVED or rng.random() < 0.5
    worker = (_assign(rng, request, team, plan) if assigned else None) or rng.choice(team.workers)
    if target == S.RECEIVED:
        return
    if target == S.CANCELLED and rng.random() < 0.4:
        return _move(request, plan, S.CANCELLED, worker, rng.choice(CANCEL_REASONS))
    _move(request, plan, S.IN_PROGRESS, worker, "โทรนัดหมายผู้ขอและรวบรวมข้อมูลเพิ่มเติมแล้ว")
    if target == S.CANCELLED:
        return _move(request, plan, S.CANCELLED, worker, rng.choice(CANCEL_REASONS))
    # Only a committee resolution takes a request out of `committee` (committees.demo seeds the
    # rounds and meetings), so only the requests meant to wait there go; the draw is kept so
    # the demo's other random choices stay the same.
    if target != S.COMMITTEE and target != S.IN_PROGRESS:
        rng.random()
    if target == S.COMMITTEE:
        _move(request, plan, S.COMMITTEE, team.head, "เสนอที่ประชุมคณะกรรมการศูนย์ฯ พิจารณา")
    if target in (S.IN_PROGRESS, S.COMMITTEE):
        return _maybe_extend(rng, request, team, plan)
    if target == S.REFERRED or request.service_type.code in ("funding", "market"):
        _move(request, plan, S.REFERRED, worker, f"ส่งต่อ {_partner(rng, request)}")
    if target == S.REFERRED:
        return _maybe_extend(rng, request, team, plan)
    _resolve(rng, request, plan, worker)
    if target == S.CLOSED:
        _close(rng, request, team, plan, worker)


def _assign(rng, request, team: Team, plan: Plan):
    """Where the centre has members, a worker gets the request: the head (or the administrator
    acting as head) hands it out, or staff take it themselves."""
    if not team.assignees:
        return None
    assignee = rng.choice(team.workers)
    by = assignee if rng.random() < 0.3 else team.head
    assign_request(request, assignee=assignee, by=by)
    plan.events.append(("save", None))
    return assignee


def _move(request, plan: Plan, to: str, by, note: str = "") -> None:
    transition_request(request, to=to, by=by, note=note)
    plan.events.append(("move", None))


def _edit(request, plan: Plan, by, **changes) -> None:
    edit_request(request, changes=changes, expected_version=request.version, by=by)
    plan.events.append(("save", None))


def _partner(rng, request: ServiceRequest) -> str:
    code = request.service_type.code
    return rng.choice(LENDERS if code == "funding" else MARKETS if code == "market" else PARTNERS)


def _maybe_extend(rng, request, team: Team, plan: Plan) -> None:
    if rng.random() < 0.3:
        new_due = request.due_date + timedelta(days=rng.choice((14, 30)))
        note = change_due_date(
            request, due_date=new_due, reason=rng.choice(EXTENSION_REASONS), by=team.head
        )
        plan.events.append(("note", note))


def _resolve(rng, request, plan: Plan, worker) -> None:
    _edit(request, plan, worker, **_outcome(rng, request.service_type.code))
    _move(request, plan, S.RESOLVED, worker)


def _close(rng, request, team: Team, plan: Plan, worker) -> None:
    _edit(request, plan, worker, satisfaction=rng.choices((3, 4, 5), weights=(1, 3, 4))[0])
    _move(request, plan, S.CLOSED, team.head, "ตรวจสอบผลกับผู้ขอแล้ว ปิดเรื่อง")
    if request.service_type.code == "funding" and rng.random() < 0.25:
        _move(request, plan, S.IN_PROGRESS, team.head, REOPEN_REASON)
        _edit(request, plan, worker, result_note="ติดตามแล้ว สถาบันการเงินโอนเงินกู้งวดแรกแล้ว")
        _move(request, plan, S.RESOLVED, worker)
        _move(request, plan, S.CLOSED, team.head, "ผู้ขอได้รับเงินครบแล้ว")


def _outcome(rng, code: str) -> dict:
    changes: dict = {"outcome": OUTCOMES[code]}
    if code == "funding":
        amount = Decimal(rng.randint(6, 60) * 5_000)
        changes["money_obtained"] = amount
        changes["result_note"] = f"{rng.choice(LENDERS)} อนุมัติ {amount:,.0f} บาท"
    elif code in ("knowledge", "capacity", "exchange"):
        changes["people_trained"] = rng.randint(12, 45)
        changes["result_note"] = "ผู้เข้าร่วมนำความรู้ไปใช้ในการผลิตของกลุ่ม"
    elif code == "market":
        changes["market_found"] = rng.choice(MARKETS)
        changes["result_note"] = f"ขายได้เพิ่มเดือนละประมาณ {rng.randint(5, 40) * 1_000:,} บาท"
    elif code == "production":
        changes["result_note"] = "ได้ผู้จำหน่ายวัตถุดิบรายใหม่ ต้นทุนลดลงประมาณร้อยละ 10"
    return changes


def _backdate(rng, request: ServiceRequest, plan: Plan, now: datetime) -> None:
    """Spread the actions over the days after receipt: the actions stamp them with now."""
    start = plan.received_at
    end = min(start + timedelta(days=rng.randint(3, 45)), now - timedelta(hours=1))
    times = _office_times(rng, start, end, len(plan.events))
    history = list(request.history.order_by("history_id"))
    assert len(history) == 1 + len(plan.events), (request.reference, plan.events)
    for record, when in zip(history, [start, *times], strict=False):
        record.history_date = when
    request.history.model.objects.bulk_update(history, ["history_date"])
    moves = list(request.status_changes.exclude(from_status="").order_by("pk"))
    kinds = [kind for kind, _ in plan.events]
    move_times = [when for kind, when in zip(kinds, times, strict=True) if kind == "move"]
    for change, when in zip(moves, move_times, strict=True):
        change.changed_at = when
    StatusChange.objects.bulk_update(moves, ["changed_at"])
    for (kind, note), when in zip(plan.events, times, strict=True):
        if kind == "note":
            RequestNote.objects.filter(pk=note.pk).update(created_at=when)
    ServiceRequest.objects.filter(pk=request.pk).update(
        created_at=start, updated_at=times[-1] if times else start
    )


def _office_times(rng, start: datetime, end: datetime, count: int) -> list[datetime]:
    """``count`` moments between ``start`` and ``end``, in office hours on working days."""
    first, days = timezone.localdate(start), (end - start).days
    times = []
    for _ in range(count):
        day = _weekday(first + timedelta(days=rng.randint(0, max(days, 0))))
        when = _at(day, rng.randint(8, 16), rng.randrange(0, 60, 5))
        times.append(min(max(when, start + timedelta(minutes=rng.randint(5, 90))), end))
    return sorted(times)


def _request_photos(rng, team: Team, requests: list[ServiceRequest]) -> None:
    with_photos = [r for r in requests if r.service_type.code in ("market", "capacity")][:2]
    for request in with_photos:
        add_attachments(
            files=[_photo(rng, "product")],
            by=team.workers[0],
            request=request,
            caption="ภาพสินค้าของกลุ่มที่ขอรับบริการ",
        )


# Small helpers


def _at(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _weekday(day: date) -> date:
    """The office is closed at the weekend: a Saturday or Sunday request came on the Friday."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _photo(rng, prefix: str):
    """A small, real PNG (a plain colour tile), checked like any upload."""
    colour = bytes(rng.choice(((46, 125, 50), (21, 101, 192), (239, 108, 0), (121, 85, 72))))
    name = f"{prefix}-{rng.randint(1000, 9999)}.png"
    return check_upload(ContentFile(tiny_png(colour), name=name))


def tiny_png(rgb: bytes, width: int = 16, height: int = 12) -> bytes:
    """A valid PNG image of one colour: signature, header, compressed rows, end."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
