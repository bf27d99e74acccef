"""符号 issuance (番号法第21条の2) and 符号管理: the network's key derives every agency's 符号.

An agency's 符号 is HMAC-SHA-256(network key, agency id ‖ resident code), its first 192 bits in
base64url (32 characters ⚠ the real derivation and shape are not public). The network keeps, per
符号, only a person handle, HMAC-SHA-256(network key, "person" ‖ resident code): it can translate
any agency's 符号 to another's, and nobody without the key can, or can go back to the resident
code. J-LIS asks for 符号 on an agency's behalf (it alone maps a My Number to the resident code).
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
from collections.abc import Iterable, Sequence
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
        agency=agency,
        acquisition_numbers=[acquisition_number],
        resident_codes=[resident_code],
    )
    return issued


def issue_codes(
    session: Session,
    keys: CodeKeys,
    clock: Clock,
    *,
    agency: str,
    acquisition_numbers: Sequence[str],
    resident_codes: Sequence[str],
) -> list[IssuedCode]:
    """Issue one agency's 符号 for many people at once, in order: as issue_code does, row by row,
    but kept in one statement. One bad resident code refuses them all, naming its position."""
    if len(acquisition_numbers) != len(resident_codes):
        raise InvalidInputError("one 取得番号 per resident code")
    codec = CODECS[IdentifierKind.RESIDENT_CODE]
    for index, resident_code in enumerate(resident_codes):
        if not codec.is_valid(resident_code):
            raise InvalidInputError(
                "the resident code's check digit is wrong", code="bad_resident_code", item=index
            )
    if session.get(AgencyRow, agency) is None:
        raise NotFoundError(
            f"agency {agency} is not connected to the network", code="agency_unknown"
        )
    now = clock.now()
    derived = {
        resident_code: (keys.code(agency, resident_code), keys.person(resident_code))
        for resident_code in dict.fromkeys(resident_codes)
    }
    _keep(session, agency, derived.values(), now)
    return [
        IssuedCode(acquisition_number=acquisition, code=derived[resident_code][0])
        for acquisition, resident_code in zip(acquisition_numbers, resident_codes, strict=True)
    ]


def _keep(
    session: Session, agency: str, codes: Iterable[tuple[str, str]], now: dt.datetime
) -> None:
    """Keep (符号, person handle) pairs of one agency; pairs kept already stay as they are."""
    conn = session.connection()
    table = cast(Table, CodeRow.__table__)
    statement = insert_if_absent(conn.dialect.name, table, "agency", "code")
    rows = [{"agency": agency, "code": code, "person": person, "issued_at": now}
            for code, person in codes]  # fmt: skip
    for start in range(0, len(rows), _CHUNK):
        conn.execute(statement, rows[start : start + _CHUNK])


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
