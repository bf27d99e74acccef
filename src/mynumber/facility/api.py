"""The facilities' public surface: the `Facilities` protocol and its in-process implementation.

A facility and each of its terminals are registered with the eligibility system as they are
added; the eligibility system keeps only the terminal's public key and checks every reader
result against it.

A terminal that holds its own key (a remote terminal, the bench's) signs each request it sends to
the eligibility system with `TerminalAuth`, given its id and a `Signer` over that key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from mynumber.eligibility.api import TERMINAL_REGISTRATIONS, ClinicSide, terminal_message
from mynumber.eligibility.data import (
    CardProof,
    CardQuery,
    EligibilityAnswer,
    FacilityRegistration,
    Registration,
    TerminalRegistration,
)
from mynumber.facility import reader, service
from mynumber.facility.data import CardPresentation, Facility, FacilityKind, Terminal
from mynumber.facility.models import SCHEMA, messages_out
from mynumber.facility.signing import Signer, TerminalAuth, signature_headers
from mynumber.jpki.api import Jpki
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.messaging import Outbox
from mynumber.kernel.migrate import Lineage

__all__ = [
    "MIGRATIONS",
    "Facilities",
    "LocalFacilities",
    "Signer",
    "TerminalAuth",
    "signature_headers",
]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class Facilities(Protocol):
    """Facilities, their terminals, and the card readers at their receptions."""

    def add_facility(self, *, facility: Facility) -> None:
        """Record a facility and register it with the eligibility system."""
        ...

    def list_facilities(
        self, *, kind: FacilityKind | None = None, prefecture_code: str | None = None
    ) -> list[Facility]:
        """Return the facilities by code, of one kind or prefecture if given."""
        ...

    def get(self, *, code: str) -> Facility:
        """Return the facility with this code, or refuse."""
        ...

    @property
    def outbox(self) -> Outbox:
        """Return the outbox of the facilities' messages (their new terminals' public keys)."""
        ...

    def add_terminal(self, *, facility_code: str) -> Terminal:
        """Give a facility a new terminal with its own key; send the public key to the
        eligibility system (TERMINAL_REGISTRATIONS) in the same transaction."""
        ...

    def terminals(self, *, facility_code: str) -> list[Terminal]:
        """Return a facility's terminals by id."""
        ...

    def revoke_terminal(self, *, terminal_id: str) -> None:
        """Revoke a terminal with the eligibility system (a stolen or retired device)."""
        ...

    def terminal(self, *, terminal_id: str) -> Terminal:
        """Return the terminal with this id, or refuse (NotFoundError; 401 `terminal_revoked`
        once revoked)."""
        ...

    def sign(self, *, terminal_id: str, payload: bytes) -> bytes:
        """Return the terminal's Ed25519 signature over payload."""
        ...

    def read_card(
        self, *, terminal_id: str, presentation: CardPresentation, visit_date: dt.date | None = None
    ) -> CardQuery:
        """Read a card at a terminal's reader; return the signed check by card it would send.

        PIN: the card signs a fresh challenge. Face: no card signature; the reader reports
        face_matches, or a staff visual check (method visual) when staff_confirms after a
        failed match. The visit date defaults to today in Japan.
        """
        ...

    def check_card(
        self,
        *,
        terminal_id: str,
        presentation: CardPresentation,
        visit_date: dt.date | None = None,
        operator: str = "",
    ) -> EligibilityAnswer:
        """Read a card at a terminal's reader and ask the eligibility system; return its answer
        (operator: the staff account at the terminal, for the person's access record)."""
        ...

    def register_card(self, *, terminal_id: str, presentation: CardPresentation) -> Registration:
        """利用登録 at a terminal's reader: the holder proves the card as for a check (PIN, or
        face / staff by eye with the reader's signed result; consent is not asked); return the
        registration."""
        ...

    def unregister_card(self, *, terminal_id: str, presentation: CardPresentation) -> Registration:
        """登録解除 at a terminal's reader, on the same proof as `register_card`."""
        ...


class LocalFacilities:
    """The facilities in this process, on their schema of the instance database."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        keys: Mapping[str, bytes],
        eligibility: ClinicSide,
        jpki: Jpki,
    ) -> None:
        self._db, self._clock = database, clock
        self._eligibility, self._jpki = eligibility, jpki
        self._seal_key = keys["terminal_keys"]  # terminals' private keys are kept sealed
        self.outbox = Outbox(database=database, table=messages_out, clock=clock)

    def add_facility(self, *, facility: Facility) -> None:
        with self._db.unit_of_work() as uow:
            service.add_facility(uow.session, facility=facility, now=self._clock.now())
            uow.session.flush()  # a duplicate is refused before the eligibility system hears
            # Refused there, the facility is not recorded here either.
            self._eligibility.register_facility(
                facility=FacilityRegistration(
                    code=facility.code, kind=facility.kind, name=facility.name
                )
            )

    def list_facilities(
        self, *, kind: FacilityKind | None = None, prefecture_code: str | None = None
    ) -> list[Facility]:
        with self._db.unit_of_work() as uow:
            return service.list_facilities(uow.session, kind=kind, prefecture_code=prefecture_code)

    def get(self, *, code: str) -> Facility:
        with self._db.unit_of_work() as uow:
            return service.get_facility(uow.session, code=code)

    def add_terminal(self, *, facility_code: str) -> Terminal:
        with self._db.unit_of_work() as uow:
            terminal = service.add_terminal(
                uow.session,
                facility_code=facility_code,
                now=self._clock.now(),
                seal_key=self._seal_key,
            )
            registration = TerminalRegistration(
                terminal_id=terminal.terminal_id,
                facility_code=terminal.facility_code,
                public_key=terminal.public_key,
            )
            self.outbox.send(
                uow.session, topic=TERMINAL_REGISTRATIONS, body=terminal_message(registration)
            )
        return terminal

    def terminals(self, *, facility_code: str) -> list[Terminal]:
        with self._db.unit_of_work() as uow:
            return service.terminals(uow.session, facility_code=facility_code)

    def revoke_terminal(self, *, terminal_id: str) -> None:
        with self._db.unit_of_work() as uow:  # refuses a terminal not of this instance
            service.terminal(uow.session, terminal_id=terminal_id)
        self._eligibility.revoke_terminal(terminal_id=terminal_id)

    def terminal(self, *, terminal_id: str) -> Terminal:
        with self._db.unit_of_work() as uow:
            terminal = service.terminal(uow.session, terminal_id=terminal_id)
        self._eligibility.check_terminal(terminal_id=terminal_id)  # refuses a revoked one
        return terminal

    def sign(self, *, terminal_id: str, payload: bytes) -> bytes:
        with self._db.unit_of_work() as uow:
            return service.sign(
                uow.session, terminal_id=terminal_id, payload=payload, seal_key=self._seal_key
            )

    def read_card(
        self, *, terminal_id: str, presentation: CardPresentation, visit_date: dt.date | None = None
    ) -> CardQuery:
        terminal, proof = self._prove_card(terminal_id, presentation)
        return reader.card_query(
            proof,
            facility_code=terminal.facility_code,
            visit_date=visit_date or today_in_japan(self._clock),
            home_visits_until=presentation.home_visits_until,
        )

    def check_card(
        self,
        *,
        terminal_id: str,
        presentation: CardPresentation,
        visit_date: dt.date | None = None,
        operator: str = "",
    ) -> EligibilityAnswer:
        query = self.read_card(
            terminal_id=terminal_id, presentation=presentation, visit_date=visit_date
        )
        named = query.model_copy(update={"operator": operator})
        return self._eligibility.verify_by_card(query=named)

    def _prove_card(
        self, terminal_id: str, presentation: CardPresentation
    ) -> tuple[Terminal, CardProof]:
        """Return the terminal, and its reader's proof of the card on a fresh challenge."""
        with self._db.unit_of_work() as uow:
            terminal = service.terminal(uow.session, terminal_id=terminal_id)
        proof = reader.prove(
            jpki=self._jpki,
            terminal=terminal,
            presentation=presentation,
            challenge=self._eligibility.new_challenge(),
            now=self._clock.now(),
            sign=lambda payload: self.sign(terminal_id=terminal_id, payload=payload),
        )
        return terminal, proof

    def register_card(self, *, terminal_id: str, presentation: CardPresentation) -> Registration:
        _, proof = self._prove_card(terminal_id, presentation)
        return self._eligibility.register_card(proof=proof)

    def unregister_card(self, *, terminal_id: str, presentation: CardPresentation) -> Registration:
        _, proof = self._prove_card(terminal_id, presentation)
        return self._eligibility.unregister_card(proof=proof)
