"""符号 issuance (番号法第21条の2) and 符号管理: the network's key derives every agency's 符号.

An agency's 符号 is HMAC-SHA-256(network key, agency id ‖ resident code), its first 192 bits in
base64url (32 characters ⚠ the real derivation and shape are not public). The network keeps, per
符号, only a person handle, HMAC-SHA-256(network key, "person" ‖ resident code): it can translate
any agency's 符号 to another's, and nobody without the key can, or can go back to the resident
code. J-LIS asks for 符号 on an agency's behalf (it alone maps a My Number to the resident code).
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import Clock
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.kernel.upsert import insert_if_absent
from mynumber.network.data import IssuedCode
from mynumber.network.models import AgencyRow, CodeRow

_CHUNK = 5_000  # rows per INSERT … ON CONFLICT executemany
_CODES = cast(Table, CodeRow.__table__)


class CodeKeys:
    """The network's key and what it derives: 符号 and person handles."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def code(self, agency: str, resident_code: str) -> str:
        """Return an agency's 符号 for a person: 32 base64url characters."""
        digest = hmac.digest(self._key, f"{agency}\x1f{resident_code}".encode(), "sha256")
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def person(self, resident_code: str) -> str:
        """Return the network's handle for a person (64 hex characters)."""
        return hmac.digest(self._key, f"person\x1f{resident_code}".encode(), "sha256").hex()


def issue_code(
    session: Session,
    keys: CodeKeys,
    clock: Clock,
    *,
    agency: str,
    acquisition_number: str,
    resident_code: str,
) -> IssuedCode:
    """Derive the agency's 符号, keep it with the person handle, and return it with the 取得番号.

    The 取得番号 only travels back with the answer (第21条の2第3項: nobody keeps it); issuing
    again gives the same 符号.
    """
    (issued,) = issue_codes(
        session,
        keys,
        clock,
        agencies=[agency],
        acquisition_numbers=[acquisition_number],
        resident_codes=[resident_code],
    )
    return issued


def issue_codes(
    session: Session,
    keys: CodeKeys,
    clock: Clock,
    *,
    agencies: Sequence[str],
    acquisition_numbers: Sequence[str],
    resident_codes: Sequence[str],
) -> list[IssuedCode]:
    """Issue many 符号 at once, in order, one (agency, 取得番号, resident code) a row: as
    issue_code does each, but kept in a few statements. One bad row refuses them all."""
    if not len(agencies) == len(acquisition_numbers) == len(resident_codes):
        raise InvalidInputError("one agency and one 取得番号 per resident code")
    codec = CODECS[IdentifierKind.RESIDENT_CODE]
    for index, resident_code in enumerate(resident_codes):
        if not codec.is_valid(resident_code):
            raise InvalidInputError(
                "the resident code's check digit is wrong", code="bad_resident_code", item=index
            )
    _refuse_unknown(session, agencies)
    persons = {code: keys.person(code) for code in set(resident_codes)}
    derived = {
        pair: keys.code(*pair) for pair in dict.fromkeys(zip(agencies, resident_codes, strict=True))
    }
    now = clock.now()
    rows = [{"agency": agency, "code": code, "person": persons[resident], "issued_at": now}
            for (agency, resident), code in sorted(derived.items())]  # fmt: skip
    conn = session.connection()  # rows in key order: concurrent batches lock in the same order
    statement = insert_if_absent(conn.dialect.name, _CODES, "agency", "code")
    for start in range(0, len(rows), _CHUNK):
        conn.execute(statement, rows[start : start + _CHUNK])
    return [
        IssuedCode(acquisition_number=acquisition, code=derived[pair])
        for acquisition, pair in zip(
            acquisition_numbers, zip(agencies, resident_codes, strict=True), strict=True
        )
    ]


def _refuse_unknown(session: Session, agencies: Sequence[str]) -> None:
    """Refuse a request from an agency not connected to the network (agency_unknown)."""
    asked = sorted(set(agencies))
    known = set(session.scalars(select(AgencyRow.agency_id).where(AgencyRow.agency_id.in_(asked))))
    for agency in asked:
        if agency not in known:
            raise NotFoundError(
                f"agency {agency} is not connected to the network", code="agency_unknown"
            )


def person_of(session: Session, *, agency: str, code: str) -> str | None:
    """Return the person handle behind an agency's 符号, or None if it was never issued."""
    return session.scalar(
        select(CodeRow.person).where(CodeRow.agency == agency, CodeRow.code == code)
    )


def code_of(session: Session, *, agency: str, person: str) -> str | None:
    """Return the 符号 issued to an agency for a person handle, or None."""
    return session.scalar(
        select(CodeRow.code).where(CodeRow.person == person, CodeRow.agency == agency)
    )


def translate(session: Session, *, from_agency: str, code: str, to_agency: str) -> str | None:
    """Return another agency's 符号 for the person behind one agency's 符号, or None."""
    person = person_of(session, agency=from_agency, code=code)
    return None if person is None else code_of(session, agency=to_agency, person=person)


def codes_held(session: Session, *, person: str) -> dict[str, str]:
    """Return every 符号 issued for a person handle, by agency."""
    rows = session.execute(select(CodeRow.agency, CodeRow.code).where(CodeRow.person == person))
    return {agency: code for agency, code in rows}
