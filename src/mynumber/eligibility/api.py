"""The eligibility system's public surface: the `Eligibility` protocol and its implementation.

Insurers report memberships under the eligibility system's agency code, obtained through the
registry's code service at enrolment; the My Number never reaches this subsystem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from mynumber.eligibility.data import (
    AccessRecord,
    BatchResults,
    BatchStatus,
    BatchSubmission,
    CardProof,
    CardQuery,
    CheckupResult,
    Claim,
    ConsentRecord,
    Disaster,
    DisasterSearch,
    EligibilityAnswer,
    FacilityRegistration,
    IntakeReceipt,
    MedicalQuery,
    MedicalView,
    MembershipLoss,
    MembershipRecord,
    MembershipRef,
    NumberQuery,
    Registration,
    SignedRequest,
    TerminalIdentity,
    TerminalRegistration,
)
from mynumber.eligibility.local import AGENCY, LocalEligibility
from mynumber.eligibility.messages import (
    CANCELLATIONS,
    INSURER_REPORTS,
    TERMINAL_REGISTRATIONS,
    CancellationNotice,
    InsurerReport,
    PendingReport,
    ReportedMembership,
    terminal_message,
)
from mynumber.eligibility.models import SCHEMA
from mynumber.kernel.messaging import Message, Outbox
from mynumber.kernel.migrate import Lineage

__all__ = [
    "AGENCY",
    "CANCELLATIONS",
    "INSURER_REPORTS",
    "MIGRATIONS",
    "TERMINAL_REGISTRATIONS",
    "CancellationNotice",
    "Eligibility",
    "InsurerReport",
    "LocalEligibility",
    "PendingReport",
    "ReportedMembership",
    "terminal_message",
]

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

    def access_record_count(self) -> int:
        """Return how many reads of anyone's data are recorded; for the operator's figures."""
        ...

    def new_challenge(self) -> bytes:
        """Return a fresh single-use challenge for a card to sign at the reader."""
        ...

    def register_card(self, *, proof: CardProof) -> Registration:
        """利用登録: use the card as the holder's insurance card, once the holder is proved
        present as for a check by card (`CardProof`); a certificate alone is refused
        (`no_card_signature`) and changes nothing."""
        ...

    def unregister_card(self, *, proof: CardProof) -> Registration:
        """登録解除: stop answering for this holder's card (the number path still works), on
        the same proof as `register_card`; the insurers then send a 資格確認書."""
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

    # Bulk intake from insurers (synthetic loads, nightly transfers).

    def record_memberships(self, *, batch: Sequence[tuple[str, MembershipRecord]]) -> None:
        """Store many (subject, membership) pairs in one transaction."""
        ...

    def record_losses(self, *, losses: Sequence[MembershipLoss]) -> None:
        """Close many memberships in one transaction."""
        ...

    def record_pending(self, *, subject: str, insurer_number: str, valid_from: dt.date) -> None:
        """An insurer accepted an enrolment whose numbers it has not reported yet (time lag)."""
        ...

    def memberships_without_card(self, *, insurer_number: str, on: dt.date) -> list[MembershipRef]:
        """Return the insurer's memberships in force on a date whose person has no registered
        card: those who need a 資格確認書."""
        ...

    def card_registered(self, *, subject: str) -> bool:
        """Return whether the person's card is registered as an insurance card."""
        ...

    @property
    def outbox(self) -> Outbox:
        """Return the outbox of the eligibility system's messages (CANCELLATIONS: the current
        memberships of a person who cancelled their card registration, for a 資格確認書)."""
        ...

    def receive_insurer_report(self, message: Message) -> None:
        """Handle an insurer's report (INSURER_REPORTS: memberships, losses, pending) once."""
        ...

    def receive_terminal_registration(self, message: Message) -> None:
        """Handle a facility's new terminal (TERMINAL_REGISTRATIONS) once; register its key."""
        ...

    # Facilities and terminals.

    def register_facility(self, *, facility: FacilityRegistration) -> None:
        """Register (or update) a facility allowed to use the system."""
        ...

    def facilities(self) -> list[FacilityRegistration]:
        """Return the registered facilities by code."""
        ...

    def register_terminal(self, *, terminal: TerminalRegistration) -> None:
        """Register a terminal's public key for a registered facility."""
        ...

    def revoke_terminal(self, *, terminal_id: str) -> None:
        """Revoke a terminal: its signed requests and reader results are refused
        (401 `terminal_revoked`)."""
        ...

    def check_terminal(self, *, terminal_id: str) -> TerminalIdentity:
        """Return a registered terminal that is not revoked, or refuse (401 `terminal_unknown`,
        `terminal_revoked`)."""
        ...

    def authenticate_terminal(self, *, request: SignedRequest) -> TerminalIdentity:
        """Return the terminal that signed a request; refuse an unknown terminal, a bad
        signature, a skewed clock or a replayed nonce (RequestRefusedError, 401)."""
        ...

    # Medical information behind the consent gate.

    def record_claims(self, *, claims: Sequence[Claim]) -> IntakeReceipt:
        """Store medication, diagnoses and procedures from claims; refuse unknown insured."""
        ...

    def record_checkups(self, *, results: Sequence[CheckupResult]) -> IntakeReceipt:
        """Store 特定健診 results an insurer reports; refuse unknown insured."""
        ...

    def medical_view(self, *, query: MedicalQuery) -> MedicalView:
        """Return consented information (or, in an active disaster, flagged information)."""
        ...

    def consents(self, *, subject: str) -> list[ConsentRecord]:
        """Return every consent the person gave, oldest first."""
        ...

    # Disaster mode (災害時医療情報閲覧).

    def activate_disaster(self, *, disaster: Disaster) -> None:
        """Allow card-less lookup in these prefectures for this period."""
        ...

    def disaster_search(self, *, query: DisasterSearch) -> EligibilityAnswer:
        """Find a person by the four items, only inside an active disaster; flagged."""
        ...

    # 一括照会 (batch inquiry): tomorrow's patients, answered later under a 受付番号.

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

    def run_batches(self, *, limit: int | None = None) -> int:
        """Answer queued inquiries in the calling thread; return how many finished."""
        ...

    def start_batch_worker(self) -> None:
        """Start the background worker once (idempotent); it first re-queues inquiries a dead
        process left running."""
        ...

    def stop_batch_worker(self) -> None:
        """Stop the background worker; an inquiry it was answering goes back to the queue."""
        ...
