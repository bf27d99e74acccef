"""The Bundle store in this process: `BundleService`, mixed into `LocalHealth`.

It asks the online eligibility system whether the patient is covered (on upload) and whether
the patient's consent to show 診療情報 stands at a reading facility, before its own unit of
work, never inside it. Every view and refusal goes to the person's access log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mynumber.eligibility.api import ClinicSide
from mynumber.eligibility.data import (
    ConsentScope,
    InsuredRef,
    MedicalQuery,
    NumberQuery,
    QualificationValidity,
)
from mynumber.health.data import InsuredPatient
from mynumber.health.ehr import validate_bundle
from mynumber.health.ehr.codes import DocumentType
from mynumber.health.ehr_store import store
from mynumber.health.ehr_store.records import (
    BundleList,
    BundleQuery,
    BundleReceipt,
    BundleRejectedError,
    StoredBundle,
)
from mynumber.health.models import EhrBundleRow
from mynumber.health.prescriptions import service
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError, DomainError, ForbiddenError, NotFoundError

__all__ = ["CHECKUP_REPORT", "BundleService"]

CHECKUP_REPORT = DocumentType.CHECKUP_REPORT.value  # 健診結果報告書: also the insurer's


class BundleService:
    """電子カルテ情報共有サービス: upload, the facilities' views and the insurer's."""

    _db: Database
    _clock: Clock
    _eligibility: ClinicSide
    _ctx: service.Context

    def upload_bundle(
        self, *, facility_code: str, document: Mapping[str, Any] | bytes
    ) -> BundleReceipt:
        check = validate_bundle(document)
        if not check.valid:
            raise BundleRejectedError(check)
        bundle, text = store.parse(document)
        identifier = str(bundle["identifier"]["value"])
        if identifier.split("^", 1)[0] != facility_code:
            raise ForbiddenError(
                f"the bundle identifier names another 医療機関番号 than {facility_code}",
                code="bundle_not_yours",
            )
        patient = store.patient_of(bundle)
        key = service.patient_key(self._ctx, patient)
        self._require_covered(patient, facility_code, key)
        incoming = store.Incoming(
            bundle=bundle, text=text, facility_code=facility_code, key=key,
            insurer_number=patient.insurer_number, bundle_type=check.bundle_type or "",
            category=check.category or "",
        )  # fmt: skip
        try:
            with self._db.unit_of_work() as uow:
                head = store.save(uow.session, incoming, self._clock.now())
                service.record(
                    uow.session,
                    self._ctx,
                    key,
                    facility=facility_code,
                    action="upload bundle",
                    outcome=f"stored:v{head.version}",
                )
                receipt = BundleReceipt(
                    identifier=head.identifier, version=head.version, replaced=head.version > 1,
                    bundle_type=head.bundle_type, category=head.category,
                    facility_code=facility_code, received_at=head.received_at,
                    warnings=tuple(v for v in check.violations if v not in check.errors),
                )  # fmt: skip
        except IntegrityError:  # another upload under this identifier committed first
            raise ConflictError(
                f"another upload under {identifier} was stored at the same moment; send again",
                code="bundle_busy",
            ) from None
        return receipt

    def bundles_for(self, *, query: BundleQuery) -> BundleList:
        key = service.patient_key(self._ctx, query.patient)
        consented = self._treatment_consent(query.patient, query.facility_code)
        with self._db.unit_of_work() as uow:
            rows = store.latest_for(uow.session, key, query.category)
            shown = [r for r in rows if consented or r.facility_code == query.facility_code]
            outcome = "shown" if consented else "shown:own only (no consent)"
            service.record(uow.session, self._ctx, key, facility=query.facility_code,
                           action="view bundles", outcome=f"{outcome}:{len(shown)}")  # fmt: skip
            return BundleList(consented=consented, bundles=tuple(map(store.stored, shown)))

    def bundle(
        self, *, identifier: str, facility_code: str, version: int | None = None
    ) -> StoredBundle:
        with self._db.unit_of_work() as uow:
            head = uow.session.get(EhrBundleRow, identifier)
            if head is None:
                raise NotFoundError(f"no Bundle {identifier}", code="bundle_not_found")
            key, own = head.patient_key, head.facility_code == facility_code
            patient = store.patient_of(json.loads(head.content))
        if not own and not self._treatment_consent(patient, facility_code):
            refusal = ForbiddenError(
                "the patient has not consented to show 診療情報 at this facility",
                code="consent_required",
            )
            self._note(key, facility_code, "view bundle", f"refused:{refusal.code}")
            raise refusal
        with self._db.unit_of_work() as uow:
            head = uow.session.get(EhrBundleRow, identifier)
            found = store.version_of(uow.session, head, version) if head else None
            outcome = f"shown:{identifier} v{found.version}" if found else "refused:not_found"
            service.record(uow.session, self._ctx, key, facility=facility_code,
                           action="view bundle", outcome=outcome)  # fmt: skip
        if found is None:
            raise NotFoundError(f"no version {version} of {identifier}", code="bundle_not_found")
        return found

    def checkup_reports(self, *, insurer_number: str) -> list[StoredBundle]:
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(
                select(EhrBundleRow).where(
                    EhrBundleRow.insurer_number == insurer_number,
                    EhrBundleRow.category == CHECKUP_REPORT,
                ).order_by(EhrBundleRow.received_at)
            ).all()  # fmt: skip
            for row in rows:
                service.record(uow.session, self._ctx, row.patient_key,
                               facility=f"insurer {insurer_number}", action="view checkup report",
                               outcome=f"shown:{row.identifier}")  # fmt: skip
            return [store.stored(row) for row in rows]

    def _require_covered(self, patient: InsuredPatient, facility: str, key: str) -> None:
        """Refuse (403 `patient_not_eligible`) a patient the eligibility system does not
        answer as covered today by this insured number (⚠ today, not the Bundle's date)."""
        answer = self._eligibility.verify_by_number(
            query=NumberQuery(
                facility_code=facility, visit_date=today_in_japan(self._clock),
                insurer_number=patient.insurer_number, symbol=patient.symbol,
                number=patient.number, branch=patient.branch, birth_date=patient.birth_date,
            )
        )  # fmt: skip
        if answer.qualification_validity is QualificationValidity.VALID and any(
            (r.insurer_number, r.insured_card_symbol, r.insured_identification_number,
             r.insured_branch_number) == (patient.insurer_number, patient.symbol, patient.number,
                                          patient.branch)
            for r in answer.results
        ):  # fmt: skip
            return
        reason = answer.error_code or f"validity {answer.qualification_validity}"
        refusal = ForbiddenError(
            f"the patient is not covered today ({reason})", code="patient_not_eligible"
        )
        self._note(key, facility, "upload bundle", f"refused:{refusal.code}")
        raise refusal

    def _treatment_consent(self, patient: InsuredPatient, facility: str) -> bool:
        """Return whether the patient's consent to show 診療情報 (given at the reader) stands at
        this facility, as the eligibility system keeps it. ⚠ Asked by viewing it, as the
        prescriptions ask for 薬剤情報: the view is logged there as this facility's."""
        insured = InsuredRef(
            insurer_number=patient.insurer_number, symbol=patient.symbol,
            number=patient.number, branch=patient.branch,
        )  # fmt: skip
        query = MedicalQuery(
            facility_code=facility, insured=insured, birth_date=patient.birth_date,
            scope=ConsentScope.TREATMENT,
        )  # fmt: skip
        try:
            self._eligibility.medical_view(query=query)
        except DomainError:
            return False
        return True

    def _note(self, key: str, facility: str, action: str, outcome: str) -> None:
        with self._db.unit_of_work() as uow:
            service.record(
                uow.session, self._ctx, key, facility=facility, action=action, outcome=outcome
            )
