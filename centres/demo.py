"""Demo centres and users for the local run; later apps add their data beside this."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from centres.geography import create_missing_centres, load_geography
from centres.models import Centre, Membership, Province, Role
from portal.passwords import DEMO_PASSWORD

DEMO_PROVINCES = ("50", "40")  # เชียงใหม่, ขอนแก่น

CENTRE_DETAILS = {
    "5001": {
        "address": "ที่ว่าการอำเภอเมืองเชียงใหม่ ถนนพระปกเกล้า ตำบลศรีภูมิ อำเภอเมืองเชียงใหม่ "
        "จังหวัดเชียงใหม่ 50200",
        "phone": "053211234",
        "email": "cdd.muangchiangmai@example.go.th",
        "opened_on": date(2024, 10, 1),
    },
    "5007": {
        "address": "ที่ว่าการอำเภอแม่ริม ตำบลริมใต้ อำเภอแม่ริม จังหวัดเชียงใหม่ 50180",
        "phone": "053297123",
        "email": "cdd.maerim@example.go.th",
        "opened_on": date(2024, 11, 15),
    },
    "4001": {
        "address": "ที่ว่าการอำเภอเมืองขอนแก่น ถนนศูนย์ราชการ ตำบลในเมือง อำเภอเมืองขอนแก่น "
        "จังหวัดขอนแก่น 40000",
        "phone": "043236456",
        "email": "cdd.muangkhonkaen@example.go.th",
        "opened_on": date(2025, 1, 6),
    },
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # a Role value, or "admin"
    place: str  # district code for centre roles, province code for the provincial officer


DEMO_USERS = (
    DemoUser("admin", "ผู้ดูแล", "ระบบ", "admin", ""),
    DemoUser("head", "สมชาย", "ใจดี", Role.HEAD, "5001"),
    DemoUser("staff", "สุดารัตน์", "แก้วมณี", Role.STAFF, "5001"),
    DemoUser("staff2", "ประเสริฐ", "บุญมา", Role.STAFF, "5001"),
    DemoUser("committee", "บุญเรือน", "ศรีวงศ์", Role.COMMITTEE, "5001"),
    DemoUser("outsider", "วิชัย", "พลอยงาม", Role.STAFF, "4001"),
    DemoUser("secretary", "พิชิต", "อินทร์แปง", Role.COMMITTEE, "5007"),
    DemoUser("province", "อรุณี", "ทองคำ", Role.PROVINCE, "50"),
)


@transaction.atomic
def seed_centres() -> None:
    load_geography()
    for code in DEMO_PROVINCES:
        create_missing_centres(province_code=code)
    for district_code, details in CENTRE_DETAILS.items():
        Centre.objects.filter(district_id=district_code).update(**details)


@transaction.atomic
def seed_users() -> list[DemoUser]:
    """Create the demo users and their roles; passwords are reset so the printed logins work."""
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = demo.first_name, demo.last_name
        user.email = f"{demo.username}@example.go.th"
        user.is_staff = user.is_superuser = demo.role == "admin"
        user.set_password(DEMO_PASSWORD)
        user.save()
        if demo.role == Role.PROVINCE:
            province = Province.objects.get(code=demo.place)
            Membership.objects.get_or_create(user=user, province=province, role=demo.role)
        elif demo.role != "admin":
            centre = Centre.objects.get(district_id=demo.place)
            Membership.objects.update_or_create(
                user=user, centre=centre, defaults={"role": demo.role}
            )
    return list(DEMO_USERS)


def demo_seeded() -> bool:
    """Whether the demo centres and users are all there as seeded: three counts, so that a
    second ``./scripts/run`` need not reload the geography nor hash seven passwords again."""
    users = Q(pk__in=[])
    memberships = Q(pk__in=[])
    for demo in DEMO_USERS:
        admin = demo.role == "admin"
        users |= Q(
            username=demo.username,
            first_name=demo.first_name,
            last_name=demo.last_name,
            email=f"{demo.username}@example.go.th",
            is_staff=admin,
            is_superuser=admin,
            is_active=True,
        )
        if demo.role == Role.PROVINCE:
            memberships |= Q(user__username=demo.username, role=demo.role, province_id=demo.place)
        elif not admin:
            memberships |= Q(
                user__username=demo.username, role=demo.role, centre__district_id=demo.place
            )
    centres = Q(pk__in=[])
    for code, details in CENTRE_DETAILS.items():
        centres |= Q(district_id=code, **details)
    with_role = sum(demo.role != "admin" for demo in DEMO_USERS)
    return (
        get_user_model().objects.filter(users).count() == len(DEMO_USERS)
        and Membership.objects.filter(memberships).count() == with_role
        and Centre.objects.filter(centres).count() == len(CENTRE_DETAILS)
    )
