"""Terminals and their keys, and the virtual card reader on the PIN and face paths."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError
from sqlalchemy import select

from mynumber.app import System
from mynumber.eligibility.data import ConsentScope, FacilityKind, ReaderMethod
from mynumber.eligibility.models import TerminalRow as EligibilityTerminalRow
from mynumber.facility.data import CardPresentation, Facility
from mynumber.jpki.data import PinError, PinKind
from mynumber.kernel.errors import ConflictError, InvalidInputError, NotFoundError

from .helpers import CLINIC, clinic_with_terminal, resident_with_card, verifies


def test_add_terminal_registers_its_public_key_with_eligibility(system: System) -> None:
    first = clinic_with_terminal(system)
    second = system.facilities.add_terminal(facility_code=CLINIC.code)
    assert (first.terminal_id, second.terminal_id) == (
        f"{CLINIC.code}-T01",
        f"{CLINIC.code}-T02",
    )
    assert len(first.public_key) == 32 and first.public_key != second.public_key
    assert system.facilities.terminals(facility_code=CLINIC.code) == [first, second]
    assert [f.code for f in system.eligibility.facilities()] == [CLINIC.code]
    with system.database.connection() as conn:
        registered = dict(
            conn.execute(
                select(EligibilityTerminalRow.terminal_id, EligibilityTerminalRow.public_key)
            ).all()
        )
    assert registered == {
        first.terminal_id: first.public_key,
        second.terminal_id: second.public_key,
    }


def test_a_terminal_signs_with_the_key_it_registered(system: System) -> None:
    terminal = clinic_with_terminal(system)
    signature = system.facilities.sign(terminal_id=terminal.terminal_id, payload=b"hello")
    Ed25519PublicKey.from_public_bytes(terminal.public_key).verify(signature, b"hello")
    with pytest.raises(NotFoundError):
        system.facilities.sign(terminal_id="no-such-terminal", payload=b"hello")


def test_unknown_facilities_duplicates_and_bad_codes_are_refused(system: System) -> None:
    with pytest.raises(NotFoundError):
        system.facilities.add_terminal(facility_code=CLINIC.code)
    clinic_with_terminal(system)
    with pytest.raises(ConflictError):
        system.facilities.add_facility(facility=CLINIC)
    with pytest.raises(ValidationError):
        Facility(code=CLINIC.code[:-1] + str((int(CLINIC.code[-1]) + 1) % 10),
                 kind=FacilityKind.CLINIC, name="x")  # fmt: skip
    assert system.facilities.list_facilities() == [CLINIC]
    assert CLINIC.prefecture_code == "13"
    assert Facility.model_validate(CLINIC.model_dump()) == CLINIC
    with pytest.raises(ValidationError):
        Facility(code=CLINIC.code, kind=FacilityKind.CLINIC, name="x", prefecture_code="14")


def test_the_pin_path_has_the_card_sign_and_the_terminal_sign_the_result(system: System) -> None:
    terminal = clinic_with_terminal(system)
    _resident, card_id, pin = resident_with_card(system)
    query = system.facilities.read_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(
            card_id=card_id,
            method=ReaderMethod.PIN,
            pin=pin,
            consent=(ConsentScope.MEDICATION, ConsentScope.MEDICATION, ConsentScope.CHECKUP),
        ),
    )
    reader, auth = query.reader, query.authentication
    assert reader is not None and auth.signature is not None
    certificate = system.jpki.read_certificates(card_id=card_id).auth
    assert auth.certificate == certificate
    assert reader.certificate_digest == hashlib.sha256(certificate).hexdigest()
    assert reader.challenge == auth.challenge and len(auth.challenge) >= 16
    assert (reader.method, reader.matched) == (ReaderMethod.PIN, True)
    assert reader.consent == (ConsentScope.MEDICATION, ConsentScope.CHECKUP)
    assert reader.signed_at == system.clock.now().replace(microsecond=0)
    assert query.facility_code == CLINIC.code and query.visit_date.isoformat() == "2026-11-22"
    assert verifies(terminal, reader)
    assert not verifies(terminal, reader.model_copy(update={"matched": False}))


@pytest.mark.parametrize(
    ("face_matches", "staff_confirms", "method", "matched"),
    [
        (True, False, ReaderMethod.FACE, True),
        (False, True, ReaderMethod.VISUAL, True),
        (False, False, ReaderMethod.FACE, False),
    ],
)
def test_the_face_path_sends_no_card_signature_and_reports_the_match(
    system: System,
    face_matches: bool,
    staff_confirms: bool,
    method: ReaderMethod,
    matched: bool,
) -> None:
    terminal = clinic_with_terminal(system)
    _resident, card_id, _pin = resident_with_card(system)
    query = system.facilities.read_card(
        terminal_id=terminal.terminal_id,
        presentation=CardPresentation(
            card_id=card_id,
            method=ReaderMethod.FACE,
            face_matches=face_matches,
            staff_confirms=staff_confirms,
        ),
    )
    assert query.authentication.signature is None and query.reader is not None
    assert (query.reader.method, query.reader.matched) == (method, matched)
    assert query.reader.consent == ()
    assert verifies(terminal, query.reader)


def test_the_pin_path_needs_the_right_pin(system: System) -> None:
    terminal = clinic_with_terminal(system)
    _resident, card_id, pin = resident_with_card(system)
    with pytest.raises(InvalidInputError):
        system.facilities.read_card(
            terminal_id=terminal.terminal_id,
            presentation=CardPresentation(card_id=card_id, method=ReaderMethod.PIN),
        )
    with pytest.raises(PinError):
        system.facilities.read_card(
            terminal_id=terminal.terminal_id,
            presentation=CardPresentation(
                card_id=card_id, method=ReaderMethod.PIN, pin="0000" if pin != "0000" else "1111"
            ),
        )
    # The card counted the wrong PIN, as a real card would.
    assert system.jpki.card(card_id=card_id).pin_tries_left[PinKind.AUTH] == 2
