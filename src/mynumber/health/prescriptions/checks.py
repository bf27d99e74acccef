"""重複投薬・併用禁忌チェック: a new prescription against every prescription and dispensing of the
patient's period, across facilities.

Duplicate (重複投薬): the same ingredient in overlapping days. The ingredient is read from the YJ
code's first seven characters (薬効分類4 + 投与経路・成分3), so two strengths or makers of one
ingredient match (⚠ the real check uses the 医薬品マスター's ingredient codes).

Contraindicated (併用禁忌): a small table of real pairs from the package inserts, keyed by those
seven characters (⚠ the YJ prefixes are from memory, check them against the 医薬品マスター
before relying on them; the real service uses the full interaction master).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mynumber.health.data import CheckFinding, Drug, FindingKind

__all__ = ["CONTRAINDICATED", "Active", "findings", "ingredient", "last_day"]

# (ingredient, name, ingredient, name): each pair is 併用禁忌 in both directions.
CONTRAINDICATED: tuple[tuple[str, str, str, str], ...] = (
    ("1124007", "トリアゾラム", "6290004", "イトラコナゾール"),  # ハルシオン 禁忌
    ("2189011", "シンバスタチン", "6290004", "イトラコナゾール"),  # リポバス 禁忌
    ("3332001", "ワルファリンカリウム", "6290002", "ミコナゾール"),  # ワーファリン 禁忌
    ("1179025", "ピモジド", "6149003", "クラリスロマイシン"),  # クラリス 禁忌
)
_PAIRS = frozenset(
    pair for a, _, b, _ in CONTRAINDICATED for pair in ((a, b), (b, a))
)  # fmt: skip


@dataclass(frozen=True)
class Active:
    """A drug taken in a period: from a prescription or a dispensing at some facility."""

    drug: Drug
    facility: str
    start: dt.date
    source: str

    @property
    def last(self) -> dt.date:
        """Return the last day the drug is taken."""
        return self.start + dt.timedelta(days=self.drug.days - 1)


def ingredient(yj_code: str) -> str:
    """Return the ingredient part of a YJ code (its first seven characters)."""
    return yj_code[:7]


def last_day(start: dt.date, drugs: Iterable[Drug], uses: int = 1) -> dt.date:
    """Return the last day any drug of a prescription is taken, over all its uses."""
    return start + dt.timedelta(days=max(d.days for d in drugs) * uses - 1)


def findings(
    drugs: Sequence[Drug], start: dt.date, uses: int, period: Sequence[Active]
) -> list[CheckFinding]:
    """Return every duplicate and contraindicated pair of the new drugs with the period's."""
    found: list[CheckFinding] = []
    for drug in drugs:
        last = start + dt.timedelta(days=drug.days * uses - 1)
        for other in period:
            if other.last < start or other.start > last:
                continue
            kind = _kind(drug.yj_code, other.drug.yj_code)
            if kind is not None:
                found.append(
                    CheckFinding(
                        kind=kind,
                        drug=drug.yj_code,
                        other_drug=other.drug.yj_code,
                        other_name=other.drug.name,
                        other_facility=other.facility,
                        other_date=other.start,
                        source=other.source,
                    )
                )
    return found


def _kind(code: str, other: str) -> FindingKind | None:
    if ingredient(code) == ingredient(other):
        return FindingKind.DUPLICATE
    if (ingredient(code), ingredient(other)) in _PAIRS:
        return FindingKind.CONTRAINDICATED
    return None
