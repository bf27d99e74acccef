"""The card path in this process: the one check of a card's holder (reader result, then J-LIS),
for 利用登録, 登録解除 and verification by card.

J-LIS always verifies the card (chain, revocation, the challenge and the card's or the reader's
signature). Who holds it, J-LIS says on every check under the safeguarded policy; under the real
rules (`registration_links_serial`) the registration's stored serial says it, and J-LIS is asked
only for a serial no registration holds: a card not registered, or a certificate that replaced
a registered one (the registration then follows it, through J-LIS's serial history).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from mynumber.eligibility import registration
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
from mynumber.eligibility.medical.home_visits import home_consent_until
from mynumber.eligibility.memberships.coverage import current_refs
from mynumber.eligibility.verification.answers import refusal
from mynumber.eligibility.verification.by_card import CardCheck, verify_subject
from mynumber.jpki.data import CertificateKind
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import ConflictError, DomainError

__all__ = ["LocalCards"]


@dataclass(frozen=True)
class _Holder:
    """Whose card it is (eligibility's code) and the serial its certificate was verified with."""

    subject: str
    serial: str


class LocalCards(LocalState):
    """Card registration and verification by card."""

    def new_challenge(self) -> bytes:
        self._ensure_relying_party()
        return self._jpki.new_challenge(relying_party=AGENCY).value

    def register_card(self, *, proof: CardProof) -> Registration:
        holder = self._registrant(proof)
        kept = holder.serial if self._ctx.policy.registration_links_serial else None
        with self._db.unit_of_work() as uow:
            return registration.register(
                uow.session, self._ctx, subject=holder.subject, serial=kept
            )

    def unregister_card(self, *, proof: CardProof) -> Registration:
        subject = self._registrant(proof).subject
        with self._db.unit_of_work() as uow:
            state = registration.unregister(uow.session, self._ctx, subject=subject)
            today = today_in_japan(self._ctx.clock)
            refs = current_refs(uow.session, subject=subject, on=today)
            notice = CancellationNotice(memberships=tuple(refs))
            self.outbox.send(uow.session, topic=CANCELLATIONS, body=notice.model_dump(mode="json"))
        return state

    def verify_by_card(self, *, query: CardQuery) -> EligibilityAnswer:
        check_facility_code(query.facility_code)
        try:
            facility = self._callers.facility(query.facility_code)
            at_home = home_consent_until(query, facility.kind)
            serial = self._proved_serial(query)
        except DomainError as refused:
            return self._refused(refused)
        reader = query.reader
        scopes = reader.consent if reader else query.consent
        check = CardCheck(
            facility=query.facility_code,
            visit=query.visit_date,
            terminal=reader.terminal_id if reader else "",
            operator=query.operator,
            consent=None if facility.kind in SIMPLE_MODE_KINDS else scopes,
            home_consent_until=at_home,
        )
        if self._ctx.policy.registration_links_serial:
            # One transaction for the usual check: the registration's serial names the holder.
            with self._db.unit_of_work() as uow:
                if (linked := registration.linked_holder(uow.session, serial)) is not None:
                    return verify_subject(uow.session, self._ctx, subject=linked, check=check)
        try:
            subject = self._holder_of(serial, linked_checked=True)
        except DomainError as refused:
            return self._refused(refused)
        with self._db.unit_of_work() as uow:
            return verify_subject(uow.session, self._ctx, subject=subject, check=check)

    def _refused(self, refused: DomainError) -> EligibilityAnswer:
        """A refused card reveals nothing; J-LIS keeps the record of the attempt."""
        return refusal(self._ctx.clock, reference="1", code=refused.code, message=refused.reason)

    def _registrant(self, proof: CardProof) -> _Holder:
        """Return the holder proving their card for 利用登録 or 登録解除, at a registered
        facility or (no facility) with their own PIN."""
        if proof.facility_code is not None:
            self._callers.facility(proof.facility_code)
        return self._holder(proof)

    def _holder(self, proof: CardProof) -> _Holder:
        """Return whose card it is, once the holder is proved present.

        The one check of a card for every use: the card's signature or the facility's reader
        result (`callers.readers.check_reader`), then J-LIS's verification of the card; then
        the holder, from the registration's serial (real policy) or from J-LIS.
        """
        serial = self._proved_serial(proof)
        return _Holder(self._holder_of(serial), serial)

    def _proved_serial(self, proof: CardProof) -> str:
        """Return the serial of the card's certificate, the holder proved present."""
        check_reader(proof, self._ctx.clock.now(), self._callers.terminal)
        return self._verified_serial(proof)

    def _holder_of(self, serial: str, *, linked_checked: bool = False) -> str:
        """Return the holder of a verified serial: the registration that holds it (real policy,
        unless the caller has just looked), else J-LIS's answer."""
        links = self._ctx.policy.registration_links_serial
        if links and not linked_checked:
            with self._db.unit_of_work() as uow:
                linked = registration.linked_holder(uow.session, serial)
            if linked is not None:
                return linked
        subject = self._jpki.resolve_serial(serial=serial, relying_party=AGENCY).agency_code
        if links:
            self._follow_replacement(subject, serial)
        return subject

    def _verified_serial(self, proof: CardProof) -> str:
        """Return the serial of the card's certificate once J-LIS has verified the card."""
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
        return verified.serial

    def _follow_replacement(self, subject: str, serial: str) -> None:
        """Move the person's registration to this serial if J-LIS's serial history says it
        replaced the registered one (renewal or reissue): no new 利用登録 is needed.

        ⚠ The real system is said to carry the registration over a renewal or a reissue; how
        it learns the new serial is not public. Here it asks J-LIS the registered serial's
        history the first time the new one is seen.
        """
        with self._db.unit_of_work() as uow:
            registered = registration.linked_serial(uow.session, subject)
        if registered is None or registered == serial:
            return
        history = self._jpki.serial_history(serial=registered, relying_party=AGENCY)
        successors = {s.new_serial for s in history if s.kind is CertificateKind.AUTH}
        if serial in successors:
            with self._db.unit_of_work() as uow:
                registration.follow(uow.session, subject=subject, serial=serial)

    def _ensure_relying_party(self) -> None:
        if self._relying_party_ready:
            return
        with contextlib.suppress(ConflictError):  # registered by an earlier process
            self._jpki.register_relying_party(party=AGENCY, may_resolve=True)
        self._relying_party_ready = True
