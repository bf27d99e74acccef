"""The 公費負担者番号 and 公費受給者番号 check digits, and their refusal in a registration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mynumber.health.pmh.data import SubsidyRegistration
from mynumber.health.pmh.numbers import (
    check_digit,
    is_valid_insurer_number,
    is_valid_recipient_number,
    with_check,
)


def test_weights_two_one_from_the_right_with_digit_sums() -> None:
    # 5413001: from the right 1·2, 0·1, 0·2, 3·1, 1·2, 4·1, 5·2=10→1 → 2+0+0+3+2+4+1 = 12 → 8.
    assert check_digit("5413001") == 8
    assert with_check("5413001") == "54130018" and is_valid_insurer_number("54130018")
    assert not is_valid_insurer_number("54130019")
    assert not is_valid_insurer_number(with_check("5499001"))  # 都道府県 99
    assert check_digit("0000000") == 0 and is_valid_recipient_number(with_check("123456"))
    assert not is_valid_recipient_number("1234567" if check_digit("123456") != 7 else "1234568")


def _registration(insurer: str, recipient: str) -> SubsidyRegistration:
    return SubsidyRegistration.model_validate({
        "my_number": "123456789018", "municipality_code": "131016",
        "insurer_number": insurer, "recipient_number": recipient,
        "certification_name": "受給者証", "valid_from": "2026-04-01", "valid_to": "2027-03-31",
    })  # fmt: skip


def test_a_registration_refuses_a_wrong_check_digit() -> None:
    assert _registration("54130018", with_check("123456")).law_number == "54"
    with pytest.raises(ValidationError, match="公費負担者番号"):
        _registration("54130019", with_check("123456"))
    wrong = with_check("123456")[:-1] + str((int(with_check("123456")[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="公費受給者番号"):
        _registration("54130018", wrong)
