"""The spreadsheet columns, in one place: their Thai headers, what each holds, an example.

Headers and the Thai words for choices (กลุ่มอาชีพ, นาย, ประธาน…) are data, not interface
text: a spreadsheet reads the same whatever language the user has chosen, so that a file
exported by one user imports for another. The explanations are translatable.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from clients.models import Gender, GroupKind, GroupStatus, MemberRole, OtopProducerType, Title

GROUPS = "groups"
PERSONS = "persons"
MEMBERSHIPS = "memberships"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: Promise
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise
    sheet: str  # the sheet's name in the XLSX template
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


_SUBDISTRICT_CODE = Column(
    "subdistrict_code",
    "รหัสตำบล",
    _("The 6-digit code of the subdistrict (DOPA), e.g. 500101. Give the code or the name."),
    "500101",
)
_SUBDISTRICT_NAME = Column(
    "subdistrict_name",
    "ตำบล",
    _("The subdistrict's name, if you do not have its code. It must be in the centre's district."),
    "ศรีภูมิ",
)
_VILLAGE_NUMBER = Column(
    "village_number",
    "หมู่ที่",
    _("The village number (Moo), 1 to 99."),
    "3",
    required=True,
    aliases=("หมู่", "ม."),
)
_NATIONAL_ID = Column(
    "national_id",
    "เลขประจำตัวประชาชน",
    _("13 digits, with or without dashes; the check digit is verified. May be left empty."),
    "1-1017-00203-45-0",
    aliases=("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน"),
)
_PHONE_ALIASES = ("เบอร์โทร", "เบอร์โทรศัพท์", "โทร")

GROUP_TABLE = Table(
    GROUPS,
    _("Groups"),
    "กลุ่ม",
    (
        Column(
            "kind",
            "ประเภทกลุ่ม",
            _(
                "The kind of group: กลุ่มอาชีพ, ผู้ผลิต/ผู้ประกอบการ OTOP, "
                "กลุ่มออมทรัพย์เพื่อการผลิต, กองทุน กข.คจ., กองทุนหมู่บ้าน or "
                "องค์กรหรือเครือข่ายชุมชนอื่น (or the code: occupational, otop, savings, "
                "poverty_fund, village_fund, other)."
            ),
            "กลุ่มออมทรัพย์เพื่อการผลิต",
            required=True,
        ),
        Column(
            "otop_producer_type",
            "ประเภทผู้ผลิต OTOP",
            _(
                "OTOP producers only: กลุ่มผู้ผลิตชุมชน, ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว or "
                "ผู้ประกอบการ SME. Leave empty for other kinds."
            ),
        ),
        Column(
            "name",
            "ชื่อกลุ่ม",
            _("The group's name."),
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าตาล",
            required=True,
        ),
        Column(
            "registration_number",
            "เลขทะเบียน",
            _(
                "The registration number, where the kind has one. Re-importing a file updates "
                "the group with the same number (else the same name and village)."
            ),
            "ชม.0012/2550",
            aliases=("เลขทะเบียนกลุ่ม",),
        ),
        _SUBDISTRICT_CODE,
        _SUBDISTRICT_NAME,
        _VILLAGE_NUMBER,
        Column(
            "village_name",
            "ชื่อหมู่บ้าน",
            _("The village's name (optional)."),
            "บ้านป่าตาล",
            aliases=("หมู่บ้าน",),
        ),
        Column(
            "founded_on",
            "วันที่ก่อตั้ง",
            _("The founding date as dd/mm/yyyy with a Buddhist-era year."),
            "15/06/2550",
            aliases=("วันก่อตั้ง",),
        ),
        Column(
            "status",
            "สถานะ",
            _(
                "ดำเนินการอยู่, หยุดดำเนินการชั่วคราว or ยุบเลิก (or active, dormant, "
                "dissolved). Empty means active for a new group."
            ),
            "ดำเนินการอยู่",
        ),
        Column("contact_name", "ผู้ติดต่อ", _("The contact person."), "นางสมศรี ใจดี"),
        Column(
            "contact_phone",
            "โทรศัพท์",
            _("A Thai phone number, e.g. 081-234-5678 or 053-123-456."),
            "081-234-5678",
            aliases=_PHONE_ALIASES,
        ),
        Column(
            "member_count",
            "จำนวนสมาชิก",
            _("The number of members the group declares."),
            "45",
        ),
        Column(
            "main_activity",
            "กิจกรรม/ผลิตภัณฑ์หลัก",
            _("The main activity or products."),
            "ออมเงินและให้กู้ยืมเพื่อการผลิต",
        ),
        Column("notes", "หมายเหตุ", _("Anything else worth keeping.")),
    ),
)

PERSON_TABLE = Table(
    PERSONS,
    _("Persons"),
    "บุคคล",
    (
        Column(
            "title",
            "คำนำหน้า",
            _("นาย, นาง, นางสาว, เด็กชาย or เด็กหญิง (abbreviations such as น.ส. work too)."),
            "นาง",
        ),
        Column("first_name", "ชื่อ", _("First name."), "สมศรี", required=True),
        Column("last_name", "นามสกุล", _("Last name."), "ใจดี", required=True),
        _NATIONAL_ID,
        Column(
            "phone",
            "โทรศัพท์",
            _("A Thai phone number, e.g. 081-234-5678."),
            "081-234-5678",
            aliases=_PHONE_ALIASES,
        ),
        Column(
            "birth_year",
            "ปีเกิด (พ.ศ.)",
            _("The year of birth in the Buddhist era, e.g. 2510."),
            "2510",
            aliases=("ปีเกิด",),
        ),
        Column(
            "gender",
            "เพศ",
            _("ชาย, หญิง, อื่น ๆ or ไม่ระบุ."),
            "หญิง",
        ),
        _SUBDISTRICT_CODE,
        _SUBDISTRICT_NAME,
        _VILLAGE_NUMBER,
        Column("occupation", "อาชีพ", _("Occupation."), "ทอผ้า"),
        Column(
            "consent_on",
            "วันที่ให้ความยินยอม",
            _(
                "The date the person agreed that the centre keeps their data (dd/mm/yyyy, "
                "Buddhist era). You are recorded as the one who took the consent."
            ),
            "01/11/2569",
        ),
    ),
)

MEMBERSHIP_TABLE = Table(
    MEMBERSHIPS,
    _("Group members"),
    "สมาชิกกลุ่ม",
    (
        Column(
            "national_id",
            "เลขประจำตัวประชาชน",
            _(
                "The member's national ID number; or leave it empty and give the first and "
                "last name. The person must be in this file or registered at the centre."
            ),
            "1-1017-00203-45-0",
            aliases=_NATIONAL_ID.aliases,
        ),
        Column("first_name", "ชื่อ", _("The member's first name, if no ID number is given.")),
        Column("last_name", "นามสกุล", _("The member's last name, if no ID number is given.")),
        Column(
            "group_registration_number",
            "เลขทะเบียนกลุ่ม",
            _(
                "The group's registration number; or leave it empty and give the group's name. "
                "The group must be in this file or registered at the centre."
            ),
            "ชม.0012/2550",
        ),
        Column(
            "group_name",
            "ชื่อกลุ่ม",
            _("The group's name, if no registration number is given."),
            "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าตาล",
        ),
        Column(
            "role",
            "บทบาท",
            _(
                "ประธาน, รองประธาน, เลขานุการ, เหรัญญิก, กรรมการ or สมาชิก. "
                "Empty means สมาชิก for a new member."
            ),
            "เหรัญญิก",
            aliases=("ตำแหน่ง",),
        ),
        Column(
            "joined_on",
            "วันที่เข้าร่วม",
            _("The date the person joined (dd/mm/yyyy, Buddhist era)."),
            "01/07/2550",
        ),
        Column(
            "left_on",
            "วันที่ออก",
            _("The date the person left, if they have (dd/mm/yyyy, Buddhist era)."),
        ),
    ),
)

TABLES = {table.key: table for table in (GROUP_TABLE, PERSON_TABLE, MEMBERSHIP_TABLE)}

# Columns exports add after the importable ones; an import of an export skips them quietly.
EXPORT_ONLY_HEADERS = ("อำเภอ", "จังหวัด", "ศูนย์")

# Columns only the admin's import and export have (django-import-export, clients.resources).
ADMIN_HEADERS = {
    "id": "รหัสในระบบ",
    "centre": "รหัสศูนย์ (รหัสอำเภอ)",
    "village": "รหัสหมู่บ้าน",
    "person": "รหัสในระบบของบุคคล",
    "person_name": "ชื่อ-นามสกุล",
    "group": "รหัสในระบบของกลุ่ม",
}

# The sheet of explanations in the XLSX template; an import skips it.
NOTES_SHEET = "คำอธิบาย"


# The Thai words for each choice, first the one exports write, then others people type.
CHOICE_WORDS: dict[type[models.TextChoices], dict[str, tuple[str, ...]]] = {
    GroupKind: {
        GroupKind.OCCUPATIONAL: ("กลุ่มอาชีพ", "กลุ่มอาชีพชุมชน"),
        GroupKind.OTOP: ("ผู้ผลิต/ผู้ประกอบการ OTOP", "OTOP", "ผู้ผลิต OTOP", "ผู้ประกอบการ OTOP"),
        GroupKind.SAVINGS: ("กลุ่มออมทรัพย์เพื่อการผลิต", "กลุ่มออมทรัพย์"),
        GroupKind.POVERTY_FUND: (
            "กองทุน กข.คจ.",
            "กข.คจ.",
            "กองทุนโครงการแก้ไขปัญหาความยากจน",
            "กองทุนแก้ไขปัญหาความยากจน",
        ),
        GroupKind.VILLAGE_FUND: ("กองทุนหมู่บ้าน", "กองทุนหมู่บ้านและชุมชนเมือง"),
        GroupKind.OTHER: ("องค์กรหรือเครือข่ายชุมชนอื่น", "อื่น ๆ", "องค์กรชุมชน", "เครือข่าย"),
    },
    OtopProducerType: {
        OtopProducerType.COMMUNITY_GROUP: ("กลุ่มผู้ผลิตชุมชน", "ผู้ผลิตชุมชน"),
        OtopProducerType.SINGLE_OWNER: ("ผู้ผลิตชุมชนที่เป็นเจ้าของรายเดียว", "เจ้าของรายเดียว"),
        OtopProducerType.SME: ("ผู้ประกอบการ SME", "SME", "SMEs", "วิสาหกิจขนาดกลางและขนาดย่อม"),
    },
    GroupStatus: {
        GroupStatus.ACTIVE: ("ดำเนินการอยู่", "ดำเนินการ", "ปกติ"),
        GroupStatus.DORMANT: ("หยุดดำเนินการชั่วคราว", "หยุดชั่วคราว", "ไม่เคลื่อนไหว"),
        GroupStatus.DISSOLVED: ("ยุบเลิก", "ยุบ", "เลิก", "เลิกกิจการ"),
    },
    Title: {
        Title.MR: ("นาย",),
        Title.MRS: ("นาง",),
        Title.MISS: ("นางสาว", "น.ส."),
        Title.BOY: ("เด็กชาย", "ด.ช."),
        Title.GIRL: ("เด็กหญิง", "ด.ญ."),
    },
    Gender: {
        Gender.MALE: ("ชาย", "ช"),
        Gender.FEMALE: ("หญิง", "ญ"),
        Gender.OTHER: ("อื่น ๆ",),
        Gender.UNSPECIFIED: ("ไม่ระบุ",),
    },
    MemberRole: {
        MemberRole.CHAIR: ("ประธาน", "ประธานกลุ่ม"),
        MemberRole.VICE_CHAIR: ("รองประธาน",),
        MemberRole.SECRETARY: ("เลขานุการ", "เลขา"),
        MemberRole.TREASURER: ("เหรัญญิก",),
        MemberRole.COMMITTEE: ("กรรมการ",),
        MemberRole.MEMBER: ("สมาชิก",),
    },
}

_NOISE = re.compile(r"[\s.\-/()*:]+")


def fold(text: str) -> str:
    """Text as compared: no spaces or punctuation, case-folded (``น.ส.`` = ``นส``)."""
    return _NOISE.sub("", text).casefold()


def thai_word(choices: type[models.TextChoices], code: str) -> str:
    """The Thai word exports write for a stored choice (``savings`` → กลุ่มออมทรัพย์…)."""
    return CHOICE_WORDS[choices][code][0] if code else ""


@lru_cache(maxsize=32)
def _choice_lookup(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, label in choices.choices:
        with override("en"):
            english = str(label)
        words = (code, english, str(label), *CHOICE_WORDS[choices][code])
        lookup.update({fold(word): code for word in words})
    return lookup


def choice_from_text(choices: type[models.TextChoices], text: str) -> str | None:
    """The code a typed word means: the code itself, a Thai word, or the label in English or
    the active language; None if it means nothing."""
    return _choice_lookup(choices, get_language() or "").get(fold(text))


@lru_cache(maxsize=8)
def header_lookup(table_key: str) -> dict[str, str]:
    """Folded header (or alias) → column key, for one table."""
    lookup: dict[str, str] = {}
    for column in TABLES[table_key].columns:
        for header in (column.header, *column.aliases):
            lookup.setdefault(fold(header), column.key)
    return lookup
