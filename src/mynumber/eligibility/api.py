"""The eligibility system's public surface: the `Eligibility` protocol and its implementation.

Insurers report memberships under the eligibility system's agency code, obtained through the
registry's code service at enrolment; the My Number never reaches this subsystem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from mynumber.eligibility import registration, service
from mynumber.eligibility.answers import refusal
from mynumber.eligibility.data import (
    AccessRecord,
    CardAuthentication,
    CardQuery,
    EligibilityAnswer,
    MembershipRecord,
    NumberQuery,
    Registration,
)
from mynumber.eligibility.models import SCHEMA, RegistrationRow, access_heads, access_records
from mynumber.jpki.api import Jpki
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError, DomainError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.migrate import Lineage

__all__ = ["AGENCY", "MIGRATIONS", "Eligibility", "LocalEligibility"]

AGENCY = "eligibility"  # the agency id under which the code service derives its codes
MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


class Eligibility(Protocol):
    """Memberships by agency code, lifetime history, and verification."""

    def record_membership(self, *, subject: str, record: MembershipRecord) -> None:
        """Store a membership an insurer reports for the person behind subject."""
        ...

    def record_loss(
        self, *, insurer_number: str, membership_id: str, valid_to: dt.date, reason: str
    ) -> None:
        """Close a membership on its last day of coverage."""
        ...

    def history(self, *, subject: str) -> list[MembershipRecord]:
        """Return the person's memberships, oldest first."""
        ...

    def verify_by_number(self, *, query: NumberQuery) -> EligibilityAnswer:
        """Answer a check by insured number for a visit date; the read is recorded."""
        ...

    def access_records(self, *, subject: str) -> list[AccessRecord]:
        """Return every read of the person's data, oldest first."""
        ...

    def new_challenge(self) -> bytes:
        """Return a fresh single-use challenge for a card to sign at the reader."""
        ...

    def register_card(self, *, authentication: CardAuthentication) -> Registration:
        """利用登録: after J-LIS verifies the card, use it as the holder's insurance card."""
        ...

    def unregister_card(self, *, authentication: CardAuthentication) -> Registration:
        """登録解除: stop answering for this holder's card; the number path still works."""
        ...

    def registration(self, *, subject: str) -> Registration:
        """Return whether the person's card is registered."""
        ...

    def verify_by_card(self, *, query: CardQuery) -> EligibilityAnswer:
        """Answer a check by card: J-LIS verifies it, then memberships on the visit date."""
        ...

    def verify_access_log(self, *, subject: str) -> list[str]:
        """Return the problems found in the person's access log; empty if intact."""
        ...


class LocalEligibility:
    """The eligibility system in this process, on its schema of the instance database."""

    def __init__(
        self, *, database: Database, clock: Clock, keys: Mapping[str, bytes], jpki: Jpki
    ) -> None:
        self._db, self._jpki = database, jpki
        log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._ctx = service.Context(clock=clock, access_log=log)
        self._relying_party_ready = False

    def new_challenge(self) -> bytes:
        self._ensure_relying_party()
        return self._jpki.new_challenge(relying_party=AGENCY).value

    def register_card(self, *, authentication: CardAuthentication) -> Registration:
        subject = self._holder(authentication)
        with self._db.unit_of_work() as uow:
            return registration.register(uow.session, self._ctx, subject=subject)

    def unregister_card(self, *, authentication: CardAuthentication) -> Registration:
        subject = self._holder(authentication)
        with self._db.unit_of_work() as uow:
            return registration.unregister(uow.session, self._ctx, subject=subject)

    def registration(self, *, subject: str) -> Registration:
        with self._db.unit_of_work() as uow:
            return registration.to_registration(uow.session.get(RegistrationRow, subject))

    def verify_by_card(self, *, query: CardQuery) -> EligibilityAnswer:
        service.check_facility(query.facility_code)
        try:
            subject = self._holder(query.authentication)
        except DomainError as refused:
            # A refused card reveals nothing; J-LIS keeps the record of the attempt.
            return refusal(
                self._ctx.clock, reference="1", code=refused.code, message=refused.reason
            )
        with self._db.unit_of_work() as uow:
            return registration.verify_subject(
                uow.session,
                self._ctx,
                subject=subject,
                facility=query.facility_code,
                visit=query.visit_date,
            )

    def _holder(self, authentication: CardAuthentication) -> str:
        """Return the eligibility code of the card's holder, once J-LIS has verified the card."""
        self._ensure_relying_party()
        verified = self._jpki.verify_authentication(
            certificate=authentication.certificate,
            challenge=authentication.challenge,
            signature=authentication.signature,
            relying_party=AGENCY,
        )
        return self._jpki.resolve_serial(serial=verified.serial, relying_party=AGENCY).agency_code

    def _ensure_relying_party(self) -> None:
        if self._relying_party_ready:
            return
        with contextlib.suppress(ConflictError):  # registered by an earlier process
            self._jpki.register_relying_party(party=AGENCY, may_resolve=True)
        self._relying_party_ready = True

    def record_membership(self, *, subject: str, record: MembershipRecord) -> None:
        with self._db.unit_of_work() as uow:
            service.record_membership(uow.session, self._ctx, subject=subject, record=record)

    def record_loss(
        self, *, insurer_number: str, membership_id: str, valid_to: dt.date, reason: str
    ) -> None:
        with self._db.unit_of_work() as uow:
            service.record_loss(
                uow.session,
                insurer_number=insurer_number,
                membership_id=membership_id,
                valid_to=valid_to,
                reason=reason,
            )

    def history(self, *, subject: str) -> list[MembershipRecord]:
        with self._db.unit_of_work() as uow:
            return service.history(uow.session, subject=subject)

    def verify_by_number(self, *, query: NumberQuery) -> EligibilityAnswer:
        with self._db.unit_of_work() as uow:
            return service.verify_by_number(uow.session, self._ctx, query=query)

    def access_records(self, *, subject: str) -> list[AccessRecord]:
        with self._db.unit_of_work() as uow:
            return service.access_records(uow.session, self._ctx, subject=subject)

    def verify_access_log(self, *, subject: str) -> list[str]:
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.verify(uow.session, stream=subject)
