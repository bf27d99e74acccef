"""The Splink settings of the link audit: the five items compared, with fixed m and u.

Both stages score a (linked record, resident) pair with these Fellegi–Sunter comparisons: stage 1
the pair the link names (blocked on my_number), stage 2 the residents who may be the record's true
person (blocked on birth date + postcode, then birth date + reading). The same settings run on
any Splink backend (DuckDB here, Spark in docs/audit.md).

⚠ m and u are fixed, not trained: m from what a correct link's record looks like in an agency's
files (its address is often the old one: 住所 disagrees for ~15 % of correct links), u from the
chance that two random residents agree (about one in 30,000 on a birth date, one in 10^5 on a full
name). EM training would need pairs that are not links, and a given link's pair is already the
candidate; the numbers are stated so an auditor can argue with them.
"""

from __future__ import annotations

import math
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.comparison_creator import ComparisonCreator

__all__ = [
    "COLUMNS",
    "FULL_AGREEMENT",
    "LOW_WEIGHT",
    "comparisons",
    "settings",
    "weight",
]

COLUMNS = ("name_f", "kana_f", "kana_l", "birth_date", "sex", "address_f", "postal_code")
"""The folded columns both sides carry (plus unique_id)."""

# (m, u) per level, from the most to the least agreeing (else last).
_NAME = ((0.90, 1e-5), (0.07, 1e-4), (0.03, 1.0))
_KANA = ((0.92, 2e-5), (0.03, 1e-5), (0.03, 1e-4), (0.02, 1.0))
_BIRTH = ((0.97, 3.3e-5), (0.02, 3e-4), (0.01, 1.0))
_SEX = ((0.99, 0.5), (0.01, 0.5))
_ADDRESS = ((0.75, 1e-6), (0.10, 1e-4), (0.15, 1.0))


def weight(levels: tuple[tuple[float, float], ...], level: int) -> float:
    """Return the match weight (log2 m/u) of one level."""
    m, u = levels[level]
    return math.log2(m / u)


FULL_AGREEMENT = sum(weight(levels, 0) for levels in (_NAME, _KANA, _BIRTH, _SEX, _ADDRESS))
"""The weight of a pair that agrees on all five items (about 63)."""

LOW_WEIGHT = 20.0
"""Below this the resident is not the record's person: two of name, reading and birth date
disagree (a moved person scores about 42, a family member about 2)."""


def _levels(comparison: ComparisonCreator, levels: tuple[tuple[float, float], ...]) -> Any:
    m, u = zip(*levels, strict=True)
    return comparison.configure(m_probabilities=list(m), u_probabilities=list(u))


def comparisons() -> list[Any]:
    """Return the five comparisons (name, reading, birth date, sex, address)."""
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_f"),
            cll.ExactMatchLevel("name_f"),
            cll.LevenshteinLevel("name_f", 1),
            cll.ElseLevel(),
        ],
    )
    kana = cl.CustomComparison(
        output_column_name="name_kana",
        comparison_levels=[
            cll.NullLevel("kana_f"),
            cll.ExactMatchLevel("kana_f"),
            cll.ExactMatchLevel("kana_l"),
            cll.LevenshteinLevel("kana_f", 1),
            cll.ElseLevel(),
        ],
    )
    birth = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.LevenshteinLevel("birth_date", 1),  # one digit mistyped
            cll.ElseLevel(),
        ],
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
    )
    address = cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("address_f"),  # 住所なし: the record gives no evidence either way
            cll.ExactMatchLevel("address_f"),
            cll.ExactMatchLevel("postal_code"),
            cll.ElseLevel(),
        ],
    )
    return [
        _levels(name, _NAME),
        _levels(kana, _KANA),
        _levels(birth, _BIRTH),
        _levels(sex, _SEX),
        _levels(address, _ADDRESS),
    ]


def settings(*, stage: int) -> SettingsCreator:
    """Return the settings of stage 1 (the linked holder) or stage 2 (the likely true person)."""
    rules: list[Any] = (
        [block_on("my_number")]
        if stage == 1
        else [block_on("birth_date", "postal_code"), block_on("birth_date", "kana_f")]
    )
    return SettingsCreator(
        link_type="link_only",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=1e-4,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
    )
