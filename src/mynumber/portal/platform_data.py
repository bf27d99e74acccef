"""自己情報表示 of the two platforms: 介護保険 (介護情報基盤) and 処方・調剤 (全国医療情報
プラットフォーム, 電子処方箋管理サービス), fetched for the one request and kept nowhere.

The care platform is read by the resident code under the reader `portal` (its log records the
read); the prescription service knows a patient only by an insured number, so the portal reads
it once for each membership of the person's coverage history at eligibility (read under
eligibility's 符号), each read logged there as the person's own view.

⚠ The person sees the 要介護状態区分 and its period, not the 認定調査票 or the 主治医意見書: those
are disclosed by the municipality on a 開示請求, not on the portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from mynumber.care.data import CareLevel, CareStatus
from mynumber.eligibility.data import MembershipRecord
from mynumber.health.data import DispensingRecord, InsuredPatient, OwnPrescriptions, Prescription
from mynumber.kernel.errors import NotFoundError

__all__ = [
    "CARE_LEVEL_NAMES",
    "READER",
    "CareReader",
    "InsuranceMedication",
    "PlatformData",
    "PrescriptionReader",
    "own_care",
    "patients_of",
]

READER = "portal"  # the actor both platforms' access logs name
_FROZEN = ConfigDict(frozen=True, extra="forbid")
CARE_LEVEL_NAMES = {
    CareLevel.NOT_APPLICABLE: "非該当", CareLevel.PROGRAMME: "事業対象者",
    CareLevel.SUPPORT_1: "要支援1", CareLevel.SUPPORT_2: "要支援2",
    CareLevel.CARE_1: "要介護1", CareLevel.CARE_2: "要介護2", CareLevel.CARE_3: "要介護3",
    CareLevel.CARE_4: "要介護4", CareLevel.CARE_5: "要介護5",
}  # fmt: skip


class CareReader(Protocol):
    """What the portal asks of the care platform for the person's own view."""

    def status(self, *, resident_code: str, actor: str) -> CareStatus: ...


class PrescriptionReader(Protocol):
    """What the portal asks of the prescription service for the person's own view."""

    def prescriptions_of(self, *, patient: InsuredPatient, reader: str) -> OwnPrescriptions: ...


class InsuranceMedication(BaseModel):
    """The prescriptions and dispensings under one insured number the person held."""

    model_config = _FROZEN
    insurer_number: str
    symbol: str
    number: str
    branch: str
    valid_from: dt.date = Field(description="資格取得日 of the membership")
    valid_to: dt.date | None = Field(description="資格喪失日 (null: current)")
    prescriptions: tuple[Prescription, ...] = Field(description="電子処方箋, oldest first")
    dispensings: tuple[DispensingRecord, ...] = Field(description="調剤結果, oldest first")


def own_care(status: CareStatus) -> CareStatus:
    """Return the status as the person sees it: the survey and the opinion left out."""
    cert = status.certification
    if cert is None:
        return status
    hidden = cert.model_copy(update={"survey": None, "opinion": None})
    return status.model_copy(update={"certification": hidden})


def patients_of(
    memberships: Iterable[MembershipRecord],
) -> list[tuple[MembershipRecord, InsuredPatient]]:
    """Map each membership to the patient the prescription service knows (one per insured
    number; a number held twice counts once, its first membership kept)."""
    seen: dict[tuple[str, str, str, str], tuple[MembershipRecord, InsuredPatient]] = {}
    for m in memberships:
        key = (m.insurer_number, m.symbol, m.number, m.branch)
        if key in seen:
            continue
        seen[key] = (m, InsuredPatient.of_membership(m))
    return list(seen.values())


@dataclass(frozen=True)
class PlatformData:
    """Reads the two platforms for the person; a platform left out adds nothing."""

    care: CareReader | None = None
    health: PrescriptionReader | None = None

    def care_status(self, resident_code: str) -> CareStatus | None:
        """Return the person's care insurance, or None when they are not insured."""
        if self.care is None:
            return None
        try:
            status = self.care.status(resident_code=resident_code, actor=READER)
        except NotFoundError:
            return None
        return own_care(status)

    def medication(
        self, memberships: Sequence[MembershipRecord]
    ) -> tuple[InsuranceMedication, ...]:
        """Return the prescriptions and dispensings under each insured number held."""
        if self.health is None:
            return ()
        found = []
        for membership, patient in patients_of(memberships):
            own = self.health.prescriptions_of(patient=patient, reader=READER)
            found.append(
                InsuranceMedication(
                    insurer_number=membership.insurer_number, symbol=membership.symbol,
                    number=membership.number, branch=membership.branch,
                    valid_from=membership.valid_from, valid_to=membership.valid_to,
                    prescriptions=own.prescriptions, dispensings=own.dispensings,
                )
            )  # fmt: skip
        return tuple(found)
