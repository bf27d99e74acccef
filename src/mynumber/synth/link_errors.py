"""Wrong-person links injected into the synthetic population, at the 2023 総点検's rates and for
its causes, with the truth kept in a file the checks never read.

The 総点検 (2023, REFERENCE.md) found 8,351 wrong-person links among 82.08 M checked (≈0.010%),
1,142 of them among 15.71 M health-insurance links, and 748 公金受取口座 on another person's
name among 53.7 M (besides ~130,000 family accounts). Each cause is its own mechanism here:

- `three_items_no_address`: the number looked up with name, birth date and sex but no address
  finds another person with the same three items elsewhere (failing that, the search falls back
  to the same name and birth date, then the same birth date and sex, then the same birth year
  and sex: ⚠ a small synthetic population rarely has two people with one name and birth date);
- `same_name_and_birth_date`: another person with the same name and birth date (failing that,
  the same birth date, then the same birth year);
- `family_member_number`: a member of the person's 世帯 wrote their own number on the form;
- `family_member_account` and `shared_desk_pc`: 公金受取口座 (see `synth.accounts`).

⚠ The split between causes (insurers and pension: 40% three items, 30% same name and birth
date, 30% family member) is the project's: the 総点検's published breakdown is by agency, not
by cause. A rate given by the caller (`--link-error-rate`) replaces every default rate.

The truth is written to `<data dir>/synth-truth/link-errors.csv` (`agency,kind,record_id,
linked_my_number,true_resident_code,cause`), one row per wrong link *accepted*, named as the
agency's `linked_records` export names it, so an audit can be scored by (agency, record_id).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mynumber.kernel.japanese import fold_name
from mynumber.registry.data import Resident

__all__ = [
    "HEALTH_RATE",
    "OVERALL_RATE",
    "TRUTH_HEADER",
    "Cause",
    "Injector",
    "Tally",
    "TruthRow",
    "truth_path",
    "write_truth",
]

OVERALL_RATE = 8_351 / 82_080_000  # 総点検 2023: wrong-person links of all checked
HEALTH_RATE = 1_142 / 15_710_000  # of the health-insurance links checked
TRUTH_HEADER = ("agency", "kind", "record_id", "linked_my_number", "true_resident_code", "cause")
_SALT = 0x5A7E_11CC  # the error stream's own seed, so the lives themselves do not change


class Cause(StrEnum):
    """Why a record was linked to someone else's My Number."""

    THREE_ITEMS_NO_ADDRESS = "three_items_no_address"
    SAME_NAME_AND_BIRTH_DATE = "same_name_and_birth_date"
    FAMILY_MEMBER_NUMBER = "family_member_number"
    FAMILY_MEMBER_ACCOUNT = "family_member_account"
    SHARED_DESK_PC = "shared_desk_pc"


_NUMBER_CAUSES = (
    (Cause.THREE_ITEMS_NO_ADDRESS, 0.4),
    (Cause.SAME_NAME_AND_BIRTH_DATE, 0.3),
    (Cause.FAMILY_MEMBER_NUMBER, 0.3),
)


@dataclass(frozen=True)
class TruthRow:
    """One accepted wrong link, as the agency's export names its record."""

    agency: str
    kind: str
    record_id: str
    linked_my_number: str
    true_resident_code: str
    cause: Cause


@dataclass
class Tally:
    """How many wrong links were injected, accepted and held for review."""

    injected: int = 0
    accepted: int = 0
    held: int = 0
    rows: list[TruthRow] = field(default_factory=list)


class Injector:
    """Chooses, for a person about to be linked, whether the form carries a wrong number and
    whose; deterministic from the seed. People are indexed as the caller's residents."""

    def __init__(
        self, residents: Sequence[Resident], household_of: Sequence[int], *, seed: int,
        rate: float,
    ) -> None:  # fmt: skip
        self._residents, self._household_of, self.rate = residents, household_of, rate
        self._random = random.Random(seed ^ _SALT)
        self._by: dict[str, dict[tuple[object, ...], list[int]]] = {}
        self._households: dict[int, list[int]] | None = None

    def wrong_number(
        self, person: int, *, allowed: Callable[[int], bool]
    ) -> tuple[int, Cause] | None:
        """Return (the person whose number the form carries, why), or None for a right form.
        `allowed` says which people may be the wrong target (e.g. not enrolled there)."""
        if self.rate <= 0 or self._random.random() >= self.rate:
            return None
        cause = self._random.choices(
            [c for c, _ in _NUMBER_CAUSES], [w for _, w in _NUMBER_CAUSES]
        )[0]
        # The drawn cause first; where it finds no one (no such household member, say), the
        # others, so the rate holds on a small population.
        for tried in (cause, *(c for c, _ in _NUMBER_CAUSES if c != cause)):
            for key in _SEARCHES[tried]:
                found = self._among(key, person, allowed)
                if found is not None:
                    return found, tried
        return None

    def _among(self, key: str, person: int, allowed: Callable[[int], bool]) -> int | None:
        if key == "household":
            candidates = self._household(person)
        else:
            candidates = self._index(key).get(_KEYS[key](self._residents[person]), [])
        if key in {"three", "name_birth"}:  # elsewhere: the address was not asked
            here = self._residents[person].address
            candidates = [c for c in candidates if self._residents[c].address != here]
        chosen = [c for c in candidates if c != person and allowed(c)]
        return self._random.choice(chosen) if chosen else None

    def _household(self, person: int) -> list[int]:
        if self._households is None:
            self._households = {}
            for index, household in enumerate(self._household_of):
                self._households.setdefault(household, []).append(index)
        return self._households[self._household_of[person]]

    def _index(self, key: str) -> dict[tuple[object, ...], list[int]]:
        """Return people by a search key, built once per key on first use (cheap: the
        injector is asked about ~0.01% of the population)."""
        index = self._by.get(key)
        if index is None:
            index = self._by[key] = {}
            for number, resident in enumerate(self._residents):
                index.setdefault(_KEYS[key](resident), []).append(number)
        return index


def _three(r: Resident) -> tuple[object, ...]:
    return (fold_name(r.name.family + r.name.given), r.birth_date, r.sex)


def _name_birth(r: Resident) -> tuple[object, ...]:
    return (fold_name(r.name.family + r.name.given), r.birth_date)


def _birth_sex(r: Resident) -> tuple[object, ...]:
    return (r.birth_date, r.sex)


def _birth(r: Resident) -> tuple[object, ...]:
    return (r.birth_date,)


def _year_sex(r: Resident) -> tuple[object, ...]:
    return (r.birth_date.year, r.sex)


def _year(r: Resident) -> tuple[object, ...]:
    return (r.birth_date.year,)


_KEYS: dict[str, Callable[[Resident], tuple[object, ...]]] = {
    "three": _three, "name_birth": _name_birth, "birth_sex": _birth_sex, "birth": _birth,
    "year_sex": _year_sex, "year": _year,
}  # fmt: skip
_SEARCHES: dict[Cause, tuple[str, ...]] = {
    Cause.THREE_ITEMS_NO_ADDRESS: ("three", "name_birth", "birth_sex", "year_sex"),
    Cause.SAME_NAME_AND_BIRTH_DATE: ("name_birth", "birth", "year"),
    Cause.FAMILY_MEMBER_NUMBER: ("household",),
}


def truth_path(data_dir: Path) -> Path:
    """Return where the injected links' truth is kept."""
    return data_dir / "synth-truth" / "link-errors.csv"


def write_truth(path: Path, rows: Sequence[TruthRow], *, fresh: bool) -> None:
    """Write (fresh: replace the file) or append the truth rows, with the header once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = fresh or not path.exists()
    known: set[tuple[str, str]] = set()
    if not new:  # a step run again finds the same links: each is written once
        with path.open(encoding="utf-8", newline="") as source:
            known = {(r["agency"], r["record_id"]) for r in csv.DictReader(source)}
    with path.open("w" if new else "a", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        if new:
            writer.writerow(TRUTH_HEADER)
        for row in rows:
            if (row.agency, row.record_id) in known:
                continue
            writer.writerow([row.agency, row.kind, row.record_id, row.linked_my_number,
                             row.true_resident_code, row.cause.value])  # fmt: skip
