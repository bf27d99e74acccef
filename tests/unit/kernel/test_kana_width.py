"""Half-width kana (U+FF61–U+FF9F) widened, with voiced and semi-voiced marks joined."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber.kernel.japanese import is_katakana_name, normalize_kana, normalize_text

HALF_WIDTH = [chr(code) for code in range(0xFF61, 0xFF9F + 1)]
MARKS = {"ﾞ": "\u3099", "ﾟ": "\u309a"}  # half-width mark → combining mark
half_width = st.sampled_from(HALF_WIDTH)
letters = st.sampled_from([ch for ch in HALF_WIDTH if ch not in MARKS])  # ｡ to ﾝ
mark = st.sampled_from(list(MARKS))


def _no_half_width(text: str) -> bool:
    return not any("\uff61" <= ch <= "\uff9f" for ch in text)


def _precomposed(base: str, half_mark: str) -> str | None:
    """Return the one full-width letter for base + mark, if Unicode has one."""
    joined = unicodedata.normalize("NFC", base + MARKS[half_mark])
    return joined if len(joined) == 1 else None


@pytest.mark.parametrize("kana", HALF_WIDTH, ids=lambda ch: f"U+{ord(ch):04X}")
def test_every_half_width_kana_alone_and_with_each_mark(kana: str) -> None:
    alone = normalize_text(kana)
    assert alone and _no_half_width(alone)
    for half_mark in MARKS:
        result = normalize_text(kana + half_mark)
        assert _no_half_width(result)
        expected = _precomposed(alone, half_mark)
        if expected is not None:
            assert result == expected
        assert normalize_text(result) == result


@given(half_width)
def test_a_half_width_kana_is_widened(kana: str) -> None:
    result = normalize_text(kana)
    assert _no_half_width(result)
    assert unicodedata.east_asian_width(result[0]) in {"W", "F"}
    assert normalize_text(result) == result


@given(half_width, mark)
def test_a_kana_and_its_mark_become_the_precomposed_letter(kana: str, half_mark: str) -> None:
    result = normalize_text(kana + half_mark)
    assert _no_half_width(result)
    expected = _precomposed(normalize_text(kana), half_mark)
    if expected is not None:
        assert result == expected
    assert normalize_text(result) == result


@given(st.lists(st.tuples(letters, st.sampled_from(["", "ﾞ", "ﾟ"])), min_size=1, max_size=12))
def test_a_half_width_reading_normalises_once_and_for_all(pairs: list[tuple[str, str]]) -> None:
    text = "".join(kana + half_mark for kana, half_mark in pairs)
    result = normalize_text(text)
    assert _no_half_width(result)
    assert normalize_text(result) == result
    expected = "".join(
        (half_mark and _precomposed(normalize_text(kana), half_mark))
        or normalize_text(kana + half_mark)
        for kana, half_mark in pairs
    )
    assert result == expected


MIXED = st.text(
    alphabet=st.sampled_from(
        [*HALF_WIDTH, "\u3099", "\u309a", "゛", "゜", "カ", "か", "ハ", "ワ", "ア", "髙", "﨑",
         "欄", "Ａ", "a", "1", "１", " ", "\u3000", "㋕", "ヽ", "ゝ"]
    ),
    max_size=20,
)  # fmt: skip


@given(MIXED)
def test_normalising_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert _no_half_width(once)


@given(MIXED)
def test_registered_kanji_are_never_rewritten(text: str) -> None:
    for kanji in ("髙", "﨑", "欄"):
        assert normalize_text(text).count(kanji) == text.count(kanji)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ｶﾞｸ", "ガク"),
        ("ﾊﾟ", "パ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"),
        ("ﾜﾞ", "ヷ"),
        ("ｶ\u3099ｸ", "ガク"),  # a combining mark, as some input methods send it
        ("はﾟ", "パ"),
    ],
)
def test_readings_with_voiced_marks_are_katakana_names(typed: str, stored: str) -> None:
    assert normalize_kana(typed) == stored
    assert is_katakana_name(normalize_kana(typed))
