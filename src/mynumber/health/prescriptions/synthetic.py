"""Synthetic prescriptions already dispensed, stored in bulk as the service stores them
(合成データ用の電子処方箋・調剤結果の一括登録), for the synthetic population.

Each is kept as `prescribe` and `dispense` would keep it: the content as JSON with a detached CMS
SignedData over its `signed_bytes()` (real RSA, verifiable by `verify_detached`), a 処方箋ID and
引換番号, status 調剤済, one dispensing at the pharmacy, and both steps in the patient's access
log. ⚠ Departures from the real flow, for speed: one synthetic prescriber (合成処方医) per
service instance, whose key the platform holds and signs with, with an HPKI certificate from the
platform's CA on it (no My Number card, no J-LIS check); no coverage question to the eligibility
system (the claims it accepted show the patient covered that day) and no 重複投薬等チェック.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from cryptography.x509.oid import NameOID
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import insert

from mynumber.health.data import PractitionerRole, PrescriptionContent, PrescriptionStatus
from mynumber.health.models import DispensingRow, PractitionerRow, PrescriptionRow
from mynumber.health.prescriptions import service
from mynumber.health.prescriptions.checks import last_day
from mynumber.health.prescriptions.hpki import HpkiAuthority
from mynumber.health.prescriptions.signatures import key_digest
from mynumber.kernel.db import Database
from mynumber.kernel.fields import JsonDate

__all__ = [
    "SYNTHETIC_PRESCRIBER",
    "DispensedPrescription",
    "SyntheticPrescriptions",
    "SyntheticReceipt",
]

SYNTHETIC_PRESCRIBER = "合成 処方医"
_OPTIONS = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.NoCapabilities]


class DispensedPrescription(BaseModel):
    """A prescription as its clinic would have sent it, and the pharmacy's dispensing of it."""

    model_config = ConfigDict(frozen=True)
    content: PrescriptionContent
    pharmacy_code: str = Field(pattern=r"^\d{10}$", description="薬局コード")
    dispensed_on: JsonDate


class SyntheticReceipt(BaseModel):
    """What a batch stored."""

    model_config = ConfigDict(frozen=True)
    prescriptions: int
    dispensings: int
    prescriber: str = Field(description="the synthetic prescriber's practitioner id")


class _Prescriber:
    """The synthetic prescriber: an RSA key, a self-made certificate on it, the HPKI one."""

    def __init__(self, hpki: HpkiAuthority, now: dt.datetime) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SYNTHETIC_PRESCRIBER)])
        self.certificate = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(self.key.public_key()).serial_number(uuid.uuid4().int >> 1)
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
            .sign(self.key, hashes.SHA256())
        )  # fmt: skip
        self.hpki = hpki.issue(
            card=self.certificate, name=SYNTHETIC_PRESCRIBER, role=PractitionerRole.DOCTOR, now=now
        )
        self.practitioner_id = str(uuid.uuid4())

    def sign(self, content: bytes) -> bytes:
        """Return a detached CMS SignedData over content (SHA-256, RSA PKCS#1 v1.5)."""
        builder = pkcs7.PKCS7SignatureBuilder().set_data(content)
        builder = builder.add_signer(self.certificate, self.key, hashes.SHA256())
        return builder.sign(Encoding.DER, _OPTIONS)

    def row(self, now: dt.datetime) -> PractitionerRow:
        return PractitionerRow(
            practitioner_id=self.practitioner_id, name=SYNTHETIC_PRESCRIBER,
            role=PractitionerRole.DOCTOR.value, license_number="0",
            key_digest=key_digest(self.certificate),
            certificate=self.hpki.public_bytes(Encoding.DER), registered_at=now,
        )  # fmt: skip


class SyntheticPrescriptions:
    """The bulk path for synthetic prescriptions and their dispensings (see the module)."""

    def __init__(self, database: Database, ctx: service.Context, hpki: HpkiAuthority) -> None:
        self._db, self._ctx, self._hpki = database, ctx, hpki
        self._prescriber: _Prescriber | None = None

    def record_dispensed(self, *, batch: Sequence[DispensedPrescription]) -> SyntheticReceipt:
        """Store these prescriptions, each dispensed once, in one unit of work (all or none)."""
        now = self._ctx.clock.now()
        with self._db.unit_of_work() as uow:
            prescriber = self._prescriber
            if prescriber is None:
                prescriber = _Prescriber(self._hpki, now)
                uow.session.add(prescriber.row(now))
                uow.session.flush()
            prescriptions, dispensings, entries = [], [], []
            for one in batch:
                rows = self._rows(one, prescriber, now)
                prescriptions.append(rows[0])
                dispensings.append(rows[1])
                entries += _log_entries(rows[0], rows[1])
            if batch:
                uow.session.execute(insert(PrescriptionRow), prescriptions)
                uow.session.execute(insert(DispensingRow), dispensings)
                self._ctx.log.append_many(uow.session, entries=entries, at=now)
        self._prescriber = prescriber  # kept once its row is committed
        return SyntheticReceipt(
            prescriptions=len(batch), dispensings=len(batch),
            prescriber=prescriber.practitioner_id,
        )  # fmt: skip

    def _rows(
        self, one: DispensedPrescription, prescriber: _Prescriber, now: dt.datetime
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        content = one.content
        key = service.patient_key(self._ctx, content.patient)
        prescription_id = str(uuid.uuid4())
        prescription = {
            "prescription_id": prescription_id,
            "exchange_number": f"{secrets.randbelow(1_000_000):06d}",
            "patient_key": key, "facility_code": content.facility_code,
            "practitioner_id": prescriber.practitioner_id, "issued_on": content.issued_on,
            "last_day": last_day(content.issued_on, content.drugs, content.uses),
            "content": content.model_dump_json(),
            "signature": prescriber.sign(content.signed_bytes()),
            "status": PrescriptionStatus.DISPENSED.value, "uses": 1, "uses_left": 0,
            "received_by": None, "registered_at": now,
        }  # fmt: skip
        drugs = [d.model_dump(mode="json") for d in content.drugs]
        dispensing = {
            "dispensing_id": str(uuid.uuid4()), "prescription_id": prescription_id,
            "patient_key": key, "facility_code": one.pharmacy_code,
            "dispensed_on": one.dispensed_on, "last_day": last_day(one.dispensed_on, content.drugs),
            "use": 1, "drugs": json.dumps(drugs, ensure_ascii=False), "recorded_at": now,
        }  # fmt: skip
        return prescription, dispensing


def _log_entries(
    prescription: dict[str, Any], dispensing: dict[str, Any]
) -> list[tuple[str, dict[str, str]]]:
    """Return the access-log records `prescribe` and `dispense` would have written."""
    key, ident = prescription["patient_key"], prescription["prescription_id"]
    return [
        (key, {"facility": prescription["facility_code"], "action": "prescribe",
               "outcome": f"registered:{ident}; check:synthetic"}),
        (key, {"facility": dispensing["facility_code"], "action": "dispense",
               "outcome": f"recorded:{ident}#1"}),
    ]  # fmt: skip
