"""What the link audit (紐付け総点検) reports: frozen DTOs."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "AgencyLinks",
    "LinkCause",
    "LinkFinding",
    "LinkFindingKind",
    "LinksAudit",
    "LinksScore",
    "StageTime",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

ITEMS = ("name", "name_kana", "birth_date", "sex", "address")
"""The five items (5情報) compared, in the order evidence lists them."""


class LinkFindingKind(StrEnum):
    """What is wrong with a link."""

    WRONG_PERSON = "wrong_person"  # 別人の紐付けの疑い
    NUMBER_NOT_HELD = "number_not_held"  # 該当する住民がいない番号


class LinkCause(StrEnum):
    """The 総点検's causes, as guessed from the evidence."""

    FAMILY_NUMBER = "family_number"  # 家族のマイナンバー (same 世帯 as the true person)
    SAME_NAME_BIRTH_DATE = "same_name_birth_date"  # 同姓同名・同生年月日の別人
    THREE_ITEMS_NO_ADDRESS = "three_items_no_address"  # 住所なし3情報で照会: several residents
    OTHER_PERSON = "other_person"  # another resident fits better; no closer relation seen
    NO_MATCH = "no_match"  # the holder does not fit and nobody else is found
    NOT_HELD = "not_held"  # the number is no resident's


class LinkFinding(BaseModel):
    """One suspected wrong link, with its evidence."""

    model_config = _FROZEN

    agency: str
    kind: str
    record_id: str
    finding: LinkFindingKind
    cause: LinkCause
    disagreeing: tuple[str, ...] = ()
    holder_resident_code: str | None = None
    holder_weight: float | None = None
    candidate_resident_code: str | None = None
    candidate_weight: float | None = None
    same_household: bool | None = None


class AgencyLinks(BaseModel):
    """One agency's links, counted."""

    model_config = _FROZEN

    agency: str
    links: int
    not_auditable: int  # no My Number kept (a 符号 only): not auditable by number
    number_not_held: int
    suspected: int


class StageTime(BaseModel):
    """Seconds one stage of the engine took."""

    model_config = _FROZEN

    stage: str
    seconds: float


class LinksScore(BaseModel):
    """Findings scored against injected ground truth, by (agency, record_id)."""

    model_config = _FROZEN

    truth: int
    found: int
    true_positives: int

    @property
    def precision(self) -> float:
        """Return the share of findings that are injected errors (1.0 when nothing found)."""
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Return the share of injected errors found (1.0 when none were injected)."""
        return self.true_positives / self.truth if self.truth else 1.0


class LinksAudit(BaseModel):
    """Every agency's links checked against the registry."""

    model_config = _FROZEN

    agencies: tuple[AgencyLinks, ...]
    findings: tuple[LinkFinding, ...]
    stages: tuple[StageTime, ...] = ()
    score: LinksScore | None = None
