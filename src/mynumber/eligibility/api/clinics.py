"""What facilities (医療機関・薬局) and their terminals ask of the eligibility system: their own
registration and terminals, checks by number and by card, 利用登録 at the reader, consented
medical views, disaster search, and the 一括照会 (batch inquiry)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from mynumber.eligibility.data import (
    BatchResults,
    BatchStatus,
    BatchSubmission,
    CardProof,
    CardQuery,
    DisasterSearch,
    EligibilityAnswer,
    FacilityRegistration,
    MedicalQuery,
    MedicalView,
    NumberQuery,
    Registration,
    SignedRequest,
    TerminalIdentity,
)
from mynumber.kernel.messaging import Message

__all__ = ["BatchInquiries", "ClinicSide"]


class BatchInquiries(Protocol):
    """一括照会 (batch inquiry): tomorrow's patients, answered later under a 受付番号."""

    def submit_batch(self, *, submission: BatchSubmission, terminal_id: str) -> BatchStatus:
        """Take a registered facility's inquiry: store every line (a line that cannot make a
        NumberQuery is refused at once, `row_invalid`, naming the field), queue it and wake the
        worker. Return it queued, with its 受付番号."""
        ...

    def batch_status(self, *, facility_code: str, reception_number: str) -> BatchStatus:
        """Return the facility's inquiry and its progress; another facility's number is
        `batch_not_found`, like a number never issued (NotFoundError)."""
        ...

    def batch_results(
        self, *, facility_code: str, reception_number: str, offset: int = 0, limit: int = 1000
    ) -> BatchResults:
        """Return lines offset+1 … offset+limit (limit ≤ 10,000) with their answers or reasons;
        a line with neither is still waiting."""
        ...


class ClinicSide(BatchInquiries, Protocol):
    """The clinic side: a facility, its terminals and the card readers at its reception."""

    # Who may call: the facility applies (利用申請), its terminals sign what they send.

    def register_facility(self, *, facility: FacilityRegistration) -> None:
        """Register (or update) a facility allowed to use the system."""
        ...

    def check_terminal(self, *, terminal_id: str) -> TerminalIdentity:
        """Return a registered terminal that is not revoked, or refuse (401 `terminal_unknown`,
        `terminal_revoked`)."""
        ...

    def revoke_terminal(self, *, terminal_id: str) -> None:
        """Revoke a terminal: its signed requests and reader results are refused
        (401 `terminal_revoked`)."""
        ...

    def authenticate_terminal(self, *, request: SignedRequest) -> TerminalIdentity:
        """Return the terminal that signed a request; refuse an unknown terminal, a bad
        signature, a skewed clock or a replayed nonce (RequestRefusedError, 401)."""
        ...

    def receive_terminal_registration(self, message: Message) -> None:
        """Handle a facility's new terminal (TERMINAL_REGISTRATIONS) once; register its key."""
        ...

    # Verification, and card registration at the reader.

    def new_challenge(self) -> bytes:
        """Return a fresh single-use challenge for a card to sign at the reader."""
        ...

    def verify_by_number(self, *, query: NumberQuery) -> EligibilityAnswer:
        """Answer a check by insured number for a visit date; the read is recorded."""
        ...

    def verify_by_card(self, *, query: CardQuery) -> EligibilityAnswer:
        """Answer a check by card: J-LIS verifies it, then memberships on the visit date."""
        ...

    def register_card(self, *, proof: CardProof) -> Registration:
        """利用登録: use the card as the holder's insurance card, once the holder is proved
        present as for a check by card (`CardProof`); a certificate alone is refused
        (`no_card_signature`) and changes nothing."""
        ...

    def new_challenges(self, *, count: int) -> list[bytes]:
        """Return `count` fresh challenges from J-LIS (as `new_challenge`), for a batch."""
        ...

    def register_cards(self, *, proofs: Sequence[CardProof]) -> int:
        """利用登録 of many cards, each proved as `register_card` asks, in one batch; return
        how many people are registered. One refused card refuses the batch."""
        ...

    def unregister_card(self, *, proof: CardProof) -> Registration:
        """登録解除: stop answering for this holder's card (the number path still works), on
        the same proof as `register_card`; the insurers then send a 資格確認書."""
        ...

    # Medical information behind the consent gate, and disaster mode.

    def medical_view(self, *, query: MedicalQuery) -> MedicalView:
        """Return consented information (or, in an active disaster, flagged information)."""
        ...

    def disaster_search(self, *, query: DisasterSearch) -> EligibilityAnswer:
        """Find a person by the four items, only inside an active disaster; flagged."""
        ...
