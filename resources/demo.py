"""Demo resource linking for the local run: a provincial and local directory for each demo
centre (local sages among them), referrals of the demo's referred requests (some with their
follow-up past due), the results of past referrals, and a training with its participants.

Open referrals go through the actions (``resources.actions``), so the requests' timelines say
what the portal itself writes; the results of referrals of requests closed long ago are written
as they stand, as history. Deterministic; a centre that already has local resources is left
alone, so a second run creates nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from centres.models import WRITE_ROLES, Centre, Membership, Province, Village
from clients.models import ClientGroup, Person
from resources.actions import add_participant, record_attendance, save_event, send_referral
from resources.models import (
    Attendance,
    Coverage,
    Event,
    EventKind,
    Kind,
    OrganisationType,
    Participant,
    Place,
    Referral,
    ReferralStatus,
    Resource,
)
from services.models import ServiceRequest, ServiceType, Status

DEMO_CENTRES = ("5001", "5007", "4001")
Org = OrganisationType

# province code → (kind, name, organisation type, service type codes, what it offers)
PROVINCIAL = {
    "50": (
        (
            Kind.MARKET,
            "ศูนย์แสดงและจำหน่ายสินค้า OTOP จังหวัดเชียงใหม่",
            Org.GOVERNMENT,
            ("market",),
            "พื้นที่วางจำหน่ายสินค้า OTOP ของจังหวัด รับฝากขายสินค้าที่ผ่านการคัดสรร",
        ),
        (
            Kind.FUNDING,
            "สหกรณ์การเกษตรเมืองเชียงใหม่ จำกัด",
            Org.COOPERATIVE,
            ("funding", "production"),
            "เงินกู้สมาชิก ปัจจัยการผลิต และรับซื้อผลผลิตของสมาชิก",
        ),
    ),
    "40": (
        (
            Kind.MARKET,
            "ศูนย์แสดงและจำหน่ายสินค้า OTOP จังหวัดขอนแก่น",
            Org.GOVERNMENT,
            ("market",),
            "พื้นที่วางจำหน่ายสินค้า OTOP ของจังหวัด โดยเฉพาะผ้าไหมและผ้าฝ้ายทอมือ",
        ),
        (
            Kind.MARKET,
            "ตลาดเกษตรกรจังหวัดขอนแก่น",
            Org.GOVERNMENT,
            ("market",),
            "ตลาดนัดสินค้าเกษตรปลอดภัยทุกวันศุกร์ ไม่มีค่าแผง สำหรับเกษตรกรที่ลงทะเบียน",
        ),
    ),
}

# (kind, name, organisation type, service type codes, what it offers, expertise)
LOCAL = (
    (
        Kind.KNOWLEDGE,
        "พ่อหลวงคำ ปัญญาดี",
        Org.LOCAL_SAGE,
        ("knowledge", "exchange", "capacity"),
        "วิทยากรถ่ายทอดความรู้ในพื้นที่",
        "เกษตรผสมผสานตามหลักปรัชญาของเศรษฐกิจพอเพียง การทำปุ๋ยหมัก",
    ),
    (
        Kind.KNOWLEDGE,
        "แม่บัวลอย ศรีทอง",
        Org.LOCAL_SAGE,
        ("knowledge", "capacity"),
        "สอนการทอผ้าและการย้อมสีธรรมชาติ",
        "ทอผ้าฝ้ายลายโบราณ ย้อมสีจากเปลือกไม้และครั่ง",
    ),
    (
        Kind.PRODUCTION,
        "วิสาหกิจชุมชนแปรรูปผลผลิตการเกษตรบ้านสันทราย",
        Org.COMMUNITY_ENTERPRISE,
        ("production",),
        "รับจ้างแปรรูปและบรรจุผลผลิต มีเครื่องอบแห้งและเครื่องซีลสุญญากาศ",
        "",
    ),
    (
        Kind.MARKET,
        "ตลาดนัดชุมชนหน้าที่ว่าการอำเภอ",
        Org.GOVERNMENT,
        ("market",),
        "ตลาดนัดทุกวันพุธ ค่าแผง 20 บาท",
        "",
    ),
    (
        Kind.FUNDING,
        "สหกรณ์ออมทรัพย์ชุมชนตำบล",
        Org.COOPERATIVE,
        ("funding",),
        "เงินกู้สามัญและฉุกเฉินสำหรับสมาชิก",
        "",
    ),
    (
        Kind.MARKET,
        "ร้านของฝากชุมชนในปั๊มน้ำมันสหกรณ์",
        Org.PRIVATE,
        ("market",),
        "รับฝากขายสินค้าชุมชน หักค่าฝากขายร้อยละ 15",
        "",
    ),
)

# For the demo's referrals: service type code → the national resource a request goes to.
FIRST_CHOICE = {
    "funding": "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ธ.ก.ส.)",
    "market": "งาน OTOP City (กรมการพัฒนาชุมชน)",
    "production": "วิสาหกิจชุมชนแปรรูปผลผลิตการเกษตรบ้านสันทราย",
    "knowledge": "พ่อหลวงคำ ปัญญาดี",
    "capacity": "แม่บัวลอย ศรีทอง",
    "exchange": "พ่อหลวงคำ ปัญญาดี",
}
FALLBACK = "ธนาคารออมสิน"


def _writer(centre: Centre):
    membership = (
        Membership.objects.filter(centre=centre, role__in=WRITE_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("role", "user__username")
        .first()
    )
    if membership is not None:
        return membership.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).first()


def _types(codes) -> list[ServiceType]:
    return list(ServiceType.objects.filter(code__in=codes))


def _seed_provinces() -> None:
    for code, rows in PROVINCIAL.items():
        province = Province.objects.filter(code=code).first()
        if province is None or Resource.objects.filter(province=province).exists():
            continue
        for kind, name, org, types, offers in rows:
            resource = Resource.objects.create(
                kind=kind,
                name=name,
                organisation_type=org,
                coverage=Coverage.PROVINCE,
                province=province,
                offers_text=offers,
            )
            resource.service_types.set(_types(types))


def _seed_directory(centre: Centre) -> dict[str, Resource]:
    villages = list(Village.objects.filter(subdistrict__district=centre.district)[:2])
    made = {}
    for number, (kind, name, org, types, offers, expertise) in enumerate(LOCAL):
        sage = org == Org.LOCAL_SAGE
        resource = Resource.objects.create(
            kind=kind,
            name=name,
            organisation_type=org,
            coverage=Coverage.DISTRICT,
            centre=centre,
            offers_text=offers,
            expertise=expertise,
            village=villages[number % len(villages)] if sage and villages else None,
            phone=f"08{number + 1}{centre.district_id}{number:04d}"[:10],
            contact_person="" if sage else "ผู้ประสานงาน",
        )
        resource.service_types.set(_types(types))
        made[name] = resource
    return made


def _resource_for(request: ServiceRequest, local: dict[str, Resource]) -> Resource:
    name = FIRST_CHOICE.get(request.service_type.code, FALLBACK)
    if name in local:
        return local[name]
    national = Resource.objects.filter(coverage=Coverage.NATIONAL)
    return national.filter(name=name).first() or national.get(name=FALLBACK)


def _refer_open_requests(centre: Centre, local: dict[str, Resource], by) -> None:
    """The referred requests get their referrals, sent on the day they moved; the older ones'
    follow-up is past due, as it is in life."""
    referred = ServiceRequest.objects.filter(centre=centre, status=Status.REFERRED).select_related(
        "service_type"
    )
    for request in referred.order_by("received_at"):
        moved = request.status_changes.filter(to_status=Status.REFERRED).order_by("-changed_at")
        change = moved.first()
        sent_on = timezone.localdate(change.changed_at) if change else timezone.localdate()
        resource = _resource_for(request, local)
        send_referral(
            request=request,
            resource=resource,
            offer=resource.offers.first(),
            asked=request.subject,
            sent_on=sent_on,
            by=by,
        )


def _past_results(centre: Centre, local: dict[str, Resource], by) -> None:
    """The requests resolved or closed with a result got it through a referral."""
    done = ServiceRequest.objects.filter(
        centre=centre, status__in=(Status.RESOLVED, Status.CLOSED)
    ).select_related("service_type")
    for request in done.exclude(money_obtained=None, people_trained=None, market_found=""):
        sent_on = timezone.localdate(request.received_at) + timedelta(days=3)
        completed_on = max(sent_on, timezone.localdate(request.updated_at) - timedelta(days=1))
        completed_on = min(completed_on, timezone.localdate())
        resource = _resource_for(request, local)
        Referral.objects.create(
            centre=centre,
            request=request,
            resource=resource,
            asked=request.subject,
            sent_on=sent_on,
            sent_by=by,
            status=ReferralStatus.COMPLETED,
            responded_on=completed_on,
            completed_on=completed_on,
            follow_up_on=Referral.follow_up_from(resource, sent_on),
            money_obtained=request.money_obtained,
            people_trained=request.people_trained,
            market_found=request.market_found,
            sales=Decimal("15000.00") if request.market_found else None,
        )


def _seed_training(centre: Centre, local: dict[str, Resource], by) -> None:
    today = timezone.localdate()
    event = save_event(
        Event(
            centre=centre,
            kind=EventKind.TRAINING,
            topic="อบรมการทำบัญชีครัวเรือนและบัญชีกลุ่ม",
            starts_on=today - timedelta(days=20),
            place_kind=Place.CENTRE,
            place="ห้องประชุมที่ว่าการอำเภอ",
            organiser=centre.name,
            capacity=30,
            summary="ฝึกบันทึกรายรับรายจ่าย และการปิดบัญชีกลุ่มประจำเดือน",
        ),
        by=by,
        speakers=[local["พ่อหลวงคำ ปัญญาดี"]],
        service_types=_types(("knowledge", "capacity")),
    )
    for number, group in enumerate(ClientGroup.objects.filter(centre=centre)[:6]):
        participant = add_participant(event, group=group, by=by)
        record_attendance(
            participant,
            attendance=Attendance.ABSENT if number == 5 else Attendance.ATTENDED,
            satisfaction=None if number == 5 else 4 + number % 2,
            will_apply="" if number == 5 else "ทำบัญชีรายรับรายจ่ายของกลุ่มทุกเดือน",
            by=by,
        )
    for person in Person.objects.filter(centre=centre)[:8]:
        participant = add_participant(event, person=person, by=by)
        record_attendance(participant, attendance=Attendance.ATTENDED, satisfaction=5, by=by)
    for name in ("นางสาวมะลิ ใจเย็น", "นายทองดี มีสุข"):
        add_participant(event, walk_in_name=name, attendance=Attendance.ATTENDED, by=by)
    save_event(
        Event(
            centre=centre,
            kind=EventKind.EXCHANGE,
            topic="เวทีแลกเปลี่ยนเรียนรู้การแปรรูปผลผลิต",
            starts_on=today + timedelta(days=10),
            place_kind=Place.VILLAGE,
            capacity=40,
            organiser=centre.name,
        ),
        by=by,
        speakers=[local["วิสาหกิจชุมชนแปรรูปผลผลิตการเกษตรบ้านสันทราย"]],
        service_types=_types(("exchange",)),
    )


def seed_resources() -> dict[str, int]:
    """The directory, referrals and events of each demo centre not yet seeded; the rows made."""
    models = (Resource, Referral, Event, Participant)
    before = {model: model.objects.count() for model in models}
    centres = Centre.objects.select_related("district").in_bulk(
        list(DEMO_CENTRES), field_name="district_id"
    )
    with transaction.atomic():
        _seed_provinces()
        for code in DEMO_CENTRES:
            centre = centres.get(code)
            if centre is None or Resource.objects.filter(centre=centre).exists():
                continue
            by = _writer(centre)
            local = _seed_directory(centre)
            if by is None:
                continue
            _refer_open_requests(centre, local, by)
            _past_results(centre, local, by)
            _seed_training(centre, local, by)
    return {
        str(model._meta.verbose_name_plural): model.objects.count() - before[model]
        for model in models
    }


def resources_seeded() -> bool:
    """Whether every demo centre has its local directory (one query)."""
    seeded = Resource.objects.filter(centre__district_id__in=DEMO_CENTRES)
    codes = set(seeded.order_by().values_list("centre__district_id", flat=True).distinct())
    return codes == set(DEMO_CENTRES)
