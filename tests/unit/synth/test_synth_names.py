"""Names: seeded rankings, era fashions, registered variants and foreign names."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from mynumber.registry.data import Sex
from mynumber.synth.names import ORIGINS, TAKA_VARIANT_RATE, NameBook, checked, is_foreign


@pytest.fixture(scope="module")
def book() -> NameBook:
    """Return the name book of seed 1."""
    return NameBook(seed=1)


def test_the_seed_fixes_the_rankings(book: NameBook) -> None:
    def draw(names: NameBook) -> list[tuple[str, str]]:
        rng = random.Random(9)
        return [names.given(rng, Sex.FEMALE, 1990) for _ in range(200)]

    assert draw(book) == draw(NameBook(seed=1))
    assert draw(book) != draw(NameBook(seed=2))


def test_older_women_more_often_have_ko_names(book: NameBook) -> None:
    rng = random.Random(2)

    def ko_share(year: int) -> float:
        return (
            sum(book.given(rng, Sex.FEMALE, year)[1].endswith("コ") for _ in range(2_000)) / 2_000
        )

    assert ko_share(1945) > 3 * ko_share(2010)


def test_surnames_follow_population_weights(book: NameBook) -> None:
    rng = random.Random(3)
    families = [book.surname(rng)[0] for _ in range(20_000)]
    assert families.count("佐藤") > families.count("秋山") * 5


def test_hashigo_taka_appears_at_its_rate(book: NameBook) -> None:
    rng = random.Random(4)
    families = [book.surname(rng)[0] for _ in range(100_000)]
    taka = [family for family in families if "高" in family or "髙" in family]
    share = sum("髙" in family for family in taka) / len(taka)
    assert TAKA_VARIANT_RATE / 2 < share < TAKA_VARIANT_RATE * 2


def test_checked_normalises_and_rejects() -> None:
    assert checked(("山田", "やまだ")) == ("山田", "ヤマダ")
    with pytest.raises(ValidationError):
        checked(("山田", "yamada"))


def test_foreign_names_are_recognised() -> None:
    for origin, _ in ORIGINS:
        for family, kana in origin.families:
            assert is_foreign(family, kana)
            assert is_foreign(kana, kana)
    assert not is_foreign("佐藤", "サトウ")
