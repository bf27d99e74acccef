"""Frozen DTOs of the eligibility system, by concern; answers use the field names of the real
interface. Other subsystems import them from here (`from mynumber.eligibility.data import X`).

- `verification`: a check by number, and the answer to every check (`EligibilityAnswer`);
- `consent`: what a person may consent to show at the reader, and what they chose;
- `memberships`: memberships as insurers report and end them;
- `people`: the person's card registration and access records, and the agency id of their codes;
- `callers`: facilities, their terminals, and the requests terminals sign;
- `disasters`: disaster mode (災害時医療情報閲覧) and the card-less search inside it;
- `proofs`: what proves a card's holder is present (利用登録, 登録解除, a check by card);
- `medical`: claims and check-ups as they arrive, and the views behind consent;
- `batches`: the 一括照会 (batch inquiry), its lines and their answers;
- `batch_csv`: the CSV a batch inquiry is submitted as;
- `messages`: what insurers and facilities send, and what the eligibility system sends back;
- `interface_xml`: the XmlMsg documents of the terminal interface.

A module imports only modules listed before it (import-linter checks the layers).
"""

from __future__ import annotations

from mynumber.eligibility.data.batch_csv import parse_batch_csv
from mynumber.eligibility.data.batches import (
    MAX_BATCH_LINES,
    BatchLine,
    BatchLineResult,
    BatchResults,
    BatchState,
    BatchStatus,
    BatchSubmission,
)
from mynumber.eligibility.data.callers import (
    HOME_MODE_KINDS,
    REQUEST_SIGNATURE_VERSION,
    SIMPLE_MODE_KINDS,
    FacilityKind,
    FacilityRegistration,
    SignedRequest,
    TerminalIdentity,
    TerminalRegistration,
    request_signing_bytes,
    signed_request,
)
from mynumber.eligibility.data.consent import ConsentRecord, ConsentScope
from mynumber.eligibility.data.disasters import Disaster, DisasterSearch
from mynumber.eligibility.data.interface_xml import XmlHeader, error_xml
from mynumber.eligibility.data.medical import (
    CheckupResult,
    Claim,
    Diagnosis,
    InsuredRef,
    IntakeReceipt,
    LifetimeReads,
    MedicalQuery,
    MedicalView,
    Medication,
    OwnCheckup,
    OwnMedical,
    Procedure,
    ResearchClaim,
)
from mynumber.eligibility.data.memberships import MembershipLoss, MembershipRecord, MembershipRef
from mynumber.eligibility.data.people import AGENCY, AccessRecord, Registration
from mynumber.eligibility.data.proofs import (
    CardAuthentication,
    CardProof,
    CardQuery,
    ReaderMethod,
    ReaderResult,
)
from mynumber.eligibility.data.verification import (
    EligibilityAnswer,
    NumberQuery,
    QualificationInfo,
    QualificationValidity,
)

__all__ = [
    "AGENCY",
    "HOME_MODE_KINDS",
    "MAX_BATCH_LINES",
    "REQUEST_SIGNATURE_VERSION",
    "SIMPLE_MODE_KINDS",
    "AccessRecord",
    "BatchLine",
    "BatchLineResult",
    "BatchResults",
    "BatchState",
    "BatchStatus",
    "BatchSubmission",
    "CardAuthentication",
    "CardProof",
    "CardQuery",
    "CheckupResult",
    "Claim",
    "ConsentRecord",
    "ConsentScope",
    "Diagnosis",
    "Disaster",
    "DisasterSearch",
    "EligibilityAnswer",
    "FacilityKind",
    "FacilityRegistration",
    "InsuredRef",
    "IntakeReceipt",
    "LifetimeReads",
    "MedicalQuery",
    "MedicalView",
    "Medication",
    "MembershipLoss",
    "MembershipRecord",
    "MembershipRef",
    "NumberQuery",
    "OwnCheckup",
    "OwnMedical",
    "Procedure",
    "QualificationInfo",
    "QualificationValidity",
    "ReaderMethod",
    "ReaderResult",
    "Registration",
    "ResearchClaim",
    "SignedRequest",
    "TerminalIdentity",
    "TerminalRegistration",
    "XmlHeader",
    "error_xml",
    "parse_batch_csv",
    "request_signing_bytes",
    "signed_request",
]
