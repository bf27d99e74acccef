"""Builders of valid registry inputs for tests."""

from __future__ import annotations

import datetime as dt

from mynumber.registry.data import Address, NewResident, PersonName, Relationship, Sex

CHIYODA = Address(
    postal_code="1000001",
    local_government_code="131016",
    prefecture="東京都",
    municipality="千代田区",
    town="千代田",
    block="1番1号",
)
SAPPORO = Address(
    postal_code="0600001",
    local_government_code="011002",
    prefecture="北海道",
    municipality="札幌市中央区",
    town="北一条西",
    block="2丁目3番地",
    building="コーポ桜 203号室",
)


def person(
    *,
    family: str = "髙橋",
    given: str = "太郎",
    family_kana: str = "タカハシ",
    given_kana: str = "タロウ",
    born: dt.date = dt.date(1980, 4, 1),
    sex: Sex = Sex.MALE,
    address: Address = CHIYODA,
    household: str | None = None,
    relationship: Relationship = Relationship.HEAD,
) -> NewResident:
    """Return a valid new resident."""
    return NewResident(
        name=PersonName(family=family, given=given, family_kana=family_kana, given_kana=given_kana),
        birth_date=born,
        sex=sex,
        address=address,
        household_code=household,
        relationship=relationship,
    )
