"""符号 issuance (番号法第21条の2) and 符号管理: the network's key derives every agency's 符号.

An agency's 符号 is HMAC-SHA-256(network key, agency id ‖ resident code) in base64url (43
characters ⚠ the real derivation and shape are not public). The network keeps, per 符号, only a
person handle, HMAC-SHA-256(network key, "person" ‖ resident code): it can translate any agency's
符号 to another's, and nobody without the key can, or can go back to the resident code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import Clock
from mynumber.kernel.errors import InvalidInputError, NotFoundError
from mynumber.kernel.upsert import inserted
from mynumber.network.data import IssuedCode
from mynumber.network.models import AgencyRow, CodeRow


class CodeKeys:
    """The network's key and what it derives: 符号 and person handles."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def code(self, agency: str, resident_code: str) -> str:
        """Return an agency's 符号 for a person: 43 base64url characters."""
        digest = hmac.new(self._key, f"{agency}\x1f{resident_code}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")

    def person(self, resident_code: str) -> str:
        """Return the network's handle for a person (64 hex characters)."""
        return hmac.new(
            self._key, f"person\x1f{resident_code}".encode(), hashlib.sha256
        ).hexdigest()


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
    if not CODECS[IdentifierKind.RESIDENT_CODE].is_valid(resident_code):
        raise InvalidInputError(
            "the resident code's check digit is wrong", code="bad_resident_code"
        )
    if session.get(AgencyRow, agency) is None:
        raise NotFoundError(
            f"agency {agency} is not connected to the network", code="agency_unknown"
        )
    code = keys.code(agency, resident_code)
    row = {"agency": agency, "code": code, "person": keys.person(resident_code),
           "issued_at": clock.now()}  # fmt: skip
    inserted(session, cast(Table, CodeRow.__table__), row, "agency", "code")
    return IssuedCode(acquisition_number=acquisition_number, code=code)


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
