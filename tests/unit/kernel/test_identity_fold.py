"""The five items' matching keys: kanji variants, widths and spacing fold to one key; a
different name, reading or address does not."""

from __future__ import annotations

import pytest

from mynumber.kernel.identity_fold import (
    fold_address,
    fold_kanji_name,
    fold_postal_code,
    fold_reading,
)


@pytest.mark.parametrize(
    ("written", "registered"),
    [
        ("髙橋 一郎", "高橋一郎"),
        ("渡邉", "渡辺"),
        ("渡邊", "渡辺"),
        ("齋藤　花子", "斎藤花子"),
        ("山﨑", "山崎"),
        ("𠮷田", "吉田"),
    ],
)
def test_kanji_variants_fold_to_one_name(written: str, registered: str) -> None:
    assert fold_kanji_name(written) == fold_kanji_name(registered)


def test_different_names_stay_different() -> None:
    assert fold_kanji_name("高橋一郎") != fold_kanji_name("高橋二郎")
    assert fold_kanji_name("渡辺") != fold_kanji_name("渡部")
    assert fold_kanji_name("") == ""


@pytest.mark.parametrize("written", ["ﾀｶﾊｼ ﾀﾛｳ", "たかはし　たろう", "タカハシタロウ", "ﾀｶﾊｼ　ﾀﾛｳ"])
def test_readings_fold_width_script_and_spacing(written: str) -> None:
    assert fold_reading(written) == fold_reading("タカハシ タロウ")
    assert fold_reading("ｶﾞｯｺｳ") == fold_reading("ガッコウ") == fold_reading("ガツコウ")
    assert fold_reading("タカハシ ジロウ") != fold_reading("タカハシ タロウ")


def test_addresses_fold_width_spacing_and_dashes() -> None:
    registered = "東京都千代田区霞が関1丁目2番3号"
    assert fold_address("東京都 千代田区 霞が関１丁目２番３号") == fold_address(registered)
    assert fold_address("東京都千代田区霞が関1-2-3") != fold_address(registered)  # ⚠ as held
    assert fold_address("東京都千代田区霞が関１－２－３") == fold_address(
        "東京都千代田区霞が関1-2-3"
    )
    assert fold_address("東京都港区芝公園4丁目2番8号") != fold_address(registered)
    assert fold_address("東京都千代田区霞が関1丁目2番3号\u3000コーポ101") == fold_address(
        "東京都千代田区霞が関1丁目2番3号コーポ101"
    )


def test_postal_codes_fold_to_digits() -> None:
    assert fold_postal_code("〒100-0013") == fold_postal_code("１０００ ０１３") == "1000013"
