"""The intake of medical information in this process (`api.MedicalIntake`)."""

from __future__ import annotations

from collections.abc import Sequence

from mynumber.eligibility.data import CheckupResult, Claim, IntakeReceipt
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.medical import claims as claims_intake

__all__ = ["LocalMedicalIntake"]


class LocalMedicalIntake(LocalState):
    """Claims and 特定健診 results, filed under their person, in this process."""

    def record_claims(self, *, claims: Sequence[Claim]) -> IntakeReceipt:
        with self._db.unit_of_work() as uow:
            return claims_intake.record_claims(uow.session, claims)

    def record_checkups(self, *, results: Sequence[CheckupResult]) -> IntakeReceipt:
        with self._db.unit_of_work() as uow:
            return claims_intake.record_checkups(uow.session, results)
