"""The electronic prescription service in this process (`LocalHealth`, re-exported by
`health.api`): it asks the online eligibility system whether the patient is covered and J-LIS
for its signing CA and CRL before its own unit of work, never inside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.api import ClinicSide
from mynumber.eligibility.data import (
    CardAuthentication,
    CardQuery,
    ConsentScope,
    EligibilityAnswer,
    InsuredRef,
    MedicalQuery,
    NumberQuery,
    QualificationValidity,
)
from mynumber.health.data import (
    PRESCRIBERS,
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
from mynumber.health.models import (
    DispensingRow,
    PractitionerRow,
    PrescriptionRow,
    access_heads,
    access_records,
)
from mynumber.health.people import PlatformLinks
from mynumber.health.platform_base import Context as PlatformContext
from mynumber.health.platform_services import PlatformServices
from mynumber.health.pmh.local import Pmh
from mynumber.health.prescriptions import practitioners, service
from mynumber.health.prescriptions.hpki import HpkiAuthority
from mynumber.health.prescriptions.signatures import (
    check_jlis_certificate,
    key_digest,
    verify_detached,
)
from mynumber.health.prescriptions.synthetic import SyntheticPrescriptions
from mynumber.health.vaccinations.local import Vaccinations
from mynumber.jpki.api import Jpki
from mynumber.jpki.data import AuthorityName
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import DomainError, ForbiddenError, InvalidInputError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.logaudit import VerifiedLogs, VerifiesLogs

__all__ = ["LocalHealth"]


class LocalHealth(VerifiesLogs):
    """電子処方箋管理サービス on the `health` schema."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        eligibility: ClinicSide,
        jpki: Jpki,
        links: PlatformLinks | None = None,
    ) -> None:
        self._db, self._clock = database, clock
        self._eligibility, self._jpki = eligibility, jpki
        log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._verified_logs = VerifiedLogs(database, log)
        self._ctx = service.Context(clock=clock, log=log, patient_secret=keys["access_log"])
        self._hpki = HpkiAuthority(keys["access_log"])
        shared = PlatformContext(clock=clock, log=log, patient_secret=keys["access_log"])
        self._services = PlatformServices(database, shared, eligibility, links)
        self._synthetic = SyntheticPrescriptions(database, self._ctx, self._hpki)

    @property
    def vaccinations(self) -> Vaccinations:
        """Return the 予防接種 service."""
        return self._services.vaccinations

    @property
    def pmh(self) -> Pmh:
        """Return PMH."""
        return self._services.pmh

    @property
    def synthetic_prescriptions(self) -> SyntheticPrescriptions:
        """Return the bulk path for the synthetic population's prescriptions."""
        return self._synthetic

    # The operator: practitioners and their HPKI certificates.

    def hpki_ca_certificate(self) -> bytes:
        return self._hpki.certificate.public_bytes(Encoding.DER)

    def register_practitioner(self, *, application: PractitionerApplication) -> Practitioner:
        card = self._card_signer(application.signature, application.signed_bytes())
        now = self._clock.now()
        certificate = self._hpki.issue(
            card=card, name=application.name, role=application.role, now=now
        )
        with self._db.unit_of_work() as uow:
            return practitioners.register(
                uow.session, application=application, key_digest=key_digest(card),
                certificate=certificate, now=now,
            )  # fmt: skip

    def _card_signer(self, signature: bytes, content: bytes) -> x509.Certificate:
        card = verify_detached(signature, content)
        check_jlis_certificate(
            card,
            ca=self._jpki.ca_certificate(authority=AuthorityName.SIGN),
            crl=self._jpki.crl(authority=AuthorityName.SIGN),
            now=self._clock.now(),
        )
        return card

    # The prescriber.

    def prescribe(self, *, request: PrescriptionRequest) -> IssuedPrescription:
        content = request.content
        patient = content.patient
        key = service.patient_key(self._ctx, patient)
        practitioner_id = self._prescriber(request, content.facility_code, key)
        self._require_eligible(
            patient, facility=content.facility_code, on=content.issued_on, card=request.card,
            key=key, action="prescribe",
        )  # fmt: skip
        show = request.show_details
        if not show:  # ask for the consent only when there are details to show
            with self._db.unit_of_work() as uow:
                found = service.check_content(uow.session, key, content)
            show = bool(found) and self._consented(patient, content.facility_code)
        with self._db.unit_of_work() as uow:
            return service.register(
                uow.session, self._ctx, content=content, signature=request.signature,
                practitioner_id=practitioner_id, key=key, show_details=show,
            )  # fmt: skip

    def _prescriber(self, request: PrescriptionRequest, facility: str, key: str) -> str:
        try:
            hpki, role = self._hpki.check(request.hpki_certificate, now=self._clock.now())
            if role not in PRESCRIBERS:
                raise ForbiddenError(f"a {role.value} may not prescribe", code="not_a_prescriber")
            card = self._card_signer(request.signature, request.content.signed_bytes())
            if key_digest(card) != key_digest(hpki):
                raise ForbiddenError(
                    "the card that signed is not the HPKI certificate's", code="signer_mismatch"
                )
            with self._db.unit_of_work() as uow:
                row = practitioners.by_key(uow.session, key_digest(card))
                if row is None:
                    raise ForbiddenError("no such practitioner", code="not_a_prescriber")
                return row.practitioner_id
        except DomainError as refusal:
            self._record(key, facility, "prescribe", f"refused:{refusal.code}")
            raise

    def _require_eligible(
        self,
        patient: InsuredPatient,
        *,
        facility: str,
        on: dt.date,
        card: CardAuthentication | None,
        key: str,
        action: str,
    ) -> None:
        answer = self._check(patient, facility, on, card)
        if answer.qualification_validity is QualificationValidity.VALID and any(
            (r.insurer_number, r.insured_card_symbol, r.insured_identification_number,
             r.insured_branch_number) == (patient.insurer_number, patient.symbol, patient.number,
                                          patient.branch)
            for r in answer.results
        ):  # fmt: skip
            return
        reason = answer.error_code or f"validity {answer.qualification_validity}"
        refusal = ForbiddenError(
            f"the patient is not covered on {on} ({reason})", code="patient_not_eligible"
        )
        self._record(key, facility, action, f"refused:{refusal.code}")
        raise refusal

    def _check(
        self, patient: InsuredPatient, facility: str, on: dt.date, card: CardAuthentication | None
    ) -> EligibilityAnswer:
        if card is not None:
            return self._eligibility.verify_by_card(
                query=CardQuery(facility_code=facility, visit_date=on, authentication=card)
            )
        return self._eligibility.verify_by_number(
            query=NumberQuery(
                facility_code=facility, visit_date=on, insurer_number=patient.insurer_number,
                symbol=patient.symbol, number=patient.number, branch=patient.branch,
                birth_date=patient.birth_date,
            )
        )  # fmt: skip

    def _consented(self, patient: InsuredPatient, facility: str) -> bool:
        """Return whether the patient's consent to show medication (薬剤情報, given at the
        reader) stands at this facility, as the eligibility system keeps it. ⚠ Asked by viewing
        it (the only question its api answers): the view is logged there as this facility's."""
        insured = InsuredRef(
            insurer_number=patient.insurer_number, symbol=patient.symbol,
            number=patient.number, branch=patient.branch,
        )  # fmt: skip
        query = MedicalQuery(
            facility_code=facility, insured=insured, birth_date=patient.birth_date,
            scope=ConsentScope.MEDICATION,
        )  # fmt: skip
        try:
            self._eligibility.medical_view(query=query)
        except DomainError:
            return False
        return True

    # The pharmacy.

    def retrieve(self, *, request: RetrievalRequest) -> list[Prescription]:
        if request.card is not None:
            return self._retrieve_by_card(request, request.card)
        if request.exchange_number is None or request.patient is None:
            raise InvalidInputError(
                "give the 引換番号 with the insured number, or the patient's card",
                code="retrieval_incomplete",
            )
        patient = request.patient
        key = service.patient_key(self._ctx, patient)
        self._require_eligible(
            patient, facility=request.facility_code, on=request.visit_date, card=None, key=key,
            action="retrieve",
        )  # fmt: skip
        with self._db.unit_of_work() as uow:
            found = service.retrieve_by_number(
                uow.session, self._ctx, facility=request.facility_code,
                exchange_number=request.exchange_number, key=key,
            )  # fmt: skip
            if isinstance(found, DomainError):
                refusal = found
            else:
                return [self._prescription(uow.session, found)]
        raise refusal

    def _retrieve_by_card(
        self, request: RetrievalRequest, card: CardAuthentication
    ) -> list[Prescription]:
        answer = self._eligibility.verify_by_card(
            query=CardQuery(
                facility_code=request.facility_code,
                visit_date=request.visit_date,
                authentication=card,
            )
        )
        if answer.qualification_validity is not QualificationValidity.VALID:
            reason = answer.error_code or answer.qualification_validity
            raise ForbiddenError(
                f"the card answers no coverage ({reason})",
                code="patient_not_eligible",
            )
        keys = [
            service.patient_key(self._ctx, InsuredPatient(
                insurer_number=r.insurer_number, symbol=r.insured_card_symbol,
                number=r.insured_identification_number, branch=r.insured_branch_number,
                birth_date=dt.datetime.strptime(r.birthdate, "%Y%m%d").date(),
            ))
            for r in answer.results
        ]  # fmt: skip
        with self._db.unit_of_work() as uow:
            rows = service.open_for(
                uow.session, self._ctx, facility=request.facility_code, keys=keys
            )
            return [self._prescription(uow.session, row) for row in rows]

    def dispense(self, *, request: DispensingRequest) -> DispensingRecord:
        with self._db.unit_of_work() as uow:
            done = service.dispense(uow.session, self._ctx, request=request)
        if isinstance(done, DomainError):
            raise done
        return done

    # The person (for the portal).

    def prescriptions_of(self, *, patient: InsuredPatient, reader: str) -> OwnPrescriptions:
        key = service.patient_key(self._ctx, patient)
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(
                select(PrescriptionRow).where(PrescriptionRow.patient_key == key)
                .order_by(PrescriptionRow.registered_at)
            ).all()  # fmt: skip
            entries = uow.session.scalars(
                select(DispensingRow).where(DispensingRow.patient_key == key)
                .order_by(DispensingRow.recorded_at)
            ).all()  # fmt: skip
            service.record(uow.session, self._ctx, key, facility=reader, action="own view",
                           outcome="shown")  # fmt: skip
            return OwnPrescriptions(
                prescriptions=tuple(self._prescription(uow.session, r) for r in rows),
                dispensings=tuple(service.to_dispensing(e) for e in entries),
            )

    def access_records(self, *, patient: InsuredPatient) -> list[HealthAccessRecord]:
        key = service.patient_key(self._ctx, patient)
        with self._db.unit_of_work() as uow:
            return [
                HealthAccessRecord(
                    seq=r.seq, recorded_at=r.recorded_at, facility=r.payload["facility"],
                    action=r.payload["action"], outcome=r.payload["outcome"],
                )
                for r in self._ctx.log.read(uow.session, stream=key)
            ]  # fmt: skip

    def verify_access_log(self, *, patient: InsuredPatient) -> list[str]:
        key = service.patient_key(self._ctx, patient)
        with self._db.unit_of_work() as uow:
            return self._ctx.log.verify(uow.session, stream=key)

    def _record(self, key: str, facility: str, action: str, outcome: str) -> None:
        with self._db.unit_of_work() as uow:
            service.record(
                uow.session, self._ctx, key, facility=facility, action=action, outcome=outcome
            )

    @staticmethod
    def _prescription(session: Session, row: PrescriptionRow) -> Prescription:
        prescriber = session.get(PractitionerRow, row.practitioner_id)
        return service.to_prescription(row, prescriber=prescriber.name if prescriber else "")
