"""A hand-built registry and agencies' links with known errors and known benign variants."""

from __future__ import annotations

import datetime as dt

from mynumber.kernel.linkexport import LinkedRecord, RegisteredIdentity

D = dt.date
CHIYODA = "東京都千代田区千代田1丁目1番1号/1000001"
UMEDA = "大阪府大阪市北区梅田1丁目2番3号/5300001"


def resident(n: int, household: int, person: str, born: dt.date, where: str) -> RegisteredIdentity:
    """Resident n of a 世帯: person is "name/reading/sex", where is "address/postcode"."""
    name, kana, sex = person.split("/")
    address, postal_code = where.split("/")
    return RegisteredIdentity(
        my_number=f"{n:012d}", resident_code=f"R{n:03d}", household_id=f"H{household}",
        name=name, name_kana=kana, birth_date=born, sex=int(sex), address=address,
        postal_code=postal_code,
    )  # fmt: skip


REGISTRY = [
    resident(1, 1, "田中 太郎/タナカ タロウ/1", D(1970, 5, 1), CHIYODA),
    resident(2, 1, "田中 花子/タナカ ハナコ/2", D(1972, 3, 3), CHIYODA),
    resident(3, 2, "髙橋 一郎/タカハシ イチロウ/1", D(1980, 1, 1), UMEDA),
    resident(4, 3, "鈴木 次郎/スズキ ジロウ/1", D(1990, 7, 7), "札幌市中央区1-1/0600001"),
    resident(5, 4, "鈴木 次郎/スズキ ジロウ/1", D(1990, 7, 7), "福岡市博多区2-2/8100001"),
    resident(6, 5, "佐藤 美咲/サトウ ミサキ/2", D(1985, 12, 12), "名古屋市中区3-3/4600001"),
    resident(7, 6, "伊藤 健/イトウ ケン/1", D(1960, 6, 6), "横浜市西区4-4/2200001"),
    resident(8, 7, "伊藤 健/イトウ ケン/1", D(1960, 6, 6), "仙台市青葉区5-5/9800001"),
    resident(9, 8, "渡邉 ゆづき/ワタナベ ユヅキ/2", D(2001, 4, 4), "京都市左京区6-6/6060001"),
    resident(10, 1, "田中 太郎/タナカ タロウ/1", D(1999, 9, 9), CHIYODA),  # the son, his name
]  # fmt: skip


def link(agency: str, record_id: str, number: int | None, of: RegisteredIdentity,
         **changes: object) -> LinkedRecord:  # fmt: skip
    """A record that says what `of` says, with `changes`, linked to resident `number`'s number."""
    fields = {
        "agency": agency, "kind": "membership", "record_id": record_id,
        "my_number": None if number is None else f"{number:012d}", "name": of.name,
        "name_kana": of.name_kana, "birth_date": of.birth_date, "sex": of.sex,
        "address": of.address, "postal_code": of.postal_code,
    }  # fmt: skip
    return LinkedRecord(**(fields | changes))


R = {identity.resident_code: identity for identity in REGISTRY}
BENIGN = [
    link("insurer:06130012", "ok-exact", 1, R["R001"]),
    # 髙/高, half-width kana, the address in digits and hyphens, full-width
    link("insurer:06130012", "ok-variants", 3, R["R003"], name="高橋　一郎",
         name_kana="ﾀｶﾊｼ ｲﾁﾛｳ", address="大阪府大阪市北区梅田１－２－３", postal_code="530-0001"),
    # hiragana reading, and the record still has the old address (moved house)
    link("pension", "ok-moved", 6, R["R006"], name_kana="さとう みさき",
         address="東京都新宿区西新宿7-7", postal_code="1600023"),
    # a namesake exists, but the record's address is the holder's
    link("pension", "ok-namesake", 4, R["R004"]),
    # ヅ written ズ, 邉 written 辺, a long vowel mark added
    link("portal", "ok-kana", 9, R["R009"], name="渡辺 ゆづき", name_kana="ワタナーベ ユズキ"),
    # a 宛名 record with no reading and sex not known (0), and an account with no kanji name:
    # what a record does not give contradicts nothing
    link("municipality:131016", "ok-fewer-items", 6, R["R006"], name_kana="", sex=0),
    link("portal", "ok-no-kanji", 3, R["R003"], kind="bank_account", name="", address=""),
]  # fmt: skip
ERRORS = {
    # a record about 花子, linked to her husband's number
    ("insurer:06130012", "err-family"): link("insurer:06130012", "err-family", 1, R["R002"]),
    # a record about the son, linked to his father's number: only the birth date differs
    ("insurer:06130012", "err-son"): link("insurer:06130012", "err-son", 1, R["R010"]),
    # a record about the Fukuoka 鈴木次郎, linked to the Sapporo one's number
    ("pension", "err-namesake"): link("pension", "err-namesake", 4, R["R005"]),
    # looked up on three items without the address: the other 伊藤健's number
    ("portal", "err-three-items"): link("portal", "err-three-items", 8, R["R007"], address="",
                                        postal_code=""),
    # a person the registry does not have, linked to 伊藤健's number
    ("pension", "err-nobody"): link("pension", "err-nobody", 7, R["R007"], name="山本 花子",
                                    name_kana="ヤマモト ハナコ", birth_date=D(2000, 1, 1), sex=2),
}  # fmt: skip
NOT_HELD = link("portal", "gone", 999, R["R006"])
NO_NUMBER = link("insurer:06139999", "safeguarded", None, R["R006"])
LINKS = [*BENIGN, *ERRORS.values(), NOT_HELD, NO_NUMBER]
