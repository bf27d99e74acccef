"""The synthetic population: determinism, counts, valid DTOs and Japan-like make-up."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from mynumber.registry.data import (
    Address,
    HouseholdMember,
    NewHousehold,
    PersonName,
    Relationship,
    Sex,
)
from mynumber.synth.names import is_foreign
from mynumber.synth.population import BATCH_PEOPLE, generate_households, measure

ON = dt.date(2025, 4, 1)
_KATAKANA = re.compile(r"^[\u30A0-\u30FF ]+$")


def _households(seed: int, people: int) -> list[NewHousehold]:
    batches = generate_households(seed=seed, people=people, reference_date=ON)
    return [household for batch in batches for household in batch]


def _age(born: dt.date) -> int:
    return ON.year - born.year - ((ON.month, ON.day) < (born.month, born.day))


@pytest.fixture(scope="module")
def town() -> list[NewHousehold]:
    """Return 20,000 people."""
    return _households(7, 20_000)


@pytest.fixture(scope="module")
def city() -> list[NewHousehold]:
    """Return 50,000 people."""
    return _households(11, 50_000)


def test_the_same_seed_gives_the_same_people() -> None:
    assert _households(1, 3_000) == _households(1, 3_000)


def test_another_seed_gives_other_people() -> None:
    first, second = _households(1, 3_000), _households(2, 3_000)
    assert [h.members[0].name for h in first[:50]] != [h.members[0].name for h in second[:50]]


@pytest.mark.parametrize("people", [0, 1, 7, BATCH_PEOPLE + 3])
def test_exactly_the_people_asked_for(people: int) -> None:
    batches = list(generate_households(seed=5, people=people, reference_date=ON))
    assert sum(len(h.members) for batch in batches for h in batch) == people
    assert all(batch for batch in batches)


def test_batches_hold_about_the_batch_size() -> None:
    batches = list(generate_households(seed=5, people=2 * BATCH_PEOPLE + 5, reference_date=ON))
    sizes = [sum(len(h.members) for h in batch) for batch in batches]
    assert all(BATCH_PEOPLE <= size < BATCH_PEOPLE + 10 for size in sizes[:-1])


def test_every_dto_survives_revalidation_unchanged(town: list[NewHousehold]) -> None:
    # Names and addresses are assembled from parts validated once: prove the wholes are valid.
    for household in town:
        assert NewHousehold.model_validate(household.model_dump()) == household
        assert Address.model_validate(household.address.model_dump()) == household.address
        for member in household.members:
            assert PersonName.model_validate(member.name.model_dump()) == member.name
            assert HouseholdMember.model_validate(member.model_dump()) == member


def test_birth_dates_are_real_and_not_after_the_reference_date(town: list[NewHousehold]) -> None:
    births = [m.birth_date for h in town for m in h.members]
    assert max(births) <= ON
    assert min(births) >= dt.date(ON.year - 106, 1, 1)
    assert len({b.month for b in births}) == 12


def test_ages_are_coherent_inside_households(town: list[NewHousehold]) -> None:
    for household in town:
        by_role: dict[Relationship, list[HouseholdMember]] = {}
        for member in household.members:
            by_role.setdefault(member.relationship, []).append(member)
        head = household.members[0]
        couple = [head, *by_role.get(Relationship.SPOUSE, [])]
        assert _age(head.birth_date) >= 18
        if len(couple) == 2:
            assert abs(_age(couple[0].birth_date) - _age(couple[1].birth_date)) <= 10
        mother = next((m for m in couple if m.sex is Sex.FEMALE), head)
        for child in by_role.get(Relationship.CHILD, []):
            assert 20 <= _age(mother.birth_date) - _age(child.birth_date) <= 47
        younger = min(_age(m.birth_date) for m in couple)
        for parent in by_role.get(Relationship.PARENT, []):
            assert _age(parent.birth_date) - younger >= 15
        married = by_role.get(Relationship.CHILD, []) + by_role.get(Relationship.CHILD_IN_LAW, [])
        for grandchild in by_role.get(Relationship.GRANDCHILD, []):
            young_mother = next(m for m in married if m.sex is Sex.FEMALE)
            assert 20 <= _age(young_mother.birth_date) - _age(grandchild.birth_date) <= 45


def test_age_shares_are_japan_like(town: list[NewHousehold]) -> None:
    figures = measure(town, reference_date=ON)
    assert 0.09 <= figures["share_under_15"] <= 0.15
    assert 0.24 <= figures["share_65_plus"] <= 0.34


def test_household_sizes_are_japan_like(town: list[NewHousehold]) -> None:
    sizes = Counter(len(h.members) for h in town)
    assert 0.33 <= sizes[1] / len(town) <= 0.43  # 単独世帯 ≈ 38%
    assert 2.0 <= sum(k * v for k, v in sizes.items()) / len(town) <= 2.4  # 2.21 in 2020


def test_readings_are_katakana(town: list[NewHousehold]) -> None:
    for member in (m for h in town for m in h.members):
        assert _KATAKANA.match(member.name.family_kana), member.name
        assert _KATAKANA.match(member.name.given_kana), member.name


def test_families_share_a_surname(town: list[NewHousehold]) -> None:
    nuclear = {Relationship.HEAD, Relationship.SPOUSE, Relationship.CHILD}
    checked = 0
    for household in town:
        head = household.members[0].name
        if is_foreign(head.family, head.family_kana) or len(household.members) < 2:
            continue
        if {m.relationship for m in household.members} <= nuclear:
            assert {m.name.family for m in household.members} == {head.family}
            checked += 1
    assert checked > 1_000


def test_siblings_do_not_share_a_given_name(town: list[NewHousehold]) -> None:
    for household in town:
        children = [m.name.given for m in household.members if m.relationship is Relationship.CHILD]
        assert len(children) == len(set(children))


def test_registered_variants_appear(city: list[NewHousehold]) -> None:
    families = Counter(ch for h in city for m in h.members for ch in set(m.name.family))
    for variant in "髙﨑邊邉":
        assert families[variant] > 0, variant
    assert measure(city, reference_date=ON)["variant_name_count"] > 100


def test_small_kana_and_vu_appear(city: list[NewHousehold]) -> None:
    readings = "".join(m.name.full_kana for h in city for m in h.members)
    assert all(readings.count(ch) > 0 for ch in "ャュョッヴ")


def test_foreign_residents_are_about_two_percent(city: list[NewHousehold]) -> None:
    figures = measure(city, reference_date=ON)
    assert 0.01 <= figures["foreign_resident_count"] / figures["people"] <= 0.035
    katakana_only = [m.name for h in city for m in h.members if m.name.family == m.name.family_kana]
    assert katakana_only


def test_measure_counts_everyone_sharing_name_and_birth_date(town: list[NewHousehold]) -> None:
    head = town[0].members[0]
    twin_household = town[0].model_copy(update={"members": (head,)})
    before = measure(town, reference_date=ON)["same_name_same_birthdate_pairs"]
    after = measure([*town, twin_household, twin_household], reference_date=ON)
    assert after["same_name_same_birthdate_pairs"] == before + 3
    assert after["households"] == len(town) + 2
