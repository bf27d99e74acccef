"""What crosses the boundary of the Bundle store (電子カルテ情報共有サービス): the receipt of an
upload, a stored Bundle, a facility's question about a patient and the refusal of an invalid
Bundle with every violation and where it lies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mynumber.health.data import InsuredPatient
from mynumber.health.ehr import BundleCheck, Violation
from mynumber.kernel.errors import InvalidInputError

__all__ = [
    "BundleList",
    "BundleQuery",
    "BundleReceipt",
    "BundleRejectedError",
    "BundleRejection",
    "StoredBundle",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
FACILITY_PATTERN = r"^\d{10}$"


class BundleReceipt(BaseModel):
    """The answer to an upload: the identifier it is stored under and its version (1 when
    new; `replaced` when it replaced an earlier version), with the check's warnings."""

    model_config = _FROZEN
    identifier: str
    version: int
    replaced: bool
    bundle_type: str
    category: str = Field(description="the 6情報 resource type, or the 3文書 Composition.type")
    facility_code: str
    received_at: dt.datetime
    warnings: tuple[Violation, ...] = ()


class StoredBundle(BaseModel):
    """A stored Bundle as sent: the version shown and how many versions there are."""

    model_config = _FROZEN
    identifier: str
    version: int
    versions: int
    facility_code: str = Field(description="the facility that sent it (医療機関コード)")
    bundle_type: str
    category: str
    received_at: dt.datetime
    bundle: dict[str, Any] = Field(description="the FHIR R4 Bundle (JSON) as sent")


class BundleQuery(BaseModel):
    """A facility's question: the patient's Bundles (of one category if given)."""

    model_config = _FROZEN
    facility_code: str = Field(pattern=FACILITY_PATTERN, description="医療機関コード")
    patient: InsuredPatient
    category: str | None = Field(default=None, max_length=40, pattern=r"^[A-Za-z0-9\-]+$")


class BundleList(BaseModel):
    """The patient's latest Bundles a facility may see: its own always, the others' only when
    `consented` (the patient's consent to show 診療情報 at this facility's reader stands)."""

    model_config = _FROZEN
    consented: bool
    bundles: tuple[StoredBundle, ...]


class BundleRejection(BaseModel):
    """The HTTP body of a refused Bundle (422 `bundle_invalid`): every violation, located."""

    model_config = ConfigDict(frozen=True)
    error: str
    reason: str
    violations: tuple[Violation, ...] = ()


class BundleRejectedError(InvalidInputError):
    """A Bundle that breaks JP-CLINS (422 `bundle_invalid`); `check` has every violation."""

    code = "bundle_invalid"

    def __init__(self, check: BundleCheck) -> None:
        errors = check.errors
        first = f"{errors[0].location}: {errors[0].message}" if errors else "invalid"
        super().__init__(f"the Bundle breaks {len(errors)} rule(s); first {first}")
        self.check = check

    def body(self) -> BundleRejection:
        """Return the HTTP body: the code, the reason and the violations."""
        return BundleRejection(
            error=self.code, reason=self.reason, violations=self.check.violations
        )
