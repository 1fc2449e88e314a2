import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.lib.phone import format_thai_phone, normalize_thai_phone, validate_thai_phone


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("0812345678", "0812345678"),
        ("081-234-5678", "0812345678"),
        ("081 234 5678", "0812345678"),
        ("(081) 234-5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("+66812345678", "0812345678"),
        ("66812345678", "0812345678"),
        ("+66 (0)81-234-5678", "0812345678"),
        ("0612345678", "0612345678"),
        ("0912345678", "0912345678"),
        ("02-123-4567", "021234567"),
        ("(02) 123 4567", "021234567"),
        ("+66 2 123 4567", "021234567"),
        ("053-123-456", "053123456"),
        ("076 123 456", "076123456"),
    ],
)
def test_it_reads_thai_numbers_in_the_ways_people_write_them(text, digits):
    assert normalize_thai_phone(text) == digits


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12345",
        "812345678",  # no leading 0
        "081234567",  # a mobile one digit short
        "08123456789",  # a mobile one digit long
        "0212345678",  # a landline one digit long
        "061234567",  # 06 is mobile: 10 digits
        "011234567",
        "+1 212 555 0100",
        "081-234-567x",
    ],
)
def test_it_refuses_what_is_not_a_thai_number(text):
    with pytest.raises(ValueError):
        normalize_thai_phone(text)


def test_it_formats_mobiles_bangkok_and_provincial_landlines():
    assert format_thai_phone("0812345678") == "081-234-5678"
    assert format_thai_phone("021234567") == "02-123-4567"
    assert format_thai_phone("053123456") == "053-123-456"


def test_the_validator_rejects_a_bad_number_with_its_own_code():
    with pytest.raises(ValidationError) as raised:
        validate_thai_phone("12345")
    assert raised.value.code == "invalid_thai_phone"
    with translation.override("en"):
        assert raised.value.messages == [
            "Enter a Thai phone number, for example 081-234-5678 or 02-123-4567."
        ]


def test_the_validator_accepts_a_good_number():
    validate_thai_phone("+66 81 234 5678")
