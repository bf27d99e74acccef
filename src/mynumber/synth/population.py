"""Generate a synthetic population as households, and measure what was generated."""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from mynumber.kernel.japanese import KANJI_VARIANTS
from mynumber.registry.data import HouseholdMember, NewHousehold, PersonName, Relationship, Sex
from mynumber.synth.addresses import sample_address
from mynumber.synth.assembly import assembled
from mynumber.synth.data import SynthReport
from mynumber.synth.demography import Demography, Member
from mynumber.synth.names import Name, NameBook, is_foreign

__all__ = ["BATCH_PEOPLE", "FOREIGN_HOUSEHOLD_RATE", "Tally", "generate_households", "measure"]

BATCH_PEOPLE = 10_000
# Foreign residents are ~2.2% of people (2020); their households are smaller than average.
FOREIGN_HOUSEHOLD_RATE = 0.03
# Chinese and Korean residents who register kanji names rather than katakana ones.
KANJI_NAME_SHARE = 0.8
_KANJI_ORIGINS = frozenset({"CN", "KR"})
_SIBLING_REDRAWS = 5
_VARIANTS = frozenset(KANJI_VARIANTS)
_FEMALE, _SPOUSE = Sex.FEMALE, Relationship.SPOUSE


def generate_households(
    *, seed: int, people: int, reference_date: dt.date
) -> Iterator[list[NewHousehold]]:
    """Yield batches of about BATCH_PEOPLE people, exactly `people` in all, fixed by the seed."""
    if people < 0:
        raise ValueError("people must not be negative")
    generator = _Generator(seed=seed, reference_date=reference_date)
    remaining, batch, in_batch = people, [], 0
    while remaining > 0:
        household = generator.household(limit=remaining)
        batch.append(household)
        size = len(household.members)
        remaining -= size
        in_batch += size
        if in_batch >= BATCH_PEOPLE:
            yield batch
            batch, in_batch = [], 0
    if batch:
        yield batch


class _Generator:
    """The state of one run: its random stream and the tables it draws from."""

    def __init__(self, *, seed: int, reference_date: dt.date) -> None:
        self._rng = random.Random(seed)
        self._demography = Demography()
        self._names = NameBook(seed=seed)
        # Birth dates for age a lie in (reference - (a+1) years, reference - a years].
        edges = [_years_before(reference_date, years).toordinal() for years in range(0, 112)]
        self._births = [(edges[a + 1] + 1, edges[a] - edges[a + 1]) for a in range(111)]

    def household(self, *, limit: int) -> NewHousehold:
        """Return one household of at most `limit` people."""
        rng = self._rng
        foreign = rng.random() < FOREIGN_HOUSEHOLD_RATE
        demography = self._demography
        kind = (demography.foreign_kinds if foreign else demography.kinds).pick(rng)
        members = demography.compose(rng, kind, foreign=foreign)[:limit]
        prefecture = demography.prefectures.pick(rng)
        address = sample_address(rng, prefecture=prefecture, household_size=len(members))
        dtos = self._foreign(members) if foreign else self._japanese(members)
        return NewHousehold(address=address, members=tuple(dtos))

    def _japanese(self, members: list[Member]) -> list[HouseholdMember]:
        rng, names = self._rng, self._names
        own = names.surname(rng)
        other: Name | None = None
        result: list[HouseholdMember] = []
        used: set[str] = set()  # given names taken in this household
        for member in members:
            if member.own_surname:
                family = own
            else:
                other = other or names.surname(rng)
                family = other
            birth = self._birth_date(member.age)
            given = _unique(partial(names.given, rng, member.sex, birth.year), used)
            result.append(self._member(member, family, given, birth))
        return result

    def _foreign(self, members: list[Member]) -> list[HouseholdMember]:
        rng = self._rng
        origin = self._names.origins.pick(rng)
        kanji = origin.country in _KANJI_ORIGINS and rng.random() < KANJI_NAME_SHARE
        family = _draw(rng, origin.families, kanji=kanji)
        result: list[HouseholdMember] = []
        used: set[str] = set()  # given names taken in this household
        for member in members:
            # Foreign spouses keep their own surname; children take the father's.
            own = member.relationship is not _SPOUSE
            surname = family if own else _draw(rng, origin.families, kanji=kanji)
            pool = origin.women if member.sex is _FEMALE else origin.men
            given = _unique(partial(_draw, rng, pool, kanji=kanji), used)
            result.append(self._member(member, surname, given, self._birth_date(member.age)))
        return result

    def _birth_date(self, age: int) -> dt.date:
        first, span = self._births[age]
        return dt.date.fromordinal(first + int(self._rng.random() * span))

    def _member(self, member: Member, family: Name, given: Name, birth: dt.date) -> HouseholdMember:
        # Names are assembled from table entries each validated once (names.checked), and a
        # member from them, a birth date in range and the demography's enums (see assembly).
        name = assembled(
            PersonName,
            {"family": family[0], "given": given[0], "family_kana": family[1],
             "given_kana": given[1]},
        )  # fmt: skip
        return assembled(
            HouseholdMember,
            {"name": name, "birth_date": birth, "sex": member.sex,
             "relationship": member.relationship},
        )  # fmt: skip


def _unique(draw: Callable[[], Name], used: set[str]) -> Name:
    """Return a drawn name that no one in `used` has: parents do not give two children one name."""
    name = draw()
    for _ in range(_SIBLING_REDRAWS):
        if name[0] not in used:
            break
        name = draw()
    used.add(name[0])
    return name


def _draw(rng: random.Random, names: tuple[Name, ...], *, kanji: bool) -> Name:
    """Return one of these names, as registered or (kanji=False) as its katakana reading."""
    registered, reading = names[int(rng.random() * len(names))]
    return (registered, reading) if kanji else (reading, reading)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class Tally:
    """Running figures over generated households, for the SynthReport."""

    def __init__(self, *, reference_date: dt.date) -> None:
        self.people = 0
        self.households = 0
        self._under_15 = 0
        self._over_65 = 0
        self._variants = 0
        self._foreign = 0
        self._born_after_15 = _years_before(reference_date, 15)
        self._born_by_65 = _years_before(reference_date, 65)
        # 64-bit hashes of (family, given, birth date) rather than the tuples: 8 bytes a person.
        self._keys = array("q")

    def add(self, households: Iterable[NewHousehold]) -> None:
        """Count the people of these households."""
        for household in households:
            self.households += 1
            for member in household.members:
                name, born = member.name, member.birth_date
                self.people += 1
                self._under_15 += born > self._born_after_15
                self._over_65 += born <= self._born_by_65
                self._variants += not _VARIANTS.isdisjoint(name.family + name.given)
                self._foreign += is_foreign(name.family, name.family_kana)
                self._keys.append(hash((name.family, name.given, born)))

    def figures(self) -> dict[str, float | int]:
        """Return the measured figures, keyed as in SynthReport."""
        people = max(self.people, 1)
        return {
            "people": self.people,
            "households": self.households,
            "share_under_15": self._under_15 / people,
            "share_65_plus": self._over_65 / people,
            "variant_name_count": self._variants,
            "same_name_same_birthdate_pairs": _people_sharing(self._keys),
            "foreign_resident_count": self._foreign,
        }

    def report(self, *, seed: int, seconds: float) -> SynthReport:
        """Return the report of a run."""
        return SynthReport(seed=seed, seconds=seconds, **self.figures())


def measure(
    households: Iterable[NewHousehold], *, reference_date: dt.date
) -> dict[str, float | int]:
    """Return the SynthReport figures of these households."""
    tally = Tally(reference_date=reference_date)
    tally.add(households)
    return tally.figures()


def _people_sharing(keys: array[int]) -> int:
    """Return how many keys occur more than once, counting every occurrence."""
    ordered = sorted(keys)
    shared = 0
    for i, key in enumerate(ordered):
        if (i > 0 and ordered[i - 1] == key) or (i + 1 < len(ordered) and ordered[i + 1] == key):
            shared += 1
    return shared
