"""Japanese text: width, kana and variant folding."""

import re
import unicodedata

import jaconv
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mynumber.kernel.japanese import (
    fold_kana,
    fold_name,
    is_katakana_name,
    normalize_kana,
    normalize_text,
)


def test_half_width_kana_is_widened_and_spaces_collapse() -> None:
    assert normalize_text(" ﾀｶﾊｼ　　ﾀﾛｳ ") == "タカハシ タロウ"


def test_registered_kanji_are_kept_exactly() -> None:
    # NFKC would rewrite some compatibility ideographs; stored names must not change.
    assert normalize_text("髙橋 﨑") == "髙橋 﨑"


def test_hiragana_reading_becomes_katakana() -> None:
    assert normalize_kana("たかはし") == "タカハシ"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("𠮷田", "吉田"),
        ("齋藤", "斎藤"),
    ],
)
def test_variants_fold_together(a: str, b: str) -> None:
    assert fold_name(a) == fold_name(b)
    assert a != b


def test_kana_folding_ignores_small_kana_and_vu() -> None:
    assert fold_kana("ヴィッキー") == fold_kana("ブイツキー")
    assert fold_kana("しょう") == fold_kana("シヨウ")


def test_katakana_names_only() -> None:
    assert is_katakana_name("タカハシ タロウ")
    assert not is_katakana_name("高橋")
    assert not is_katakana_name("")
    assert not is_katakana_name("Takahashi")


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
def test_printable_ascii_takes_the_short_way_to_the_same_text(value: str) -> None:
    widened = jaconv.h2z(value, kana=True, ascii=False, digit=False)
    full = re.sub(r"[\s\u3000]+", " ", unicodedata.normalize("NFKC", widened)).strip()
    assert normalize_text(value) == full
