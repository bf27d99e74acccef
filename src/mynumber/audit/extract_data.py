"""What a research extract is and what its risk report says (匿名加工・仮名加工の再識別リスク)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "DEFAULT_QI", "DEFAULT_SENSITIVE", "ExtractKind", "ExtractRisk", "ExtractSource", "KeyScheme",
]  # fmt: skip

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ExtractKind(StrEnum):
    """仮名加工医療情報 (pseudonymised: ids removed, values kept) or 匿名加工医療情報
    (anonymised: generalised, rare values and small cells suppressed)."""

    PSEUDONYMISED = "pseudonymised"
    ANONYMISED = "anonymised"


class ExtractSource(StrEnum):
    """Whose data: the claims (レセプト, at the eligibility system) or the care months (給付実績
    and 要介護度, at the care platform)."""

    CLAIMS = "claims"
    CARE = "care"


class KeyScheme(StrEnum):
    """How the person key is made from the oldest insured number."""

    NDB = "ndb"  # HMAC-SHA256 under a secret drawn for each release: releases do not join
    FIXED = "fixed"  # ⚠ the same unkeyed SHA-256 in every release: releases join


# The quasi-identifiers and sensitive attribute measured unless others are named.
DEFAULT_QI = {
    (ExtractSource.CLAIMS, ExtractKind.PSEUDONYMISED): ("birth_date", "sex", "postal_code"),
    (ExtractSource.CLAIMS, ExtractKind.ANONYMISED): ("birth_band", "sex", "municipality"),
    (ExtractSource.CARE, ExtractKind.PSEUDONYMISED): ("birth_date", "municipality"),
    (ExtractSource.CARE, ExtractKind.ANONYMISED): ("birth_band", "municipality"),
}
DEFAULT_SENSITIVE = {ExtractSource.CLAIMS: "diagnosis", ExtractSource.CARE: "level"}


class ExtractRisk(BaseModel):
    """The re-identification risk of one extract, over its named quasi-identifiers (QIs).

    k is counted in persons (a person's many months in one class are one person); classes are
    the records sharing every QI value (等価クラス)."""

    model_config = _FROZEN
    source: ExtractSource = ExtractSource.CLAIMS
    kind: ExtractKind
    release: str
    key: KeyScheme
    records: int
    persons: int
    quasi_identifiers: tuple[str, ...]
    sensitive: str
    classes: int
    k_anonymity: int  # smallest class, in persons
    k_records: int  # smallest class, in records
    l_diversity: int  # fewest distinct sensitive values in a class
    unique_records: int  # records alone in their class
    unique_persons: int  # persons alone (the only person) in at least one of their classes
    classes_under_10: int  # classes of fewer than 10 persons left in the extract
    suppressed_cells: int  # small QI cells (< 10 persons) recoded or blanked while anonymising
    recoded_records: int  # records whose QIs were recoded by that suppression
    dropped_records: int  # records of classes still under 10 after recoding, dropped
    rare_values: int  # diagnosis or medicine codes (< 10 persons) replaced by その他
    joined_persons: int | None = None  # persons found by key in the release compared with
    compared_with: str | None = None

    @property
    def record_uniqueness(self) -> float:
        """Share of the records unique on the QIs (sample uniqueness)."""
        return self.unique_records / self.records if self.records else 0.0

    @property
    def person_uniqueness(self) -> float:
        """Share of the persons unique on the QIs in at least one record."""
        return self.unique_persons / self.persons if self.persons else 0.0
