"""Synthetic 電子処方箋 (electronic prescriptions with their 調剤結果) and the documents of
電子カルテ情報共有サービス (退院時サマリー, 診療情報提供書), matching the claims, through the
platform's api only.

The claims of each covered person are drawn again exactly as `claims.load` drew them (same
seed, same facilities). A clinic claim with a 処方箋料 and its pharmacy claim of the same day
(院外処方) become a prescription registered at the clinic, the same drugs dispensed that day at
the pharmacy: for claims from 2023-01-26 (when the service began) when both the clinic and the
pharmacy use the service (⚠ adoption: 30% of clinics and hospitals, 85% of pharmacies, each
facility drawn once from the seed; the reference gives no figures). A stay (入院) whose
hospital uses 電子カルテ情報共有サービス (⚠ 30% of hospitals, from ⚠ 2025-02-01) gets a
退院時サマリー, and ⚠ 30% of those a 診療情報提供書 too, both sent by the hospital on the
discharge day; only for patients still covered today by the same insured number
(the store asks) and of an 8-digit insurer number (⚠ the JP-CLINS 被保険者識別子; 国保's 6 digits
are left out).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from mynumber.eligibility.data import Claim, InsuredRef
from mynumber.health.api import (
    DispensedPrescription,
    Health,
    InpatientStay,
    SampleKind,
    SampleSubject,
    inpatient_bundle,
)
from mynumber.health.data import Drug, InsuredPatient, PrescriptionContent
from mynumber.kernel.errors import DomainError
from mynumber.registry.data import Sex
from mynumber.synth.claims import ClaimFacilities, generate, person_rng
from mynumber.synth.data import HealthRecordsReport
from mynumber.synth.loading import Covered
from mynumber.synth.medicine import PRESCRIPTION
from mynumber.synth.stays import ADMISSION, DISCHARGE

__all__ = ["EHR_SERVICE_START", "E_PRESCRIPTION_START", "populate_health_records"]

E_PRESCRIPTION_START = dt.date(2023, 1, 26)
EHR_SERVICE_START = dt.date(2025, 2, 1)  # ⚠ モデル事業 start, taken as the service's
_PRESCRIBERS_ADOPTING = 0.3  # ⚠
_PHARMACIES_ADOPTING = 0.85  # ⚠
_HOSPITALS_SHARING = 0.3  # ⚠
_REFERRAL_SHARE = 0.3  # ⚠
BATCH = 2_000
_GENDERS = {Sex.MALE: "male", Sex.FEMALE: "female"}


class _Adoption:
    """Which facilities use a service: each drawn once from the seed and its code."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._known: dict[tuple[str, str], bool] = {}

    def uses(self, service: str, code: str, share: float) -> bool:
        found = self._known.get((service, code))
        if found is None:
            draw = random.Random(f"adoption:{service}:{self._seed}:{code}").random()
            found = self._known[(service, code)] = draw < share
        return found


def populate_health_records(
    *,
    health: Health,
    covered: Iterable[Covered],
    seed: int,
    on: dt.date,
    facilities: Sequence[tuple[str, str]],
    total: int,
    progress: Callable[[int, int], None] | None = None,
) -> HealthRecordsReport:
    """Store the prescriptions and stay documents matching everyone's claims; return figures."""
    started, chosen = time.perf_counter(), ClaimFacilities(facilities)
    run = _Run(health, seed, on)
    for done, person in enumerate(covered, 1):
        claims, _ = generate(person_rng(seed, person), person, on=on, facilities=chosen)
        for clinic_claim, pharmacy_claim in _outpatient_prescriptions(claims):
            run.prescription(person, clinic_claim, pharmacy_claim)
        for admission, discharge in _stays(claims):
            run.stay(person, admission, discharge)
        if len(run.pending) >= BATCH:
            run.send()
        if progress is not None and done % 500 == 0:
            progress(done, total)
    run.send()
    if progress is not None:
        progress(total, total)
    return HealthRecordsReport(
        **run.figures, bundles=run.bundles, seconds=time.perf_counter() - started
    )


def _outpatient_prescriptions(claims: Sequence[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Yield each clinic claim with a 処方箋料 and the pharmacy claim sent with it."""
    for clinic_claim, next_claim in itertools.pairwise(claims):
        prescribed = _coded(clinic_claim, PRESCRIPTION[0])
        same_day = next_claim.service_date == clinic_claim.service_date
        if prescribed and same_day and next_claim.medications:
            yield clinic_claim, next_claim


def _stays(claims: Sequence[Claim]) -> Iterator[tuple[Claim, Claim]]:
    """Yield each stay's admission and discharge claims."""
    for first, second in itertools.pairwise(claims):
        if _coded(first, ADMISSION[0]) and _coded(second, DISCHARGE[0]):
            yield first, second


def _coded(claim: Claim, code: str) -> bool:
    return any(p.code == code for p in claim.procedures)


class _Run:
    """One run's sending: prescriptions in batches, Bundles one by one, and the figures."""

    def __init__(self, health: Health, seed: int, on: dt.date) -> None:
        self.health, self.seed, self.on = health, seed, on
        self.adoption = _Adoption(seed)
        self.pending: list[DispensedPrescription] = []
        self.figures = {"prescriptions": 0, "outpatient_prescriptions": 0, "stays": 0}
        self.figures["refused"] = 0
        self.bundles: dict[str, int] = {}

    def prescription(self, person: Covered, clinic_claim: Claim, pharmacy_claim: Claim) -> None:
        """Count an outpatient prescription; keep it to send if it was electronic."""
        self.figures["outpatient_prescriptions"] += 1
        uses = self.adoption.uses
        if (
            clinic_claim.service_date >= E_PRESCRIPTION_START
            and uses("e-prescription", clinic_claim.facility_code, _PRESCRIBERS_ADOPTING)
            and uses("e-prescription", pharmacy_claim.facility_code, _PHARMACIES_ADOPTING)
        ):
            self.pending.append(_dispensed(person, clinic_claim, pharmacy_claim))

    def send(self) -> None:
        if self.pending:
            receipt = self.health.synthetic_prescriptions.record_dispensed(batch=self.pending)
            self.figures["prescriptions"] += receipt.prescriptions
            self.pending = []

    def stay(self, person: Covered, admission: Claim, discharge: Claim) -> None:
        """Count a stay; send the documents its hospital writes (none if it cannot)."""
        self.figures["stays"] += 1
        insured, hospital = admission.insured, admission.facility_code
        if (
            discharge.service_date < EHR_SERVICE_START
            or len(insured.insurer_number) != 8
            or person.insured_on(self.on) != insured
            or not self.adoption.uses("ehr", hospital, _HOSPITALS_SHARING)
        ):
            return
        stay = InpatientStay(
            admitted=admission.service_date, discharged=discharge.service_date,
            diagnosis_code=admission.diagnoses[0].code,
            diagnosis_name=admission.diagnoses[0].name,
        )  # fmt: skip
        stay_id, subject = _stay_id(admission), _subject(person, admission)
        referred = random.Random(f"stay-documents:{self.seed}:{stay_id}").random()
        kinds = [SampleKind.DISCHARGE_SUMMARY]
        if referred < _REFERRAL_SHARE:
            kinds.append(SampleKind.REFERRAL)
        for kind in kinds:
            prefix = "DS" if kind is SampleKind.DISCHARGE_SUMMARY else "RF"
            bundle = inpatient_bundle(kind, subject, stay, unique=f"{prefix}-{stay_id}")
            self._upload(hospital, kind, bundle)

    def _upload(self, hospital: str, kind: SampleKind, bundle: dict[str, Any]) -> None:
        try:
            self.health.upload_bundle(facility_code=hospital, document=bundle)
        except DomainError:
            self.figures["refused"] += 1
            return
        self.bundles[kind.value] = self.bundles.get(kind.value, 0) + 1


def _patient(person: Covered, insured: InsuredRef) -> InsuredPatient:
    return InsuredPatient(
        insurer_number=insured.insurer_number, symbol=insured.symbol, number=insured.number,
        branch=insured.branch, birth_date=person.resident.birth_date,
    )  # fmt: skip


def _dispensed(
    person: Covered, clinic_claim: Claim, pharmacy_claim: Claim
) -> DispensedPrescription:
    drugs = tuple(
        Drug(yj_code=m.code, name=m.name, quantity=m.quantity, unit=m.unit, days=m.days)
        for m in pharmacy_claim.medications
    )
    content = PrescriptionContent(
        facility_code=clinic_claim.facility_code, patient=_patient(person, clinic_claim.insured),
        issued_on=clinic_claim.service_date, drugs=drugs,
    )  # fmt: skip
    return DispensedPrescription(
        content=content, pharmacy_code=pharmacy_claim.facility_code,
        dispensed_on=pharmacy_claim.service_date,
    )  # fmt: skip


def _stay_id(admission: Claim) -> str:
    """Return the stay's part of the Bundle identifier: date and a digest of the patient."""
    insured = admission.insured
    text = f"{insured.insurer_number}:{insured.symbol}:{insured.number}:{insured.branch}"
    digest = hashlib.sha256(text.encode()).hexdigest()[:12].upper()
    return f"{admission.service_date:%Y%m%d}-{digest}"


def _subject(person: Covered, admission: Claim) -> SampleSubject:
    """Return the patient of the Bundle as the hospital knows them (its local id ⚠ the number)."""
    resident, insured, name = person.resident, admission.insured, person.resident.name
    return SampleSubject(
        institution=admission.facility_code, patient_id=insured.number,
        insurer=insured.insurer_number, symbol=insured.symbol, number=insured.number,
        branch=insured.branch, family=name.family, given=name.given,
        family_kana=name.family_kana, given_kana=name.given_kana,
        gender=_GENDERS.get(resident.sex, "unknown"), birth_date=resident.birth_date,
    )  # fmt: skip
