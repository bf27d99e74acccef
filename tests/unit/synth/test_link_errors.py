"""The link-error injector: each cause finds its kind of wrong person, and the truth file is
written once per record."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from mynumber.registry.data import (
    Address,
    PersonName,
    Relationship,
    Resident,
    ResidentStatus,
    Sex,
)
from mynumber.synth.link_errors import TRUTH_HEADER, Cause, Injector, TruthRow, write_truth

TOKYO = Address(postal_code="1000001", local_government_code="131016", prefecture="東京都",
                municipality="千代田区", town="千代田", block="1番1号")  # fmt: skip
OSAKA = Address(postal_code="5300001", local_government_code="271004", prefecture="大阪府",
                municipality="大阪市", town="梅田", block="1番1号")  # fmt: skip


def _resident(index: int, given: str, born: dt.date, address: Address, house: str) -> Resident:
    return Resident(
        resident_code=f"{index:011d}", my_number=f"{index:012d}",
        name=PersonName(family="佐藤", given=given, family_kana="サトウ", given_kana="タロウ"),
        birth_date=born, sex=Sex.MALE, address=address, household_code=house,
        relationship=Relationship.HEAD, status=ResidentStatus.ACTIVE, registered_on=born,
    )  # fmt: skip


def test_every_form_is_wrong_at_rate_one_and_each_cause_finds_its_person() -> None:
    born = dt.date(1980, 4, 1)
    people = [
        _resident(0, "太郎", born, TOKYO, "h0"),
        _resident(1, "太郎", born, OSAKA, "h1"),  # the same three items, elsewhere
        _resident(2, "花子", dt.date(2010, 1, 1), TOKYO, "h0"),  # family of 0
    ]
    injector = Injector(people, [0, 1, 0], seed=1, rate=1.0)
    seen: dict[Cause, int] = {}
    for _ in range(60):
        found = injector.wrong_number(0, allowed=lambda other: True)
        assert found is not None
        seen[found[1]] = found[0]
    assert seen[Cause.THREE_ITEMS_NO_ADDRESS] == 1
    assert seen[Cause.SAME_NAME_AND_BIRTH_DATE] == 1
    assert seen[Cause.FAMILY_MEMBER_NUMBER] == 2
    assert Injector(people, [0, 1, 0], seed=1, rate=0.0).wrong_number(0, allowed=bool) is None
    nobody = injector.wrong_number(0, allowed=lambda other: False)
    assert nobody is None


def test_truth_rows_are_written_once_with_the_header(tmp_path: Path) -> None:
    path = tmp_path / "synth-truth" / "link-errors.csv"
    row = TruthRow("pension", "pension", "1234567890", "000000000001", "00000000000",
                   Cause.SAME_NAME_AND_BIRTH_DATE)  # fmt: skip
    write_truth(path, [row], fresh=True)
    write_truth(path, [row], fresh=False)  # the step run again
    with path.open(encoding="utf-8") as source:
        rows = list(csv.reader(source))
    assert tuple(rows[0]) == TRUTH_HEADER and len(rows) == 2
    assert rows[1][-1] == "same_name_and_birth_date"
