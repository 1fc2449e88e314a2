import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.lib.thai_id import (
    format_thai_id,
    is_valid_thai_id,
    mask_thai_id,
    normalize_thai_id,
    validate_thai_id,
)


def with_check_digit(first_twelve: str) -> str:
    """Complete 12 digits into a valid ID, computing the mod-11 check digit independently."""
    weights = range(13, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_twelve, weights, strict=True))
    return first_twelve + str((11 - total % 11) % 10)


def with_wrong_check_digit(valid_id: str) -> str:
    return valid_id[:12] + str((int(valid_id[12]) + 1) % 10)


VALID_ID = with_check_digit("110170020345")


def test_the_test_helper_agrees_with_a_hand_computed_id():
    # 1*13 + 1*12 + 0*11 + 1*10 + 7*9 + 0*8 + 0*7 + 2*6 + 0*5 + 3*4 + 4*3 + 5*2 = 144;
    # 144 % 11 = 1; (11 - 1) % 10 = 0.
    assert VALID_ID == "1101700203450"


def test_it_accepts_ids_with_a_correct_check_digit():
    assert is_valid_thai_id(VALID_ID)
    assert is_valid_thai_id(with_check_digit("356789012345"))
    assert is_valid_thai_id(with_check_digit("899999999999"))


def test_it_rejects_an_id_with_a_wrong_check_digit():
    assert not is_valid_thai_id(with_wrong_check_digit(VALID_ID))


def test_it_accepts_spaces_and_dashes_between_the_groups():
    assert is_valid_thai_id("1-1017-00203-45-0")
    assert is_valid_thai_id(" 1 1017 00203 45 0 ")
    assert normalize_thai_id("1-1017-00203-45-0") == VALID_ID


@pytest.mark.parametrize(
    "text",
    ["", "110170020345", "11017002034501", "1101700203a50", "１１０１７００２０３４５０"],
)
def test_it_rejects_what_is_not_thirteen_ascii_digits(text):
    assert not is_valid_thai_id(text)


def test_it_rejects_an_id_starting_with_zero_even_with_a_matching_check_digit():
    assert not is_valid_thai_id(with_check_digit("012345678901"))


def test_it_formats_an_id_as_printed_on_the_card():
    assert format_thai_id(VALID_ID) == "1-1017-00203-45-0"


def test_it_masks_all_but_the_last_digit():
    assert mask_thai_id(with_check_digit("123456789012")) == "x-xxxx-xxxxx-xx-1"
    assert mask_thai_id("1-1017-00203-45-0") == "x-xxxx-xxxxx-xx-0"


def test_the_validator_rejects_a_bad_id_with_its_own_code():
    with pytest.raises(ValidationError) as raised:
        validate_thai_id(with_wrong_check_digit(VALID_ID))
    assert raised.value.code == "invalid_thai_id"
    with translation.override("en"):
        assert raised.value.messages == ["Enter a valid 13-digit Thai national ID number."]


def test_the_validator_accepts_a_good_id():
    validate_thai_id(VALID_ID)
