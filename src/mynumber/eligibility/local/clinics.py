"""The clinic side in this process (`api.ClinicSide`): facilities and terminals, checks by number,
medical views, disaster search and batch inquiries; the card path is `LocalCards`."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from mynumber.eligibility.batch import inquiries
from mynumber.eligibility.callers import facilities, signed_requests, terminals
from mynumber.eligibility.callers.facilities import check_facility_code
from mynumber.eligibility.data import (
    BatchResults,
    BatchStatus,
    BatchSubmission,
    DisasterSearch,
    EligibilityAnswer,
    FacilityRegistration,
    MedicalQuery,
    MedicalView,
    NumberQuery,
    SignedRequest,
    TerminalIdentity,
)
from mynumber.eligibility.data.messages import terminal_from_message
from mynumber.eligibility.local.card_batches import LocalCardBatches
from mynumber.eligibility.medical import views
from mynumber.eligibility.verification import disaster_search
from mynumber.eligibility.verification.answers import refusal
from mynumber.eligibility.verification.by_number import verify_by_number
from mynumber.kernel.clock import today_in_japan
from mynumber.kernel.errors import DomainError
from mynumber.kernel.messaging import Message

__all__ = ["LocalClinicSide"]


class LocalClinicSide(LocalCardBatches):
    """What facilities and their terminals ask, in this process."""

    # Who may call.

    def register_facility(self, *, facility: FacilityRegistration) -> None:
        with self._db.unit_of_work() as uow:
            facilities.register_facility(uow.session, facility)
        self._callers.forget()  # the facility's kind may have changed

    def check_terminal(self, *, terminal_id: str) -> TerminalIdentity:
        return self._callers.terminal(terminal_id)[0]

    def authenticate_terminal(self, *, request: SignedRequest) -> TerminalIdentity:
        return signed_requests.authenticate(
            self._keep_nonce,
            request,
            now=self._ctx.clock.now(),
            terminals=self._callers.terminal,
            sweeper=self._nonces,
        )

    def _keep_nonce(self, write: Callable[[Connection], None]) -> None:
        with self._db.autocommit() as conn:  # the nonce is the only write: one statement
            write(conn)

    def revoke_terminal(self, *, terminal_id: str) -> None:
        with self._db.unit_of_work() as uow:
            terminals.revoke_terminal(uow.session, terminal_id, self._ctx.clock.now())
        # ⚠ This process forgets at once; other processes within their cache's minute.
        self._callers.forget()

    def receive_terminal_registration(self, message: Message) -> None:
        terminal = terminal_from_message(message.body)

        def register(session: Session) -> None:
            terminals.register_terminal(session, terminal, self._ctx.clock.now())

        self._inbox.handle(message, consumer="eligibility", work=register)

    # Verification by number, medical views and disaster search.

    def verify_by_number(self, *, query: NumberQuery) -> EligibilityAnswer:
        check_facility_code(query.facility_code)
        try:
            self._callers.facility(query.facility_code)
        except DomainError as refused:
            return refusal(
                self._ctx.clock, reference="2", code=refused.code, message=refused.reason
            )
        with self._db.unit_of_work() as uow:
            return verify_by_number(uow.session, self._ctx, query=query)

    def medical_view(self, *, query: MedicalQuery) -> MedicalView:
        with self._db.unit_of_work() as uow:
            facility = facilities.require_facility(uow.session, query.facility_code)
            shown = views.view(uow.session, self._ctx, query=query, facility=facility)
        if isinstance(shown, DomainError):
            raise shown  # after the commit: the refused attempt stays on the record
        return shown

    def disaster_search(self, *, query: DisasterSearch) -> EligibilityAnswer:
        check_facility_code(query.facility_code)
        with self._db.unit_of_work() as uow:
            try:
                facilities.require_facility(uow.session, query.facility_code)
            except DomainError as refused:
                return refusal(
                    self._ctx.clock,
                    reference=disaster_search.DISASTER_REFERENCE,
                    code=refused.code,
                    message=refused.reason,
                )
            return disaster_search.search(uow.session, self._ctx, query)

    # 一括照会 (batch inquiries), answered by the worker.

    def submit_batch(self, *, submission: BatchSubmission, terminal_id: str) -> BatchStatus:
        return self._batches.submit(submission=submission, terminal_id=terminal_id)

    def batch_status(self, *, facility_code: str, reception_number: str) -> BatchStatus:
        with self._db.unit_of_work() as uow:
            return inquiries.status(
                uow.session, facility_code=facility_code, reception_number=reception_number
            )

    def batch_results(
        self, *, facility_code: str, reception_number: str, offset: int = 0, limit: int = 1000
    ) -> BatchResults:
        with self._db.unit_of_work() as uow:
            return inquiries.results(
                uow.session,
                facility_code=facility_code,
                reception_number=reception_number,
                offset=offset,
                limit=limit,
                today=today_in_japan(self._ctx.clock),
            )
