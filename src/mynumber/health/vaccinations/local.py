"""The vaccination service (予防接種) in this process.

A municipality clerk records by My Number; the record is kept under the person key (the
platform's 符号, hashed). A facility reads the patient's vaccinations at the reader: the online
eligibility system checks the card, records the patient's choice at the reader and says
whether the consent to show 診療情報 stands there (⚠ 予防接種 taken as part of 診療情報,
`ConsentScope.TREATMENT`; asked by viewing it, as the prescriptions' check does); J-LIS
resolves the card to the platform's 符号.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Protocol

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
    QualificationValidity,
)
from mynumber.health.data import HealthAccessRecord
from mynumber.health.models import VaccinationRow
from mynumber.health.people import person_key
from mynumber.health.platform_base import PlatformBase, wrong_clerk
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
from mynumber.health.vaccinations.fhir import immunization
from mynumber.kernel.errors import DomainError, ForbiddenError

__all__ = ["LocalVaccinations", "Vaccinations"]

SCOPE = ConsentScope.TREATMENT


class Vaccinations(Protocol):
    """予防接種: the municipality records, the facility and the person read."""

    def new_challenge(self) -> bytes:
        """Return a fresh J-LIS challenge for a card to sign for this platform."""
        ...

    def record(self, *, clerk: Clerk, record: VaccinationRecord) -> Vaccination:
        """Record a vaccination by My Number (403 `wrong_clerk`, 404 `unknown_person`)."""
        ...

    def record_many(self, *, clerk: Clerk, records: Sequence[VaccinationRecord]) -> int:
        """Record many vaccinations of the clerk's municipality at once (one 符号 request, one
        unit of work: all or none); return how many."""
        ...

    def view(self, *, query: VaccinationQuery) -> VaccinationView:
        """Return the patient's vaccinations as JP Core Immunization resources, with the
        patient's consent at this facility (403 `patient_not_eligible`, `consent_required`)."""
        ...

    def own(self, *, holder: CardAuthentication) -> OwnVaccinations:
        """Return the card holder's own vaccinations (logged as an own view)."""
        ...

    def access_records_of(self, *, holder: CardAuthentication) -> list[HealthAccessRecord]:
        """Return the card holder's access log (prescriptions' log under the 符号 key)."""
        ...


class LocalVaccinations(PlatformBase):
    """予防接種 on the `health` schema."""

    def __init__(self, base: PlatformBase, eligibility: ClinicSide) -> None:
        super().__init__(base.db, base.ctx, base.links)
        self._eligibility = eligibility

    def record(self, *, clerk: Clerk, record: VaccinationRecord) -> Vaccination:
        if clerk.municipality_code != record.municipality_code:
            raise wrong_clerk(clerk.municipality_code, record.municipality_code)
        key = self.key_of_number(record.my_number)
        row = self._row(clerk, record, key)
        with self.db.unit_of_work() as uow:
            uow.session.add(row)
            uow.session.flush()
            self.log(uow.session, key, by=f"municipality:{clerk.municipality_code}",
                     action="vaccination recorded", outcome="recorded")  # fmt: skip
            return _vaccination(row)

    def record_many(self, *, clerk: Clerk, records: Sequence[VaccinationRecord]) -> int:
        for one in records:
            if clerk.municipality_code != one.municipality_code:
                raise wrong_clerk(clerk.municipality_code, one.municipality_code)
        numbers = sorted({r.my_number for r in records})
        codes = dict(zip(numbers, self.links.codes_for(numbers), strict=True))
        with self.db.unit_of_work() as uow:
            for one in records:
                key = person_key(self.ctx.patient_secret, codes[one.my_number])
                uow.session.add(self._row(clerk, one, key))
                self.log(uow.session, key, by=f"municipality:{clerk.municipality_code}",
                         action="vaccination recorded", outcome="recorded")  # fmt: skip
        return len(records)

    def _row(self, clerk: Clerk, record: VaccinationRecord, key: str) -> VaccinationRow:
        return VaccinationRow(
            vaccination_id=str(uuid.uuid4()), person_key=key,
            **record.model_dump(exclude={"my_number", "route", "site"}),
            route=record.route.value, site=record.site.value if record.site else None,
            recorded_by=f"{clerk.municipality_code}:{clerk.name}", recorded_at=self.ctx.clock.now(),
        )  # fmt: skip

    def view(self, *, query: VaccinationQuery) -> VaccinationView:
        key = self.key_of_card(query.holder)
        facility = query.facility_code
        answer = self._eligibility.verify_by_card(
            query=CardQuery(
                facility_code=facility,
                visit_date=query.visit_date,
                authentication=query.card,
                consent=query.consent,
            )
        )
        refusal = self._refusal(answer, facility)
        if refusal is not None:
            raise self.refuse(key, by=facility, action="vaccinations", refusal=refusal)
        with self.db.unit_of_work() as uow:
            rows = self._rows(uow.session, key)
            self.log(uow.session, key, by=facility, action="vaccinations", outcome="shown")
        reference = f"Patient/{key[:16]}"  # ⚠ a pseudonymous reference, no identifier
        return VaccinationView(
            immunizations=tuple(immunization(_vaccination(r), patient_reference=reference)
                                for r in rows)
        )  # fmt: skip

    def _refusal(self, answer: EligibilityAnswer, facility: str) -> DomainError | None:
        """Return why the facility may not see the vaccinations, or None."""
        if answer.qualification_validity is not QualificationValidity.VALID or not answer.results:
            reason = answer.error_code or answer.qualification_validity
            return ForbiddenError(f"資格が確認できません ({reason})", code="patient_not_eligible")
        result = answer.results[0]
        query = MedicalQuery(
            facility_code=facility,
            insured=InsuredRef(
                insurer_number=result.insurer_number, symbol=result.insured_card_symbol,
                number=result.insured_identification_number, branch=result.insured_branch_number,
            ),
            birth_date=dt.datetime.strptime(result.birthdate, "%Y%m%d").date(),
            scope=SCOPE,
        )  # fmt: skip
        try:
            self._eligibility.medical_view(query=query)
        except DomainError:
            return ForbiddenError(
                "予防接種情報の閲覧に本人の同意がありません (no consent)", code="consent_required"
            )
        return None

    def own(self, *, holder: CardAuthentication) -> OwnVaccinations:
        key = self.key_of_card(holder)
        with self.db.unit_of_work() as uow:
            rows = self._rows(uow.session, key)
            self.log(uow.session, key, by="本人", action="own vaccinations", outcome="shown")
            return OwnVaccinations(vaccinations=tuple(_vaccination(r) for r in rows))

    @staticmethod
    def _rows(session: Session, key: str) -> list[VaccinationRow]:
        statement = (
            select(VaccinationRow)
            .where(VaccinationRow.person_key == key)
            .order_by(VaccinationRow.occurred_on, VaccinationRow.dose_number)
        )
        return list(session.scalars(statement))


def _vaccination(row: VaccinationRow) -> Vaccination:
    return Vaccination(
        vaccination_id=row.vaccination_id, municipality_code=row.municipality_code,
        vaccine_code=row.vaccine_code, vaccine_name=row.vaccine_name, lot_number=row.lot_number,
        occurred_on=row.occurred_on, dose_number=row.dose_number,
        facility_code=row.facility_code, facility_name=row.facility_name,
        route=ImmunizationRoute(row.route),
        site=ImmunizationSite(row.site) if row.site else None, recorded_at=row.recorded_at,
    )  # fmt: skip
