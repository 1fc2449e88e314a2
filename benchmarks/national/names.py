"""Thai names and words for the generated rows: the demo's lists, plus what a country needs."""

from clients.demo import FEMALE_NAMES, MALE_NAMES, OCCUPATIONS, SURNAMES

__all__ = ["FEMALE_NAMES", "MALE_NAMES", "OCCUPATIONS", "surnames", "village_name"]

_MORE_SURNAMES = {
    "central": (
        "ทองดี", "แสงอรุณ", "บุญเกิด", "สุขสวัสดิ์", "รุ่งเรือง", "มีสุข", "จันทร์หอม",
        "พึ่งทอง", "ศรีสวัสดิ์", "เพชรรัตน์", "อยู่เย็น", "นาคสุข", "ปานทอง", "กลิ่นจันทร์",
    ),
    "south": (
        "ขุนทอง", "แก้วประดิษฐ์", "ชูช่วย", "ทองนุ่น", "เพชรสุวรรณ", "สุวรรณรัตน์", "ศรีสุวรรณ",
        "หนูแก้ว", "บัวทอง", "ด้วงทอง", "มณีโชติ", "ช่วยชู", "เรืองศรี", "อินทร์แก้ว",
    ),
}  # fmt: skip
_REGION_OF_FIRST_DIGIT = {
    "1": "central", "2": "central", "3": "northeast", "4": "northeast", "5": "north",
    "6": "north", "7": "central", "8": "south", "9": "south",
}  # fmt: skip
VILLAGE_HEADS = (
    "หนอง", "ดอน", "โนน", "ห้วย", "นา", "ป่า", "สัน", "แม่", "ทุ่ง", "บึง", "โคก", "ท่า",
    "วัง", "บ่อ", "เวียง", "หัวนา", "คลอง", "บาง",
)  # fmt: skip
VILLAGE_TAILS = (
    "บัว", "แก้ว", "ทอง", "คำ", "ใหญ่", "น้อย", "สะอาด", "งาม", "เจริญ", "หลวง", "ศรี", "ยาว",
    "ตาล", "ม่วง", "ขาม", "แดง", "สวรรค์", "ไผ่", "กอก", "จาน",
)  # fmt: skip


def surnames(province_code: str) -> tuple[str, ...]:
    region = _REGION_OF_FIRST_DIGIT.get(province_code[:1], "central")
    return SURNAMES.get(region) or _MORE_SURNAMES[region]


def village_name(subdistrict_code: str, number: int) -> str:
    """A village name that stays the same for the same village, run after run."""
    n = int(subdistrict_code) * 31 + number * 7
    return (
        f"บ้าน{VILLAGE_HEADS[n % len(VILLAGE_HEADS)]}{VILLAGE_TAILS[(n // 7) % len(VILLAGE_TAILS)]}"
    )
