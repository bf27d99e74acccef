"""Registering residents: numbers issued, bad input refused with nothing changed."""

import datetime as dt

import pytest
from pydantic import ValidationError

from mynumber.app import System
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError
from mynumber.registry.data import Address, ChangeKind, Relationship, ResidentStatus, Sex

from .helpers import CHIYODA, person

TODAY = dt.date(2026, 11, 22)


def test_birth_issues_a_valid_resident_code_and_my_number(system: System) -> None:
    resident = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=TODAY)
    assert CODECS[IdentifierKind.RESIDENT_CODE].is_valid(resident.resident_code)
    assert CODECS[IdentifierKind.MY_NUMBER].is_valid(resident.my_number)
    assert resident.name.family == "髙橋"  # the registered character is kept
    assert resident.relationship is Relationship.HEAD
    assert resident.status is ResidentStatus.ACTIVE
    again = system.registry.get(resident_code=resident.resident_code, actor="test")
    assert again == resident


def test_residents_read_back_equal_their_validated_form(system: System) -> None:
    """Stored rows become DTOs without validating again: they must be what validation gives."""
    head = system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=TODAY)
    child = person(given="花子", given_kana="ハナコ", born=dt.date(2010, 5, 6), sex=Sex.FEMALE,
                   household=head.household_code, relationship=Relationship.CHILD)  # fmt: skip
    system.registry.register(new=child, kind=ChangeKind.BIRTH, on=TODAY)
    listed = system.registry.listing(limit=10)
    assert len(listed) == 2
    for resident in listed:
        validated = type(resident).model_validate(resident.model_dump())
        assert resident == validated
        assert resident.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
        assert isinstance(resident.sex, Sex) and isinstance(resident.status, ResidentStatus)


def test_numbers_are_unique_and_the_my_number_does_not_reveal_the_code(system: System) -> None:
    residents = [
        system.registry.register(
            new=person(given=f"太郎{i}", given_kana="タロウ"), kind=ChangeKind.BIRTH, on=TODAY
        )
        for i in range(30)
    ]
    assert len({r.resident_code for r in residents}) == 30
    assert len({r.my_number for r in residents}) == 30
    assert all(r.my_number[:10] != r.resident_code[:10] for r in residents)


def test_household_members_join_the_heads_household(system: System) -> None:
    head = system.registry.register(new=person(), kind=ChangeKind.MOVE_IN, on=TODAY)
    child = system.registry.register(
        new=person(
            given="花子",
            given_kana="ハナコ",
            born=dt.date(2010, 5, 5),
            sex=Sex.FEMALE,
            household=head.household_code,
            relationship=Relationship.CHILD,
        ),
        kind=ChangeKind.BIRTH,
        on=TODAY,
    )
    assert child.household_code == head.household_code
    assert child.relationship is Relationship.CHILD


def test_a_duplicate_registration_is_refused(system: System) -> None:
    system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=TODAY)
    with pytest.raises(ConflictError) as refused:
        # same person typed with variant kanji and half-width kana is still the same person
        system.registry.register(
            new=person(family="高橋", family_kana="ﾀｶﾊｼ"), kind=ChangeKind.BIRTH, on=TODAY
        )
    assert refused.value.code == "duplicate_resident"
    assert system.registry.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"family_kana": ""},  # a name without kana
        {"family_kana": "高橋"},  # kanji where kana belongs
        {"given": "   "},  # an empty name
    ],
)
def test_names_without_a_proper_reading_are_refused(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        person(**fields)  # type: ignore[arg-type]


def test_an_impossible_date_is_refused() -> None:
    with pytest.raises(ValidationError):
        person(born="2023-02-30")  # type: ignore[arg-type]


def test_a_future_birth_is_refused_and_nothing_is_written(system: System) -> None:
    with pytest.raises(ConflictError, match="in the future"):
        system.registry.register(
            new=person(born=dt.date(2027, 1, 1)), kind=ChangeKind.BIRTH, on=TODAY
        )
    assert system.registry.count() == 0


def test_an_address_with_a_bad_municipality_code_is_refused() -> None:
    with pytest.raises(ValidationError):
        Address.model_validate(CHIYODA.model_dump() | {"local_government_code": "131017"})


def test_joining_an_unknown_household_is_refused(system: System) -> None:
    with pytest.raises(NotFoundError):
        system.registry.register(
            new=person(household="H9999999999", relationship=Relationship.CHILD),
            kind=ChangeKind.BIRTH,
            on=TODAY,
        )
    assert system.registry.count() == 0


def test_an_unknown_resident_or_bad_check_digit_is_reported(system: System) -> None:
    with pytest.raises(InvalidInputError):
        system.registry.get(resident_code="12345678901", actor="t")
    valid_unknown = CODECS[IdentifierKind.RESIDENT_CODE].complete("1234567890")
    with pytest.raises(NotFoundError):
        system.registry.get(resident_code=valid_unknown, actor="t")


def test_search_folds_variants_width_and_hiragana(system: System) -> None:
    system.registry.register(new=person(), kind=ChangeKind.BIRTH, on=TODAY)
    by_plain_kanji = system.registry.search(actor="t", name="高橋")
    by_hiragana = system.registry.search(actor="t", kana="たかはし")
    by_half_width = system.registry.search(actor="t", kana="ﾀｶﾊｼ ﾀﾛｳ")
    assert len(by_plain_kanji) == len(by_hiragana) == len(by_half_width) == 1
    with pytest.raises(InvalidInputError):
        system.registry.search(actor="t")
