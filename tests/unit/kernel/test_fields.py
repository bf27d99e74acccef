"""Field types for HTTP input refuse exactly what their schema forbids."""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from pydantic import BaseModel, ValidationError

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.fields import (
    BASE64_PATTERN,
    KANA_PATTERN,
    NFKC_EXPANDING,
    TEXT_PATTERN,
    JsonBool,
    JsonDate,
    JsonInt,
    checked_identifier,
)
from mynumber.kernel.japanese import is_katakana_name, normalize_kana, normalize_text


def test_the_expanding_table_is_every_character_normalisation_lengthens() -> None:
    table = re.compile(f"[{NFKC_EXPANDING}]")
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        lengthens = len(normalize_text(f"x{char}x")) > 3
        assert (table.match(char) is not None) == lengthens, hex(code)


def test_text_and_kana_patterns() -> None:
    assert re.search(TEXT_PATTERN, " 高橋 ") and not re.search(TEXT_PATTERN, "\u3000\x1d ")
    assert not re.search(TEXT_PATTERN, "a\x00") and not re.search(TEXT_PATTERN, "㍿")
    assert re.search(KANA_PATTERN, "たかはし タロウ ﾀﾛｳ") and not re.search(KANA_PATTERN, "゛")
    assert not re.search(KANA_PATTERN, "  ") and not re.search(KANA_PATTERN, "ﾞ")


def test_the_kana_pattern_admits_exactly_the_half_width_readings_the_register_takes() -> None:
    """Every half-width kana and pair of them (voicing marks included): the OpenAPI's pattern
    and the register's own rule (widen, then katakana only) agree."""
    half_width = [chr(code) for code in range(0xFF65, 0xFFA0)]
    for text in [*half_width, *(a + b for a in half_width for b in half_width)]:
        widened = is_katakana_name(normalize_kana(text))
        assert (re.search(KANA_PATTERN, text) is not None) == widened, text


@pytest.mark.parametrize(
    ("text", "ok"),
    [("", True), ("AA", True), ("AA==", True), ("AQ", True), ("AB==", False), ("A", False),
     ("A+_A", False), ("-_8=", True)],
)  # fmt: skip
def test_base64_pattern_is_what_pydantic_reads(text: str, ok: bool) -> None:
    class Bytes(BaseModel):
        value: bytes
        model_config = {"val_json_bytes": "base64"}

    assert (re.match(BASE64_PATTERN, text) is not None) == ok
    try:
        Bytes.model_validate({"value": text})
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == ok


class _Wire(BaseModel):
    on: JsonDate | None = None
    count: JsonInt | None = None
    flag: JsonBool | None = None


@pytest.mark.parametrize(
    "value",
    [{"on": 0}, {"on": "0"}, {"on": "20260101"}, {"count": True}, {"count": "1"},
     {"flag": 1}, {"flag": "true"}],
)  # fmt: skip
def test_lax_coercions_are_refused(value: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        _Wire.model_validate(value)


def test_values_of_the_right_json_type_are_taken() -> None:
    wire = _Wire.model_validate({"on": "2026-11-22", "count": 3, "flag": False})
    assert (wire.on.isoformat() if wire.on else None, wire.count, wire.flag) == (
        "2026-11-22",
        3,
        False,
    )


def test_a_checked_identifier_refuses_a_wrong_check_digit_by_its_label() -> None:
    class Clinic(BaseModel):
        code: Annotated[str, checked_identifier(IdentifierKind.FACILITY_CODE, "医療機関コード")]

    good = CODECS[IdentifierKind.FACILITY_CODE].complete("131123456")
    assert Clinic(code=good).code == good
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(ValidationError, match="not a valid 医療機関コード"):
        Clinic(code=wrong)
