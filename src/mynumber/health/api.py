"""The medical information platform's public surface (全国医療情報プラットフォーム): one Protocol
per audience of its electronic prescription service (電子処方箋管理サービス) and the in-process
implementation, `LocalHealth`.

A prescriber registers a prescription signed on their My Number card, whose key carries an HPKI
certificate naming them a doctor; the service checks the patient's coverage with the online
eligibility system, answers a 処方箋ID and a 6-digit 引換番号 and runs the duplicate and
interaction check. A pharmacy retrieves by 引換番号 and insured number or by the patient's card
and registers what it dispensed. Every view and refusal goes to the person's access log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from mynumber.health.data import (
    DispensingRecord,
    DispensingRequest,
    HealthAccessRecord,
    InsuredPatient,
    IssuedPrescription,
    OwnPrescriptions,
    Practitioner,
    PractitionerApplication,
    Prescription,
    PrescriptionRequest,
    RetrievalRequest,
)
from mynumber.health.ehr import (
    BundleCheck,
    SampleKind,
    SampleSubject,
    sample_bundle,
    validate_bundle,
)
from mynumber.health.ehr.codes import DocumentType
from mynumber.health.ehr.stays import STAY_DOCUMENTS, InpatientStay, inpatient_bundle
from mynumber.health.ehr_store.local import BundleService
from mynumber.health.ehr_store.records import (
    BundleList,
    BundleQuery,
    BundleReceipt,
    BundleRejectedError,
    BundleRejection,
    StoredBundle,
)
from mynumber.health.lifetime_batch_reads import PlatformRecordBatchReads, PlatformRecordQuery
from mynumber.health.lifetime_data import PlatformRecord
from mynumber.health.lifetime_reads import PlatformRecordReads
from mynumber.health.models import SCHEMA
from mynumber.health.own_records import (
    NOT_NAMED,
    PLATFORM_AGENCY,
    OwnPmh,
    OwnRecords,
    OwnRecordsService,
)
from mynumber.health.people import PlatformLinks
from mynumber.health.pmh.data import (
    CheckupEntitlement,
    CheckupKind,
    CheckupRegistration,
    PmhAnswer,
    PmhCheck,
    Subsidy,
    SubsidyRegistration,
)
from mynumber.health.pmh.local import Pmh
from mynumber.health.prescriptions.local import LocalHealth as LocalPrescriptions
from mynumber.health.prescriptions.synthetic import (
    DispensedPrescription,
    SyntheticPrescriptions,
    SyntheticReceipt,
)
from mynumber.health.vaccinations.data import (
    Clerk,
    ImmunizationRoute,
    ImmunizationSite,
    OwnVaccinations,
    Vaccination,
    VaccinationQuery,
    VaccinationRecord,
    VaccinationView,
)
from mynumber.health.vaccinations.local import Vaccinations
from mynumber.kernel.logaudit import LogsVerifiable
from mynumber.kernel.migrate import Lineage

__all__ = [
    "MIGRATIONS",
    "NOT_NAMED",
    "PLATFORM_AGENCY",
    "SCHEMA",
    "STAY_DOCUMENTS",
    "BundleCheck",
    "BundleList",
    "BundleQuery",
    "BundleReceipt",
    "BundleRejectedError",
    "BundleRejection",
    "CheckupEntitlement",
    "CheckupKind",
    "CheckupRegistration",
    "Clerk",
    "DispensedPrescription",
    "DocumentType",
    "EhrFacilitySide",
    "EhrInsurerSide",
    "Health",
    "HealthOperator",
    "ImmunizationRoute",
    "ImmunizationSite",
    "InpatientStay",
    "LifetimeSide",
    "LocalHealth",
    "OwnPmh",
    "OwnRecords",
    "OwnVaccinations",
    "PersonSide",
    "PharmacySide",
    "PlatformLinks",
    "PlatformRecord",
    "PlatformRecordQuery",
    "Pmh",
    "PmhAnswer",
    "PmhCheck",
    "PrescriberSide",
    "SampleKind",
    "SampleSubject",
    "StoredBundle",
    "Subsidy",
    "SubsidyRegistration",
    "SyntheticPrescriptions",
    "SyntheticReceipt",
    "Vaccination",
    "VaccinationQuery",
    "VaccinationRecord",
    "VaccinationView",
    "Vaccinations",
    "inpatient_bundle",
    "sample_bundle",
    "validate_bundle",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class HealthOperator(Protocol):
    """The operator: who may sign prescriptions (the HPKI certificates)."""

    def hpki_ca_certificate(self) -> bytes:
        """Return the HPKI CA certificate (DER) the service trusts (⚠ simulated CA)."""
        ...

    def register_practitioner(self, *, application: PractitionerApplication) -> Practitioner:
        """Issue an HPKI certificate on the key of the card that signed the application, once
        its signature verifies and J-LIS's CA and CRL vouch for the card (403
        `signature_invalid`, `certificate_not_trusted`, `certificate_revoked`)."""
        ...


class PrescriberSide(Protocol):
    """医療機関: registering a signed prescription (処方箋登録)."""

    def prescribe(self, *, request: PrescriptionRequest) -> IssuedPrescription:
        """Register a prescription: the HPKI certificate (a prescriber's role), the card's
        signature over the content and the patient's coverage on the day are checked first
        (403 `hpki_invalid`, `not_a_prescriber`, `signature_invalid`, `signer_mismatch`,
        `certificate_revoked`, `patient_not_eligible`). The answer carries the check's
        details only with the patient's consent."""
        ...


class PharmacySide(Protocol):
    """薬局: retrieving prescriptions and registering what was dispensed (調剤結果登録)."""

    def retrieve(self, *, request: RetrievalRequest) -> list[Prescription]:
        """Return the prescription a 引換番号 and insured number name (one), or every open one
        of the patient presenting their card; each is then the pharmacy's to dispense. Refused:
        404 `prescription_not_found` (counted: five in 24 hours give 403 `retrieval_locked`),
        409 `exchange_number_used`, 409 `prescription_taken`, 403 `patient_not_eligible`."""
        ...

    def dispense(self, *, request: DispensingRequest) -> DispensingRecord:
        """Record one use of a prescription the pharmacy retrieved (404
        `prescription_not_found`, 403 `not_received`); a refill prescription opens again until
        its last use."""
        ...


class PersonSide(Protocol):
    """The person (through the portal later): their prescriptions and their access log."""

    def prescriptions_of(self, *, patient: InsuredPatient, reader: str) -> OwnPrescriptions:
        """Return the person's prescriptions and dispensings (logged as read by `reader`)."""
        ...

    def access_records(self, *, patient: InsuredPatient) -> list[HealthAccessRecord]:
        """Return every view and refusal concerning the person, oldest first."""
        ...

    def verify_access_log(self, *, patient: InsuredPatient) -> list[str]:
        """Return the problems found in the person's access log; empty if intact."""
        ...


class LifetimeSide(Protocol):
    """The person's lifetime record (生涯にわたる記録): everything the platform holds."""

    def platform_record(
        self, *, patients: Sequence[InsuredPatient], my_number: str | None, reader: str
    ) -> PlatformRecord:
        """Return the prescriptions, dispensings and Bundles under each insured number given,
        and the vaccinations, 公費 and 自治体検診 of the My Number (its 符号 asked of J-LIS;
        skipped when None or when the platform has no links), oldest first. The read is logged
        for `reader` under each insured number and under the 符号 (⚠ an operator's or the
        person's read; the real platform's own whole-life view is not public)."""
        ...

    def platform_records(
        self, *, people: Sequence[PlatformRecordQuery], reader: str
    ) -> list[PlatformRecord]:
        """Return, for many people at once and in their order, what `platform_record` gives
        each (the 符号 asked of J-LIS in one request), every read logged as there."""
        ...


class EhrFacilitySide(Protocol):
    """医療機関: the Bundles of 電子カルテ情報共有サービス (3文書6情報, JP-CLINS FHIR R4)."""

    def upload_bundle(
        self, *, facility_code: str, document: Mapping[str, Any] | bytes
    ) -> BundleReceipt:
        """Check a Bundle with `validate_bundle` and store it under its bundle identifier; a
        Bundle sent again under an identifier replaces it (a new version; the earlier kept).
        No consent is asked (⚠ 2025 改正医療法). Refused: 422 `bundle_invalid`
        (`BundleRejectedError`, every violation located; nothing stored), 422
        `patient_unidentified`, 403 `bundle_not_yours` (the identifier names another
        医療機関番号), 403 `patient_not_eligible` (not covered today by the insured number),
        409 `bundle_busy` (another upload under the identifier was stored at that moment)."""
        ...

    def bundles_for(self, *, query: BundleQuery) -> BundleList:
        """Return the patient's latest Bundles: the facility's own, and the others' only while
        the patient's consent to show 診療情報 stands at its reader; logged."""
        ...

    def bundle(
        self, *, identifier: str, facility_code: str, version: int | None = None
    ) -> StoredBundle:
        """Return one stored Bundle (the latest version unless one is named); another
        facility's needs the patient's consent (403 `consent_required`; 404
        `bundle_not_found`); logged, refusals too."""
        ...


class EhrInsurerSide(Protocol):
    """医療保険者: the 健診結果報告書 of its insured."""

    def checkup_reports(self, *, insurer_number: str) -> list[StoredBundle]:
        """Return the latest 健診結果報告書 Bundles of the insurer's insured (by the insurer
        number of the Patient when uploaded), each read logged for the person. ⚠ An in-process
        read for the insurer, in place of the service's delivery to insurers; no HTTP route."""
        ...


class Health(
    HealthOperator, PrescriberSide, PharmacySide, PersonSide, EhrFacilitySide, EhrInsurerSide,
    LifetimeSide, OwnRecords, LogsVerifiable, Protocol,
):  # fmt: skip
    """全国医療情報プラットフォーム: the electronic prescription service, the Bundles of
    電子カルテ情報共有サービス, 予防接種 and PMH."""

    @property
    def vaccinations(self) -> Vaccinations:
        """Return the 予防接種 service (health/vaccinations)."""
        ...

    @property
    def pmh(self) -> Pmh:
        """Return PMH, the Public Medical Hub (health/pmh)."""
        ...

    @property
    def synthetic_prescriptions(self) -> SyntheticPrescriptions:
        """Return the bulk path storing the synthetic population's prescriptions, already
        dispensed (health/prescriptions/synthetic; ⚠ signed by one synthetic prescriber)."""
        ...


class LocalHealth(
    LocalPrescriptions, BundleService, PlatformRecordReads, PlatformRecordBatchReads,
    OwnRecordsService,
):  # fmt: skip
    """全国医療情報プラットフォーム here: prescriptions, the Bundles, 予防接種 and PMH."""
