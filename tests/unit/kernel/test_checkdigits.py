"""Check-digit codecs: known real examples, and properties over random input."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber.kernel.checkdigits import (
    CODECS,
    IdentifierKind,
    corporate_number_check_digit,
    local_government_code_check_digit,
    my_number_check_digit,
)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (IdentifierKind.MY_NUMBER, "123456789018"),  # the example used in 総務省 material
        (IdentifierKind.CORPORATE_NUMBER, "8700110005901"),  # 国税庁 (National Tax Agency)
        (IdentifierKind.LOCAL_GOVERNMENT_CODE, "131016"),  # 東京都千代田区
        (IdentifierKind.LOCAL_GOVERNMENT_CODE, "011002"),  # 北海道札幌市
        (IdentifierKind.LOCAL_GOVERNMENT_CODE, "271004"),  # 大阪府大阪市
    ],
)
def test_known_identifiers_are_valid(kind: IdentifierKind, value: str) -> None:
    assert CODECS[kind].is_valid(value)


def test_my_number_check_digit_by_hand() -> None:
    # Weights from the right: 2,3,4,5,6,7,2,3,4,5,6 (REFERENCE.md).
    digits = [int(c) for c in reversed("12345678901")]
    weights = [2, 3, 4, 5, 6, 7, 2, 3, 4, 5, 6]
    remainder = sum(p * q for p, q in zip(digits, weights, strict=True)) % 11
    assert my_number_check_digit("12345678901") == (0 if remainder <= 1 else 11 - remainder) == 8


def test_corporate_number_check_digit_stands_first() -> None:
    assert corporate_number_check_digit("700110005901") == 8
    assert not CODECS[IdentifierKind.CORPORATE_NUMBER].is_valid("7001100059018")


def test_local_government_code_remainder_rules() -> None:
    assert local_government_code_check_digit("13101") == 6


@pytest.mark.parametrize("kind", list(IdentifierKind))
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_identifiers_are_valid(kind: IdentifierKind, seed: int) -> None:
    value = CODECS[kind].generate(random.Random(seed))
    assert CODECS[kind].is_valid(value)
    assert len(value) in CODECS[kind].lengths


@pytest.mark.parametrize("kind", list(IdentifierKind))
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    position=st.integers(min_value=0),
    delta=st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_error_is_caught_by_mod11_codes(
    kind: IdentifierKind, seed: int, position: int, delta: int
) -> None:
    codec = CODECS[kind]
    value = codec.generate(random.Random(seed))
    i = position % len(value)
    changed = value[:i] + str((int(value[i]) + delta) % 10) + value[i + 1 :]
    if kind in (IdentifierKind.MY_NUMBER, IdentifierKind.RESIDENT_CODE):
        # mod 11 with weights ≤ 7: every single-digit substitution changes the remainder, except
        # where remainders 0 and 1 both map to check digit 0.
        if codec.is_valid(changed):
            assert changed[-1] == "0"
    elif codec.is_valid(changed):
        # the other schemes skip some positions (prefecture, 点数表) or fold mod 9/10
        assert kind in (
            IdentifierKind.FACILITY_CODE,
            IdentifierKind.INSURER_NUMBER,
            IdentifierKind.CORPORATE_NUMBER,
            IdentifierKind.LOCAL_GOVERNMENT_CODE,
        )


@given(text=st.text(max_size=14))
def test_arbitrary_text_never_crashes_validation(text: str) -> None:
    for codec in CODECS.values():
        assert codec.is_valid(text) in (True, False)


@pytest.mark.parametrize(
    "bad", ["", "12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１８"]
)
def test_malformed_my_numbers_are_invalid(bad: str) -> None:
    assert not CODECS[IdentifierKind.MY_NUMBER].is_valid(bad)
