"""The card path in this process: the one check of a card's holder (reader result, then J-LIS),
for 利用登録, 登録解除 and verification by card."""

from __future__ import annotations

import contextlib

from mynumber.eligibility.callers.facilities import check_facility_code
from mynumber.eligibility.callers.readers import check_reader
from mynumber.eligibility.data import (
    AGENCY,
    SIMPLE_MODE_KINDS,
    CardProof,
    CardQuery,
    EligibilityAnswer,
    Registration,
)
from mynumber.eligibility.data.messages import CANCELLATIONS, CancellationNotice
from mynumber.eligibility.local.state import LocalState
from mynumber.eligibility.memberships.coverage import current_refs
from mynumber.eligibility.registration import register, unregister
from mynumber.eligibility.verification.answers import refusal
from mynumber.eligibility.verification.by_card import CardCheck, verify_subject
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import ConflictError, DomainError

__all__ = ["LocalCards"]


class LocalCards(LocalState):
    """Card registration and verification by card."""

    def new_challenge(self) -> bytes:
        self._ensure_relying_party()
        return self._jpki.new_challenge(relying_party=AGENCY).value

    def register_card(self, *, proof: CardProof) -> Registration:
        subject = self._registrant(proof)
        with self._db.unit_of_work() as uow:
            return register(uow.session, self._ctx, subject=subject)

    def unregister_card(self, *, proof: CardProof) -> Registration:
        subject = self._registrant(proof)
        with self._db.unit_of_work() as uow:
            state = unregister(uow.session, self._ctx, subject=subject)
            today = today_in_japan(self._ctx.clock)
            refs = current_refs(uow.session, subject=subject, on=today)
            notice = CancellationNotice(memberships=tuple(refs))
            self.outbox.send(uow.session, topic=CANCELLATIONS, body=notice.model_dump(mode="json"))
        return state

    def verify_by_card(self, *, query: CardQuery) -> EligibilityAnswer:
        check_facility_code(query.facility_code)
        try:
            facility = self._callers.facility(query.facility_code)
            subject = self._holder(query)
        except DomainError as refused:
            # A refused card reveals nothing; J-LIS keeps the record of the attempt.
            return refusal(
                self._ctx.clock, reference="1", code=refused.code, message=refused.reason
            )
        reader = query.reader
        scopes = reader.consent if reader else query.consent
        check = CardCheck(
            facility=query.facility_code,
            visit=query.visit_date,
            terminal=reader.terminal_id if reader else "",
            operator=query.operator,
            consent=None if facility.kind in SIMPLE_MODE_KINDS else scopes,
        )
        with self._db.unit_of_work() as uow:
            return verify_subject(uow.session, self._ctx, subject=subject, check=check)

    def _registrant(self, proof: CardProof) -> str:
        """Return the holder proving their card for 利用登録 or 登録解除, at a registered
        facility or (no facility) with their own PIN."""
        if proof.facility_code is not None:
            self._callers.facility(proof.facility_code)
        return self._holder(proof)

    def _holder(self, proof: CardProof) -> str:
        """Return the eligibility code of the card's holder, once the holder is proved present.

        The one check of a card for every use: the card's signature or the facility's reader
        result (`callers.readers.check_reader`), then J-LIS's verification of the card.
        """
        check_reader(proof, self._ctx.clock.now(), self._callers.terminal)
        self._ensure_relying_party()
        authentication = proof.authentication
        if authentication.signature is None:
            verified = self._jpki.verify_certificate(
                certificate=authentication.certificate,
                challenge=authentication.challenge,
                relying_party=AGENCY,
            )
        else:
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
