"""Demo registry for the local run: groups of every kind, their members, OTOP products with stars
and several fiscal years of figures, in each demo centre.

Everything is deterministic (one seeded ``random.Random`` per centre) and written with
``get_or_create`` on natural keys, so a second run creates nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from centres.models import Centre, Village
from clients.models import (
    SNAPSHOT_FIGURES,
    ClientGroup,
    GroupKind,
    GroupMembership,
    GroupSnapshot,
    GroupStatus,
    MemberRole,
    OtopProducerType,
    Person,
    Product,
    ProductCategory,
    Standard,
    StarRating,
    Title,
)
from portal.lib.thai_id import thai_id_check_digit

FISCAL_YEARS = (2566, 2567, 2568, 2569)
SELECTION_YEARS = (2562, 2565, 2567)  # OTOP Product Champion selections
BE_OFFSET = 543
CONSENT_SINCE = date(2024, 10, 1)  # the centres opened in fiscal year 2568

K = GroupKind
C = ProductCategory


@dataclass(frozen=True)
class DemoProduct:
    name: str
    category: str
    price: str
    unit: str
    standards: tuple[str, ...] = ()
    stars: tuple[int | None, ...] = ()  # one per selection year; None when not selected


@dataclass(frozen=True)
class DemoGroup:
    kind: str
    name: str
    place: tuple[str, int, str]  # subdistrict code, village number (หมู่ที่), village name
    founded: int  # BE year
    members: int  # declared member count
    activity: str
    producer_type: str = ""
    registration: str = ""
    status: str = GroupStatus.ACTIVE
    products: tuple[DemoProduct, ...] = field(default=())


DEMO_GROUPS: dict[str, tuple[DemoGroup, ...]] = {
    # อำเภอเมืองเชียงใหม่
    "5001": (
        DemoGroup(
            K.OCCUPATIONAL,
            "กลุ่มทอผ้าฝ้ายบ้านป่าแดด",
            ("500110", 3, "บ้านป่าแดด"),
            2548,
            28,
            "ทอผ้าฝ้ายมือ ย้อมสีธรรมชาติ",
            registration="5-50-01-10/1-0007",
            products=(
                DemoProduct("ผ้าฝ้ายทอมือลายน้ำไหล", C.TEXTILES, "450", "ผืน", ("tcps",), (3, 4, 4)),
                DemoProduct("ผ้าพันคอฝ้ายย้อมคราม", C.TEXTILES, "320", "ผืน", ("tcps",), (None, 3, 4)),
            ),
        ),
        DemoGroup(
            K.OCCUPATIONAL,
            "กลุ่มหัตถกรรมเครื่องเงินบ้านหายยา",
            ("500103", 2, "บ้านหายยา"),
            2552,
            16,
            "ดุนลายเครื่องเงินและอะลูมิเนียม",
            products=(
                DemoProduct("สลุงเงินดุนลายดอกพิกุล", C.HOUSEHOLD, "3500", "ใบ", ("tcps",), (4, 4, 5)),
            ),
        ),
        DemoGroup(
            K.OTOP,
            "วิสาหกิจชุมชนไส้อั่วแม่บ้านหนองหอย",
            ("500111", 4, "บ้านหนองหอย"),
            2550,
            22,
            "ไส้อั่ว แคบหมู และอาหารพื้นเมือง",
            producer_type=OtopProducerType.COMMUNITY_GROUP,
            registration="5-50-01-11/1-0012",
            products=(
                DemoProduct("ไส้อั่วสมุนไพร", C.FOOD, "280", "กิโลกรัม", ("fda", "gmp"), (4, 4, 5)),
                DemoProduct("แคบหมูไร้มัน", C.FOOD, "60", "ถุง", ("fda",), (3, 3, 4)),
            ),
        ),
        DemoGroup(
            K.OTOP,
            "น้ำพริกหนุ่มแม่ศรีนวล",
            ("500114", 5, "บ้านฟ้าฮ่าม"),
            2555,
            4,
            "น้ำพริกหนุ่มและน้ำพริกตาแดง",
            producer_type=OtopProducerType.SINGLE_OWNER,
            products=(
                DemoProduct("น้ำพริกหนุ่ม", C.FOOD, "80", "กระปุก", ("fda", "tcps"), (3, 4, 4)),
                DemoProduct("น้ำพริกตาแดง", C.FOOD, "70", "กระปุก", ("fda",), (None, None, 3)),
            ),
        ),
        DemoGroup(
            K.SAVINGS,
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองหอย",
            ("500111", 4, "บ้านหนองหอย"),
            2532,
            186,
            "รับฝากเงินสัจจะรายเดือนและให้สมาชิกกู้เพื่อการผลิต",
        ),
        DemoGroup(
            K.SAVINGS,
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านแม่เหียะ",
            ("500109", 1, "บ้านแม่เหียะ"),
            2538,
            142,
            "รับฝากเงินสัจจะรายเดือนและให้สมาชิกกู้เพื่อการผลิต",
        ),
        DemoGroup(
            K.POVERTY_FUND,
            "กองทุน กข.คจ. บ้านดอนจั่น",
            ("500112", 6, "บ้านดอนจั่น"),
            2537,
            35,
            "เงินยืมปลอดดอกเบี้ยแก่ครัวเรือนยากจนเพื่อประกอบอาชีพ",
        ),
        DemoGroup(
            K.POVERTY_FUND,
            "กองทุน กข.คจ. บ้านหนองป่าครั่ง",
            ("500113", 2, "บ้านหนองป่าครั่ง"),
            2539,
            27,
            "เงินยืมปลอดดอกเบี้ยแก่ครัวเรือนยากจนเพื่อประกอบอาชีพ",
            status=GroupStatus.DORMANT,
        ),
        DemoGroup(
            K.VILLAGE_FUND,
            "กองทุนหมู่บ้านบ้านสันผีเสื้อ",
            ("500116", 1, "บ้านสันผีเสื้อ"),
            2544,
            214,
            "กองทุนหมู่บ้านและชุมชนเมือง ให้สมาชิกกู้ยืม",
            registration="50011601",
        ),
        DemoGroup(
            K.VILLAGE_FUND,
            "กองทุนหมู่บ้านบ้านป่าแดด",
            ("500110", 3, "บ้านป่าแดด"),
            2544,
            176,
            "กองทุนหมู่บ้านและชุมชนเมือง ให้สมาชิกกู้ยืม",
            registration="50011003",
        ),
        DemoGroup(
            K.OTHER,
            "เครือข่ายผู้ประกอบการ OTOP อำเภอเมืองเชียงใหม่",
            ("500101", 1, "บ้านศรีภูมิ"),
            2558,
            42,
            "ประสานการตลาด ออกร้านงานแสดงสินค้า",
        ),
        DemoGroup(
            K.OTHER,
            "กลุ่มสตรีอาสาพัฒนาตำบลฟ้าฮ่าม",
            ("500114", 5, "บ้านฟ้าฮ่าม"),
            2546,
            30,
            "กิจกรรมพัฒนาสตรีและครอบครัว",
        ),
    ),
    # อำเภอแม่ริม
    "5007": (
        DemoGroup(
            K.OCCUPATIONAL,
            "กลุ่มจักสานไม้ไผ่บ้านสะลวง",
            ("500705", 2, "บ้านสะลวงนอก"),
            2551,
            18,
            "จักสานตะกร้าและกระบุงไม้ไผ่",
            products=(
                DemoProduct("ตะกร้าไม้ไผ่สานลายขิด", C.HOUSEHOLD, "250", "ใบ", ("tcps",), (3, 3, 4)),
            ),
        ),
        DemoGroup(
            K.OCCUPATIONAL,
            "กลุ่มแปรรูปสตรอว์เบอร์รีบ้านแม่แรม",
            ("500707", 4, "บ้านแม่แรม"),
            2553,
            24,
            "แปรรูปสตรอว์เบอร์รีและผลไม้เมืองหนาว",
            registration="5-50-07-07/1-0004",
            products=(
                DemoProduct("สตรอว์เบอร์รีอบแห้ง", C.FOOD, "120", "ถุง", ("fda",), (None, 3, 4)),
                DemoProduct("แยมสตรอว์เบอร์รี", C.FOOD, "95", "ขวด", ("fda", "gmp"), (3, 4, 4)),
            ),
        ),
        DemoGroup(
            K.OTOP,
            "วิสาหกิจชุมชนกาแฟอาราบิกาบ้านโป่งแยง",
            ("500708", 6, "บ้านโป่งแยงใน"),
            2549,
            38,
            "ปลูก คั่ว และจำหน่ายกาแฟอาราบิกา",
            producer_type=OtopProducerType.COMMUNITY_GROUP,
            registration="5-50-07-08/1-0002",
            products=(
                DemoProduct(
                    "กาแฟอาราบิกาคั่วบด",
                    C.BEVERAGES,
                    "250",
                    "ถุง 250 กรัม",
                    ("fda", "gap", "organic"),
                    (4, 5, 5),
                ),
                DemoProduct(
                    "ชาเปลือกกาแฟ (คาสคาร่า)", C.BEVERAGES, "150", "ถุง", ("fda",), (None, None, 3)
                ),
            ),
        ),
        DemoGroup(
            K.OTOP,
            "บริษัท แม่ริมกระดาษสา จำกัด",
            ("500701", 3, "บ้านริมใต้"),
            2556,
            12,
            "ร่มและของที่ระลึกจากกระดาษสา",
            producer_type=OtopProducerType.SME,
            registration="0505556001234",
            products=(
                DemoProduct("ร่มกระดาษสาเขียนลายมือ", C.HOUSEHOLD, "350", "คัน", ("tcps",), (4, 4, 5)),
                DemoProduct("สมุดบันทึกกระดาษสา", C.HOUSEHOLD, "120", "เล่ม", (), (3, 3, 3)),
            ),
        ),
        DemoGroup(
            K.SAVINGS,
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านริมใต้",
            ("500701", 3, "บ้านริมใต้"),
            2530,
            205,
            "รับฝากเงินสัจจะรายเดือนและให้สมาชิกกู้เพื่อการผลิต",
        ),
        DemoGroup(
            K.SAVINGS,
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านดอนแก้ว",
            ("500710", 5, "บ้านดอนแก้ว"),
            2541,
            118,
            "รับฝากเงินสัจจะรายเดือนและให้สมาชิกกู้เพื่อการผลิต",
        ),
        DemoGroup(
            K.POVERTY_FUND,
            "กองทุน กข.คจ. บ้านห้วยทราย",
            ("500706", 7, "บ้านห้วยทราย"),
            2538,
            31,
            "เงินยืมปลอดดอกเบี้ยแก่ครัวเรือนยากจนเพื่อประกอบอาชีพ",
        ),
        DemoGroup(
            K.POVERTY_FUND,
            "กองทุน กข.คจ. บ้านขี้เหล็กหลวง",
            ("500704", 1, "บ้านขี้เหล็กหลวง"),
            2536,
            29,
            "เงินยืมปลอดดอกเบี้ยแก่ครัวเรือนยากจนเพื่อประกอบอาชีพ",
        ),
        DemoGroup(
            K.VILLAGE_FUND,
            "กองทุนหมู่บ้านบ้านแม่สาน้อย",
            ("500709", 2, "บ้านแม่สาน้อย"),
            2544,
            158,
            "กองทุนหมู่บ้านและชุมชนเมือง ให้สมาชิกกู้ยืม",
            registration="50070902",
        ),
        DemoGroup(
            K.VILLAGE_FUND,
            "กองทุนหมู่บ้านบ้านสันโป่ง",
            ("500703", 4, "บ้านสันโป่ง"),
            2544,
            193,
            "กองทุนหมู่บ้านและชุมชนเมือง ให้สมาชิกกู้ยืม",
            registration="50070304",
        ),
        DemoGroup(
            K.OTHER,
            "เครือข่ายปราชญ์ชาวบ้านอำเภอแม่ริม",
            ("500702", 1, "บ้านริมเหนือ"),
            2557,
            21,
            "ถ่ายทอดภูมิปัญญาเกษตรและหัตถกรรม",
        ),
        DemoGroup(
            K.OTHER,
            "กลุ่มท่องเที่ยวชุมชนบ้านโป่งแยงนอก",
            ("500708", 2, "บ้านโป่งแยงนอก"),
            2560,
            26,
            "โฮมสเตย์และนำเที่ยวเชิงเกษตร",
        ),
    ),
    # อำเภอเมืองขอนแก่น
    "4001": (
        DemoGroup(
            K.OCCUPATIONAL,
            "กลุ่มทอผ้าไหมมัดหมี่บ้านโนนท่อน",
            ("400118", 3, "บ้านโนนท่อน"),
            2545,
            33,
            "ทอผ้าไหมมัดหมี่และผ้าขาวม้า",
            registration="5-40-01-18/1-0005",
            products=(
                DemoProduct("ผ้าไหมมัดหมี่ลายขอ", C.TEXTILES, "2800", "ผืน", ("tcps",), (4, 5, 5)),
                DemoProduct("ผ้าขาวม้าไหม", C.TEXTILES, "450", "ผืน", ("tcps",), (3, 3, 4)),
            ),
        ),
        DemoGroup(
            K.OCCUPATIONAL,
            "กลุ่มจักสานกระติบข้าวบ้านสาวะถี",
            ("400108", 5, "บ้านสาวะถี"),
            2550,
            20,
            "จักสานกระติบข้าวเหนียวและภาชนะไม้ไผ่",
            status=GroupStatus.DORMANT,
            products=(DemoProduct("กระติบข้าวไม้ไผ่", C.HOUSEHOLD, "90", "ใบ", (), (2, 3, None)),),
        ),
        DemoGroup(
            K.OTOP,
            "วิสาหกิจชุมชนปลาส้มบ้านดอนหัน",
            ("400113", 2, "บ้านดอนหัน"),
            2547,
            26,
            "ปลาส้ม ปลาร้าบอง และแจ่วบอง",
            producer_type=OtopProducerType.COMMUNITY_GROUP,
            registration="5-40-01-13/1-0003",
            products=(
                DemoProduct("ปลาส้มไร้ก้าง", C.FOOD, "120", "แพ็ก", ("fda", "gmp"), (4, 4, 5)),
                DemoProduct("แจ่วบอง", C.FOOD, "60", "กระปุก", ("fda", "halal"), (3, 3, 4)),
            ),
        ),
        DemoGroup(
            K.OTOP,
            "ห้างหุ้นส่วนจำกัด สมุนไพรบ้านค้อ",
            ("400110", 4, "บ้านค้อ"),
            2558,
            9,
            "ผลิตภัณฑ์สมุนไพรไม่ใช่อาหาร",
            producer_type=OtopProducerType.SME,
            registration="0403558000871",
            products=(
                DemoProduct("สบู่สมุนไพรขมิ้นชัน", C.HERBAL, "59", "ก้อน", ("fda",), (3, 4, 4)),
                DemoProduct("ลูกประคบสมุนไพร", C.HERBAL, "80", "ลูก", ("tcps",), (None, 3, 4)),
            ),
        ),
        DemoGroup(
            K.OTOP,
            "ข้าวหอมมะลิอินทรีย์ลุงคำ",
            ("400116", 1, "บ้านหนองตูม"),
            2559,
            3,
            "ข้าวหอมมะลิอินทรีย์และชาใบหม่อน",
            producer_type=OtopProducerType.SINGLE_OWNER,
            products=(
                DemoProduct(
                    "ข้าวหอมมะลิอินทรีย์", C.FOOD, "95", "ถุง 2 กิโลกรัม", ("gap", "organic"), (None, 4, 4)
                ),
                DemoProduct("ชาใบหม่อน", C.BEVERAGES, "85", "กล่อง", ("fda",), (None, None, 3)),
            ),
        ),
        DemoGroup(
            K.SAVINGS,
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าพระ",
            ("400104", 6, "บ้านท่าพระ"),
            2529,
            232,
            "รับฝากเงินสัจจะรายเดือนและให้สมาชิกกู้เพื่อการผลิต",
        ),
        DemoGroup(
            K.SAVINGS,
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านโคกสี",
            ("400103", 3, "บ้านโคกสี"),
            2535,
            167,
            "รับฝากเงินสัจจะรายเดือนและให้สมาชิกกู้เพื่อการผลิต",
        ),
        DemoGroup(
            K.POVERTY_FUND,
            "กองทุน กข.คจ. บ้านดอนช้าง",
            ("400112", 4, "บ้านดอนช้าง"),
            2536,
            38,
            "เงินยืมปลอดดอกเบี้ยแก่ครัวเรือนยากจนเพื่อประกอบอาชีพ",
        ),
        DemoGroup(
            K.POVERTY_FUND,
            "กองทุน กข.คจ. บ้านแดงใหญ่",
            ("400111", 7, "บ้านแดงใหญ่"),
            2537,
            33,
            "เงินยืมปลอดดอกเบี้ยแก่ครัวเรือนยากจนเพื่อประกอบอาชีพ",
        ),
        DemoGroup(
            K.VILLAGE_FUND,
            "กองทุนหมู่บ้านบ้านศิลา",
            ("400114", 1, "บ้านศิลา"),
            2544,
            245,
            "กองทุนหมู่บ้านและชุมชนเมือง ให้สมาชิกกู้ยืม",
            registration="40011401",
        ),
        DemoGroup(
            K.VILLAGE_FUND,
            "กองทุนหมู่บ้านบ้านบึงเนียม",
            ("400117", 2, "บ้านบึงเนียม"),
            2544,
            181,
            "กองทุนหมู่บ้านและชุมชนเมือง ให้สมาชิกกู้ยืม",
            registration="40011702",
        ),
        DemoGroup(
            K.OTHER,
            "เครือข่ายวิสาหกิจชุมชนอำเภอเมืองขอนแก่น",
            ("400101", 1, "บ้านในเมือง"),
            2559,
            48,
            "ประสานเครือข่ายวิสาหกิจชุมชนและตลาดชุมชน",
        ),
        DemoGroup(
            K.OTHER,
            "กลุ่มเกษตรกรทำนาบ้านพระลับ",
            ("400107", 5, "บ้านพระลับ"),
            2543,
            64,
            "ทำนาและจัดหาปัจจัยการผลิตร่วมกัน",
        ),
    ),
}

# Which demo user recorded the members' consent, per centre (None where no demo staff works).
CONSENT_RECORDED_BY = {"5001": "staff", "5007": None, "4001": "outsider"}

MALE_NAMES = (
    "บุญมา", "ประสิทธิ์", "สมศักดิ์", "อนันต์", "สุรชัย", "ทองดี", "บุญส่ง", "จำลอง",
    "สมบัติ", "ชัยวัฒน์", "ณรงค์", "เสถียร", "คำแสน", "อินทร", "วีระ", "สมพงษ์",
)  # fmt: skip
FEMALE_NAMES = (
    "บัวผัน", "คำปุน", "ศรีนวล", "จันทร์เพ็ญ", "มาลี", "บุญเรือง", "ทองใบ", "สุภาพ",
    "พิมพา", "อำไพ", "นงลักษณ์", "วันเพ็ญ", "ประไพ", "แสงเดือน", "ลำดวน", "กัลยา",
)  # fmt: skip
SURNAMES = {
    "north": (
        "แก้วมูล", "อินต๊ะ", "ปัญญาวงค์", "ศรีวิชัย", "คำมูล", "ธรรมวงค์", "สุริยะ",
        "จันทร์ต๊ะ", "ไชยวงค์", "ปิงเมือง", "กันทะวงค์", "อุ่นเรือน", "ยะอินทร์", "ทาเครือ",
    ),
    "northeast": (
        "ศรีสุข", "พลเยี่ยม", "ภูมิพันธ์", "แสนสุข", "บุญประคม", "ศรีบุญเรือง", "โพธิ์ศรี",
        "คำภูเมือง", "อุปรี", "วงศ์ศรีชา", "บุตรดี", "หาญชนะ", "ชาวนา", "มูลสาร",
    ),
}  # fmt: skip
OCCUPATIONS = (
    "เกษตรกร", "ค้าขาย", "รับจ้างทั่วไป", "ทอผ้า", "แม่บ้าน", "ทำสวน", "เลี้ยงสัตว์",
)  # fmt: skip
# Office roles first, in the order a group fills them; everyone after is a plain member.
OFFICE_ROLES = (
    MemberRole.CHAIR,
    MemberRole.TREASURER,
    MemberRole.SECRETARY,
    MemberRole.VICE_CHAIR,
    MemberRole.COMMITTEE,
)


@transaction.atomic
def seed_clients() -> dict[str, int]:
    """Add the demo registry to each demo centre that exists; return the rows created by model."""
    models = (ClientGroup, Person, GroupMembership, Product, StarRating, GroupSnapshot)
    before = {model: model.objects.count() for model in models}
    standards = Standard.objects.in_bulk(field_name="code")
    centres = Centre.objects.select_related("district").in_bulk(
        list(DEMO_GROUPS), field_name="district_id"
    )
    for code, groups in DEMO_GROUPS.items():
        if code not in centres:
            continue
        rng = random.Random(f"clients-demo-{code}")
        recorded_by = _user(CONSENT_RECORDED_BY[code])
        used_ids: set[str] = set()
        for demo in groups:
            group, _ = _group(rng, centres[code], demo)
            _members(rng, group, demo, recorded_by, used_ids)
            _products(group, demo, standards)
            _snapshots(rng, group, demo)
    return {
        str(model._meta.verbose_name_plural): model.objects.count() - before[model]
        for model in models
    }


def clients_seeded() -> bool:
    """Whether every demo group is there (one count). Each run of :func:`seed_clients` is one
    transaction, so a group is there with its members, products and figures."""
    wanted = Q(pk__in=[])
    for code, groups in DEMO_GROUPS.items():
        for demo in groups:
            wanted |= Q(centre__district_id=code, kind=demo.kind, name=demo.name)
    expected = sum(len(groups) for groups in DEMO_GROUPS.values())
    return ClientGroup.objects.filter(wanted).count() == expected


def _user(username: str | None):
    if username is None:
        return None
    return get_user_model().objects.filter(username=username).first()


def _group(rng: random.Random, centre: Centre, demo: DemoGroup) -> tuple[ClientGroup, bool]:
    subdistrict_id, number, village_name = demo.place
    founded_on = date(demo.founded - BE_OFFSET, rng.randint(1, 12), 1)
    village, _ = Village.objects.get_or_create(
        subdistrict_id=subdistrict_id, number=number, defaults={"name": village_name}
    )
    return ClientGroup.objects.get_or_create(
        centre=centre,
        kind=demo.kind,
        name=demo.name,
        defaults={
            "village": village,
            "otop_producer_type": demo.producer_type,
            "registration_number": demo.registration,
            "founded_on": founded_on,
            "status": demo.status,
            "member_count": demo.members,
            "main_activity": demo.activity,
        },
    )


def _members(rng: random.Random, group: ClientGroup, demo, recorded_by, used_ids) -> None:
    """Register a handful of the group's members, the office holders first."""
    count = min(demo.members, rng.randint(6, 9))
    region = "north" if group.centre.district.province_id == "50" else "northeast"
    for index in range(count):
        values = _person_values(rng, group, region, used_ids)
        person, created = Person.objects.get_or_create(
            national_id=values.pop("national_id"),
            defaults={**values, "consent_recorded_by": recorded_by},
        )
        role = OFFICE_ROLES[index] if index < len(OFFICE_ROLES) else MemberRole.MEMBER
        joined = date(rng.randint(demo.founded, 2567) - BE_OFFSET, rng.randint(1, 12), 1)
        GroupMembership.objects.get_or_create(
            person=person,
            group=group,
            left_on=None,
            defaults={"role": role, "joined_on": joined},
        )


def _person_values(rng: random.Random, group: ClientGroup, region: str, used_ids) -> dict:
    female = rng.random() < 0.6
    birth_year = rng.randint(2490, 2545)
    married = birth_year < 2525 or rng.random() < 0.5
    title = (Title.MRS if married else Title.MISS) if female else Title.MR
    return {
        "national_id": _national_id(rng, group.centre.district_id, birth_year, used_ids),
        "centre": group.centre,
        "title": title,
        "first_name": rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        "last_name": rng.choice(SURNAMES[region]),
        "phone": f"08{rng.choice('01256789')}{rng.randint(0, 9_999_999):07d}",
        "birth_year": birth_year,
        "gender": "female" if female else "male",
        "village": group.village,
        "occupation": rng.choice(OCCUPATIONS),
        "consent_on": CONSENT_SINCE + timedelta(days=rng.randint(0, 270)),
    }


def _national_id(rng: random.Random, district_code: str, birth_year: int, used: set[str]) -> str:
    """A valid ID as issued by the district office: 3 for those registered in the 1984 census
    and earlier, 1 for those born after; digits 2–5 are the registering office's code."""
    while True:
        first = "3" if birth_year < 2527 else "1"
        body = f"{first}{district_code}{rng.randint(0, 9_999_999):07d}"
        national_id = f"{body}{thai_id_check_digit(body)}"
        if national_id not in used:
            used.add(national_id)
            return national_id


def _products(group: ClientGroup, demo: DemoGroup, standards: dict[str, Standard]) -> None:
    for item in demo.products:
        product, created = Product.objects.get_or_create(
            group=group,
            name=item.name,
            defaults={"category": item.category, "price": Decimal(item.price), "unit": item.unit},
        )
        if created:
            product.standards.set([standards[code] for code in item.standards if code in standards])
        for year, stars in zip(SELECTION_YEARS, item.stars, strict=False):
            if stars is not None:
                StarRating.objects.get_or_create(
                    product=product, year=year, defaults={"stars": stars}
                )


def _snapshots(rng: random.Random, group: ClientGroup, demo: DemoGroup) -> None:
    figures = _yearly_figures(rng, demo)
    for year, values in zip(FISCAL_YEARS, figures, strict=True):
        GroupSnapshot.objects.get_or_create(group=group, fiscal_year=year, defaults=values)


def _yearly_figures(rng: random.Random, demo: DemoGroup) -> list[dict]:
    """Plausible figures growing steadily towards the declared membership; only those the kind
    reports."""
    wanted = SNAPSHOT_FIGURES[demo.kind]
    last = len(FISCAL_YEARS) - 1
    joined_per_year = [rng.randint(0, max(1, demo.members // 20)) for _ in range(last)]
    base = _base_figures(rng, demo.kind, demo.members - sum(joined_per_year))
    rate = Decimal(rng.randint(2, 8)) / 100
    households_share, borrowers_share = rng.uniform(0.75, 0.92), rng.uniform(0.3, 0.5)
    years = []
    for step in range(len(FISCAL_YEARS)):
        members = demo.members - sum(joined_per_year[step:])
        values = {
            "members": members,
            "households": max(1, round(members * households_share)),
            "borrowers": max(1, round(members * borrowers_share)),
            **{name: _baht(amount * (1 + rate) ** step) for name, amount in base.items()},
        }
        years.append({name: value for name, value in values.items() if name in wanted})
    return years


def _base_figures(rng: random.Random, kind: str, members: int) -> dict[str, Decimal]:
    if kind == K.SAVINGS:
        capital = Decimal(members * rng.randint(4_000, 12_000))
        return {
            "capital": capital,
            "monthly_savings": Decimal(members * rng.choice((100, 200, 300))),
            "loans_outstanding": capital * Decimal(rng.randint(60, 85)) / 100,
            "debts_overdue": capital * Decimal(rng.randint(0, 4)) / 100,
        }
    if kind in (K.POVERTY_FUND, K.VILLAGE_FUND):
        # กข.คจ. villages received 280,000 baht; village funds started from one million.
        start = 280_000 if kind == K.POVERTY_FUND else 1_000_000
        capital = Decimal(start + rng.randint(0, 40) * 10_000 * (4 if start > 300_000 else 1))
        return {
            "capital": capital,
            "loans_outstanding": capital * Decimal(rng.randint(75, 95)) / 100,
            "debts_overdue": capital * Decimal(rng.randint(1, 8)) / 100,
        }
    revenue = Decimal(
        rng.randint(15, 300) * 10_000 if kind != K.OTHER else rng.randint(3, 30) * 10_000
    )
    return {
        "annual_revenue": revenue,
        "debts_overdue": revenue * Decimal(rng.randint(0, 3)) / 100,
    }


def _baht(amount: Decimal) -> Decimal:
    """Round to whole hundreds of baht, with the two decimal places money is stored with."""
    return (amount / 100).quantize(Decimal(1)) * 100 + Decimal("0.00")
