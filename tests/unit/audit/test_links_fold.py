"""Folding for the link audit: 異体字 with jntajis, readings with jaconv and the 2007 名寄せ
rules, addresses in DuckDB SQL; distinct values folded once and joined back."""

from __future__ import annotations

import duckdb
import pytest

from mynumber.audit.links_fold import (
    address_sql,
    fold_addresses,
    fold_kanji,
    fold_reading,
    fold_values,
    loose_reading,
)


@pytest.mark.parametrize(
    ("written", "registered"),
    [("高橋 一郎", "髙橋　一郎"), ("渡辺", "渡邉"), ("渡辺", "渡邊"), ("斎藤", "齋藤"),
     ("山崎", "山﨑"), ("吉田", "𠮷田")],
)  # fmt: skip
def test_kanji_variants_fold_to_one_key(written: str, registered: str) -> None:
    assert fold_kanji(written) == fold_kanji(registered)


def test_different_names_stay_apart() -> None:
    assert fold_kanji("田中 太郎") != fold_kanji("田中 花子")
    assert fold_kanji("田中 太郎") == "田中太郎"


@pytest.mark.parametrize(
    ("one", "other"),
    [("タカハシ イチロウ", "たかはし　いちろう"), ("タカハシ イチロウ", "ﾀｶﾊｼ ｲﾁﾛｳ"),
     ("ユズキ", "ユヅキ"), ("ジュンコ", "ヂュンコ"), ("キョウコ", "キヨウコ"),
     ("ルイーズ", "ルイズ")],
)  # fmt: skip
def test_readings_fold_by_the_2007_rules(one: str, other: str) -> None:
    assert fold_reading(one) == fold_reading(other)


def test_voiced_marks_only_fold_at_the_loose_level() -> None:
    assert fold_reading("ハラダ") != fold_reading("ハラタ")
    assert loose_reading(fold_reading("ハラダ")) == loose_reading(fold_reading("ハラタ"))
    assert loose_reading(fold_reading("パン")) == "ハン"


def test_addresses_fold_in_sql() -> None:
    con = duckdb.connect()
    ways = ["東京都港区芝公園1丁目2番3号", "東京都港区芝公園１－２－３", "東京都港区芝公園 1-2-3",
            "東京都港区芝公園1丁目2番地3", "東京都港区芝公園１ー２ー３"]  # fmt: skip

    def fold(address: str) -> str:
        sql = f"SELECT {address_sql('x')} FROM (SELECT ? AS x)"
        return str(con.execute(sql, [address]).fetchall()[0][0])

    assert {fold(way) for way in ways} == {"東京都港区芝公園1-2-3"}
    assert fold("東京都港区芝公園1-2-4") != "東京都港区芝公園1-2-3"
    assert fold("Ａ棟１０１") == "A棟101"


def test_distinct_values_are_folded_once_and_joined_back() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE a (name VARCHAR, name_kana VARCHAR, address VARCHAR)")
    con.execute("CREATE TABLE b (name VARCHAR, name_kana VARCHAR, address VARCHAR)")
    con.execute("""INSERT INTO a VALUES ('髙橋 一郎', 'ﾀｶﾊｼ', '1丁目2番'),
                   ('髙橋 一郎', 'ﾀｶﾊｼ', ''), (NULL, NULL, NULL)""")
    con.execute("INSERT INTO b VALUES ('高橋 一郎', 'タカバシ', '1-2')")
    fold_values(con, ["a", "b"], "name", "nf")
    fold_values(con, ["a", "b"], "name_kana", "kf")
    fold_addresses(con, ["a", "b"], "af")
    assert con.execute("SELECT DISTINCT folded FROM nf").fetchall() == [("高橋一郎",)]
    kana = dict(con.execute("SELECT raw, loose FROM kf").fetchall())
    assert kana["ﾀｶﾊｼ"] == kana["タカバシ"] == "タカハシ"
    assert sorted(con.execute("SELECT raw, folded FROM af").fetchall()) == [
        ("1-2", "1-2"), ("1丁目2番", "1-2")]  # fmt: skip
