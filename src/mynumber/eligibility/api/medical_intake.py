"""What reaches the eligibility system's medical information: claims (レセプト) as the review
bodies pass them on, and 特定健診 results as insurers report them, both by insured number."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mynumber.eligibility.data import CheckupResult, Claim, IntakeReceipt

__all__ = ["MedicalIntake"]


class MedicalIntake(Protocol):
    """The intake of medical information, filed for the views behind consent."""

    def record_claims(self, *, claims: Sequence[Claim]) -> IntakeReceipt:
        """Store medication, diagnoses and procedures from claims; refuse unknown insured."""
        ...

    def record_checkups(self, *, results: Sequence[CheckupResult]) -> IntakeReceipt:
        """Store 特定健診 results an insurer reports; refuse unknown insured."""
        ...
