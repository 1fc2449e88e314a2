"""The registry of each centre (``clients``): villages, groups of every kind, persons with valid
national IDs, memberships, OTOP products with standards and stars, and yearly figures."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from benchmarks.national.copy import CopyWriter
from benchmarks.national.names import (
    FEMALE_NAMES,
    MALE_NAMES,
    OCCUPATIONS,
    surnames,
    village_name,
)
from benchmarks.national.plan import CentrePlan, Span
from centres.models import Subdistrict, Village
from clients.models import SNAPSHOT_FIGURES, GroupKind, OtopProducerType, Standard
from portal.lib.fiscal import to_ce_year
from portal.lib.thai_id import thai_id_check_digit

K = GroupKind
KINDS = (K.OCCUPATIONAL, K.OTOP, K.SAVINGS, K.POVERTY_FUND, K.VILLAGE_FUND, K.OTHER)
KIND_WEIGHTS = (35, 20, 20, 8, 12, 5)
ACTIVITIES = (
    ("ทอผ้า", "ทอผ้าฝ้ายและผ้าไหมมือ"), ("จักสาน", "จักสานไม้ไผ่และกระจูด"),
    ("แปรรูปอาหาร", "แปรรูปผลผลิตการเกษตร"), ("เลี้ยงโคขุน", "เลี้ยงโคขุนและขายปุ๋ยคอก"),
    ("ปลูกผักปลอดสารพิษ", "ปลูกผักปลอดสารพิษส่งตลาดในอำเภอ"), ("ทำขนมไทย", "ขนมไทยและของว่าง"),
    ("เพาะเห็ด", "เพาะเห็ดนางฟ้าและเห็ดฟาง"), ("ผลิตปุ๋ยอินทรีย์", "ปุ๋ยหมักชีวภาพ"),
    ("เลี้ยงปลา", "เลี้ยงปลานิลในกระชัง"), ("ดอกไม้ประดิษฐ์", "ดอกไม้จันทน์และของชำร่วย"),
)  # fmt: skip
PRODUCTS = (
    ("food", ("น้ำพริกเผา", "กล้วยฉาบ", "ข้าวกล้องงอก", "หมูแดดเดียว", "ปลาร้าบอง", "ทองม้วน"),
     ("กระปุก", "ถุง", "กิโลกรัม")),
    ("beverages", ("น้ำกระเจี๊ยบ", "ชาใบหม่อน", "กาแฟคั่วบด", "น้ำผึ้งป่า"), ("ขวด", "ถุง")),
    ("textiles", ("ผ้าซิ่นตีนจก", "ผ้าขาวม้า", "ผ้าไหมมัดหมี่", "เสื้อผ้าฝ้ายย้อมคราม"),
     ("ผืน", "ตัว", "เมตร")),
    ("household", ("ตะกร้าไม้ไผ่", "กระเป๋ากระจูด", "โคมไฟไม้ไผ่", "เครื่องปั้นดินเผา"),
     ("ใบ", "ชิ้น")),
    ("herbal", ("ยาหม่องสมุนไพร", "สบู่น้ำผึ้ง", "ลูกประคบ", "แชมพูมะกรูด"), ("ชิ้น", "ขวด")),
)  # fmt: skip
SELECTION_YEARS = (2562, 2565, 2567)  # OTOP Product Champion selections
OFFICE_ROLES = ("chair", "treasurer", "secretary", "vice_chair", "committee")
MONEY = ("capital", "monthly_savings", "loans_outstanding", "annual_revenue", "debts_overdue")


@dataclass(frozen=True)
class Registry:
    """What the centre's requests and visits draw on: id ranges and the villages."""

    villages: list[tuple[int, str]]  # (id, name)
    first_group: int
    groups: int
    first_person: int
    persons: int


class RegistryWriter:
    def __init__(self, writer: CopyWriter, span: Span) -> None:
        self.writer = writer
        self.span = span
        self.villages = writer.open("centres_village", ("subdistrict_id", "number", "name"))
        self.groups = writer.open("clients_clientgroup", GROUP_COLUMNS)
        self.persons = writer.open("clients_person", PERSON_COLUMNS)
        self.members = writer.open("clients_groupmembership", MEMBER_COLUMNS)
        self.products = writer.open("clients_product", PRODUCT_COLUMNS)
        self.standards = writer.open("clients_product_standards", ("product_id", "standard_id"))
        self.stars = writer.open("clients_starrating", ("product_id", "year", "stars"))
        self.snapshots = writer.open("clients_groupsnapshot", SNAPSHOT_COLUMNS)
        self.standard_ids = list(Standard.objects.order_by("pk").values_list("pk", flat=True))
        self.subdistricts: dict[str, list[str]] = {}
        for code, district in Subdistrict.objects.values_list("code", "district_id"):
            self.subdistricts.setdefault(district, []).append(code)
        self.existing_villages: dict[str, dict[int, int]] = {}
        for pk, sub, number in Village.objects.values_list("pk", "subdistrict_id", "number"):
            self.existing_villages.setdefault(sub, {})[number] = pk

    def centre(self, rng: random.Random, plan: CentrePlan, team) -> Registry:
        villages = self._villages(rng, plan)
        first_group, first_person = self.groups.next_id, self.persons.next_id
        for index in range(plan.persons):
            self._person(rng, plan, index, rng.choice(villages)[0], team)
        for index in range(plan.groups):
            self._group(rng, plan, index, rng.choice(villages), first_person)
        return Registry(villages, first_group, plan.groups, first_person, plan.persons)

    def _villages(self, rng: random.Random, plan: CentrePlan) -> list[tuple[int, str]]:
        """The district's villages: those already there, and หมู่ 1…n of every subdistrict."""
        ids = []
        for sub in self.subdistricts.get(plan.district, ()):
            known = self.existing_villages.get(sub, {})
            for number in range(1, rng.randint(5, 16) + 1):
                name = village_name(sub, number)
                if number in known:
                    ids.append((known[number], name))
                    continue
                village_id = self.villages.new_id()
                self.writer.add(self.villages, village_id, sub, number, name)
                ids.append((village_id, name))
        return ids

    def _person(self, rng: random.Random, plan: CentrePlan, index: int, village: int, team):
        female = rng.random() < 0.58
        birth_year = rng.randint(2480, 2548)
        married = birth_year < 2525 or rng.random() < 0.5
        title = ("mrs" if married else "miss") if female else "mr"
        consent = self.span.start.date() + timedelta(days=rng.randrange(365))
        created = self.span.start + timedelta(days=rng.randrange(300), minutes=rng.randrange(600))
        self.writer.add_trusted(
            self.persons,
            self.persons.new_id(),
            plan.centre_id,
            title,
            rng.choice(FEMALE_NAMES if female else MALE_NAMES),
            rng.choice(surnames(plan.province)),
            national_id(plan.district, index, birth_year) if rng.random() < 0.97 else None,
            f"0{rng.choice('689')}{rng.randrange(100_000_000):08d}" if rng.random() < 0.85 else "",
            birth_year,
            "female" if female else "male",
            village,
            rng.choice(OCCUPATIONS),
            consent,
            rng.choice(team.workers),
            False,
            created,
            created,
        )

    def _group(self, rng: random.Random, plan: CentrePlan, index: int, village, person0):
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        activity, main = rng.choice(ACTIVITIES)
        founded_be = rng.randint(2530, 2566)
        founded = date(to_ce_year(founded_be), rng.randint(1, 12), rng.randint(1, 28))
        members = rng.randint(5, 60) if kind != K.VILLAGE_FUND else rng.randint(80, 250)
        status = rng.choices(("active", "dormant", "dissolved"), (90, 7, 3))[0]
        created = self.span.start + timedelta(days=rng.randrange(200), minutes=rng.randrange(600))
        group_id = self.groups.new_id()
        self.writer.add(
            self.groups,
            group_id,
            plan.centre_id,
            kind,
            _producer_type(rng, kind),
            _group_name(kind, activity, village[1]),
            village[0],
            f"{plan.district}-{KINDS.index(kind) + 1}-{index + 1:05d}" if kind != K.OTHER else "",
            founded,
            status,
            rng.choice(MALE_NAMES + FEMALE_NAMES) + " " + rng.choice(surnames(plan.province)),
            f"0{rng.choice('689')}{rng.randrange(100_000_000):08d}",
            members,
            main,
            "",
            created,
            created,
        )
        self._members(rng, plan, group_id, founded, person0)
        if kind in (K.OTOP, K.OCCUPATIONAL):
            self._products(rng, group_id, kind)
        self._snapshots(rng, group_id, kind, members, founded_be)

    def _members(self, rng: random.Random, plan: CentrePlan, group_id: int, founded: date, p0):
        count = min(plan.persons, rng.randint(3, 8))
        for n, offset in enumerate(rng.sample(range(plan.persons), count)):
            joined = founded + timedelta(days=rng.randrange(3000))
            joined = min(joined, self.span.now.date())
            left = joined + timedelta(days=rng.randrange(1, 900)) if rng.random() < 0.06 else None
            left = min(left, self.span.now.date()) if left else None
            role = OFFICE_ROLES[n] if n < len(OFFICE_ROLES) else "member"
            self.writer.add_trusted(
                self.members, self.members.new_id(), p0 + offset, group_id, role, joined, left
            )

    def _products(self, rng: random.Random, group_id: int, kind: str) -> None:
        for _ in range(rng.randint(1, 3) if kind == K.OTOP else rng.randint(0, 1)):
            category, names, units = rng.choice(PRODUCTS)
            product_id = self.products.new_id()
            price = f"{rng.randint(2, 300) * 10}.00"
            name = rng.choice(names)
            self.writer.add(
                self.products, product_id, group_id, name, category, "", price, rng.choice(units)
            )
            for standard in rng.sample(self.standard_ids, min(len(self.standard_ids), 2))[
                : rng.randint(0, 2)
            ]:
                self.writer.add(self.standards, self.standards.new_id(), product_id, standard)
            if kind == K.OTOP:
                stars = rng.randint(1, 4)
                for year in SELECTION_YEARS[rng.randrange(len(SELECTION_YEARS)) :]:
                    stars = min(5, stars + rng.randint(0, 1))
                    self.writer.add(self.stars, self.stars.new_id(), product_id, year, stars)

    def _snapshots(self, rng: random.Random, group_id: int, kind: str, members: int, founded: int):
        wanted = SNAPSHOT_FIGURES[kind]
        base = rng.randint(3, 40) * 10_000 * (10 if kind == K.VILLAGE_FUND else 1)
        for step, year in enumerate(y for y in self.span.years[:-1] if y > founded):
            count = max(1, members - rng.randint(0, 3) * (4 - step))
            money = base * (100 + 5 * step) // 100
            values = {
                "members": count,
                "households": max(1, count * 85 // 100),
                "borrowers": max(1, count * 40 // 100),
                "capital": money,
                "monthly_savings": count * 100,
                "loans_outstanding": money * 80 // 100,
                "annual_revenue": money * 3,
                "debts_overdue": money * rng.randint(0, 5) // 100,
            }
            row = [
                None if f not in wanted else _money(values[f]) if f in MONEY else values[f]
                for f in SNAPSHOT_FIGURES_ORDER
            ]
            self.writer.add_trusted(self.snapshots, self.snapshots.new_id(), group_id, year, *row)


def national_id(district: str, index: int, birth_year: int) -> str:
    """A valid, unique ID: 3 for those registered in the 1984 census and before, 1 after; then
    the district's code and a number unique in the district (a bijection of ``index``)."""
    number = (index * 7919 + 1_234_567) % 10_000_000
    body = f"{'3' if birth_year < 2527 else '1'}{district}{number:07d}"
    return f"{body}{thai_id_check_digit(body)}"


def _producer_type(rng: random.Random, kind: str) -> str:
    if kind != K.OTOP:
        return ""
    return rng.choices(list(OtopProducerType.values), (60, 30, 10))[0]


def _group_name(kind: str, activity: str, village: str) -> str:
    names = {
        K.OCCUPATIONAL: f"กลุ่ม{activity}",
        K.OTOP: f"วิสาหกิจชุมชน{activity}",
        K.SAVINGS: "กลุ่มออมทรัพย์เพื่อการผลิต",
        K.POVERTY_FUND: "กองทุนโครงการแก้ไขปัญหาความยากจน (กข.คจ.) ",
        K.VILLAGE_FUND: "กองทุนหมู่บ้าน",
        K.OTHER: "เครือข่ายองค์กรชุมชน",
    }
    return f"{names[kind]}{village}"


def _money(baht: int) -> str:
    return f"{baht}.00"


GROUP_COLUMNS = (
    "centre_id", "kind", "otop_producer_type", "name", "village_id", "registration_number",
    "founded_on", "status", "contact_name", "contact_phone", "member_count", "main_activity",
    "notes", "created_at", "updated_at",
)  # fmt: skip
PERSON_COLUMNS = (
    "centre_id", "title", "first_name", "last_name", "national_id", "phone", "birth_year",
    "gender", "village_id", "occupation", "consent_on", "consent_recorded_by_id",
    "is_anonymised", "created_at", "updated_at",
)  # fmt: skip
MEMBER_COLUMNS = ("person_id", "group_id", "role", "joined_on", "left_on")
PRODUCT_COLUMNS = ("group_id", "name", "category", "other_standards", "price", "unit")
SNAPSHOT_FIGURES_ORDER = (
    "members", "households", "capital", "monthly_savings", "loans_outstanding", "borrowers",
    "annual_revenue", "debts_overdue",
)  # fmt: skip
SNAPSHOT_COLUMNS = ("group_id", "fiscal_year", *SNAPSHOT_FIGURES_ORDER)
