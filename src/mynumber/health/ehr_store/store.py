"""The Bundle store's rules on the `health` schema: whose a Bundle is, its versions, reading.

The patient is the Patient resource's 被保険者識別子 (`保険者番号:記号:番号:枝番`, system
`JP_Insurance_memberID`) with its birthDate; the sender is the bundle identifier's first part,
the 医療機関番号 (`<医療機関番号>^<年>^<施設内ID>`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.health.data import InsuredPatient
from mynumber.health.ehr.codes import INSURED_ID_SYSTEM
from mynumber.health.ehr_store.records import StoredBundle
from mynumber.health.models import EhrBundleRow, EhrBundleVersionRow
from mynumber.kernel.errors import InvalidInputError

__all__ = ["Incoming", "latest_for", "parse", "patient_of", "save", "stored", "version_of"]

Json = dict[str, Any]


def parse(document: Mapping[str, Any] | bytes) -> tuple[Json, str]:
    """Return a valid Bundle as a dict and as the text to keep (the bytes as sent)."""
    if isinstance(document, bytes | bytearray):
        text = bytes(document).decode("utf-8")
        return json.loads(text), text
    return dict(document), json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def patient_of(bundle: Mapping[str, Any]) -> InsuredPatient:
    """Return the patient a Bundle is about, from its Patient resource (422
    `patient_unidentified` without one 被保険者識別子 and a birth date)."""
    for entry in bundle.get("entry") or ():
        resource = (entry.get("resource") or {}) if isinstance(entry, dict) else {}
        if resource.get("resourceType") != "Patient":
            continue
        values = [
            i.get("value", "") for i in resource.get("identifier") or ()
            if isinstance(i, dict) and i.get("system") == INSURED_ID_SYSTEM
        ]  # fmt: skip
        parts = values[0].split(":") if len(values) == 1 else []
        try:
            insurer, symbol, number, branch = parts
            return InsuredPatient(
                insurer_number=insurer, symbol=symbol, number=number, branch=branch,
                birth_date=resource.get("birthDate"),
            )  # fmt: skip
        except (ValueError, ValidationError):
            break
    raise InvalidInputError(
        "the Bundle's Patient needs one 被保険者識別子 (保険者番号:記号:番号:枝番) and a "
        "birthDate", code="patient_unidentified",
    )  # fmt: skip


class Incoming:
    """A valid Bundle on its way in: who sent it, about whom, what it is."""

    def __init__(
        self, *, bundle: Json, text: str, facility_code: str, key: str, insurer_number: str,
        bundle_type: str, category: str,
    ) -> None:  # fmt: skip
        self.bundle, self.text, self.facility_code = bundle, text, facility_code
        self.key, self.insurer_number = key, insurer_number
        self.bundle_type, self.category = bundle_type, category

    @property
    def identifier(self) -> str:
        """Return the bundle identifier (Bundle.identifier.value)."""
        return str(self.bundle["identifier"]["value"])


def save(session: Session, incoming: Incoming, now: dt.datetime) -> EhrBundleRow:
    """Store a Bundle as the next version under its identifier; return the head row."""
    head = session.scalars(
        select(EhrBundleRow).where(EhrBundleRow.identifier == incoming.identifier)
        .with_for_update()
    ).one_or_none()  # fmt: skip
    version = head.version + 1 if head else 1
    session.add(
        EhrBundleVersionRow(
            identifier=incoming.identifier, version=version, patient_key=incoming.key,
            content=incoming.text, received_at=now,
        )
    )  # fmt: skip
    if head is None:
        head = EhrBundleRow(identifier=incoming.identifier)
        session.add(head)
    head.facility_code, head.patient_key = incoming.facility_code, incoming.key
    head.insurer_number, head.bundle_type = incoming.insurer_number, incoming.bundle_type
    head.category, head.version = incoming.category, version
    head.content, head.received_at = incoming.text, now
    return head


def latest_for(session: Session, key: str, category: str | None) -> list[EhrBundleRow]:
    """Return the latest version of each of the patient's Bundles, oldest first."""
    query = select(EhrBundleRow).where(EhrBundleRow.patient_key == key)
    if category is not None:
        query = query.where(EhrBundleRow.category == category)
    return list(session.scalars(query.order_by(EhrBundleRow.received_at)))


def version_of(session: Session, head: EhrBundleRow, version: int | None) -> StoredBundle | None:
    """Return a version of a stored Bundle (the latest if None), or None if there is none."""
    if version is None or version == head.version:
        return stored(head)
    row = session.get(EhrBundleVersionRow, (head.identifier, version))
    if row is None:
        return None
    return stored(head, content=row.content, version=row.version, at=row.received_at)


def stored(
    head: EhrBundleRow, *, content: str | None = None, version: int | None = None,
    at: dt.datetime | None = None,
) -> StoredBundle:  # fmt: skip
    """Return a stored Bundle: the head's latest version, or the version given."""
    return StoredBundle(
        identifier=head.identifier, version=version or head.version, versions=head.version,
        facility_code=head.facility_code, bundle_type=head.bundle_type, category=head.category,
        received_at=at or head.received_at, bundle=json.loads(content or head.content),
    )  # fmt: skip
