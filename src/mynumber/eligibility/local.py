"""The eligibility system in this process, on its schema of the instance database.

Insurers report memberships under the eligibility system's agency code, obtained through the
registry's code service at enrolment; the My Number never reaches this subsystem.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from mynumber.eligibility import (
    batches,
    consent,
    facilities,
    intake,
    medical,
    registration,
    service,
    terminal_auth,
)
from mynumber.eligibility import disaster as disaster_mode
from mynumber.eligibility.answers import refusal
from mynumber.eligibility.batch_worker import BatchWorker
from mynumber.eligibility.data import (
    SIMPLE_MODE_KINDS,
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
from mynumber.eligibility.directory import Directory
from mynumber.eligibility.messages import (
    CANCELLATIONS,
    CancellationNotice,
    InsurerReport,
    terminal_from_message,
)
from mynumber.eligibility.models import (
    RegistrationRow,
    access_heads,
    access_records,
    messages_in,
    messages_out,
)
from mynumber.jpki.api import Jpki
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError, DomainError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.messaging import Inbox, Message, Outbox

__all__ = ["AGENCY", "LocalEligibility"]

AGENCY = "eligibility"  # the agency id under which the code service derives its codes


class LocalEligibility:
    """The eligibility system in this process."""

    def __init__(
        self, *, database: Database, clock: Clock, keys: Mapping[str, bytes], jpki: Jpki
    ) -> None:
        self._db, self._jpki = database, jpki
        log = HashChainedLog(access_records, access_heads, keys["access_log"])
        self._ctx = service.Context(clock=clock, access_log=log)
        self._relying_party_ready = False
        self._directory = Directory(database)
        self.outbox = Outbox(database=database, table=messages_out, clock=clock)
        self._inbox = Inbox(database=database, table=messages_in, clock=clock)
        self._batches = BatchWorker(database=database, ctx=self._ctx)

    # Card registration and verification by card.

    def new_challenge(self) -> bytes:
        self._ensure_relying_party()
        return self._jpki.new_challenge(relying_party=AGENCY).value

    def register_card(self, *, proof: CardProof) -> Registration:
        subject = self._registrant(proof)
        with self._db.unit_of_work() as uow:
            return registration.register(uow.session, self._ctx, subject=subject)

    def unregister_card(self, *, proof: CardProof) -> Registration:
        subject = self._registrant(proof)
        with self._db.unit_of_work() as uow:
            state = registration.unregister(uow.session, self._ctx, subject=subject)
            today = today_in_japan(self._ctx.clock)
            refs = service.current_refs(uow.session, subject=subject, on=today)
            notice = CancellationNotice(memberships=tuple(refs))
            self.outbox.send(uow.session, topic=CANCELLATIONS, body=notice.model_dump(mode="json"))
        return state

    def registration(self, *, subject: str) -> Registration:
        with self._db.unit_of_work() as uow:
            return registration.to_registration(uow.session.get(RegistrationRow, subject))

    def card_registered(self, *, subject: str) -> bool:
        return self.registration(subject=subject).registered

    def verify_by_card(self, *, query: CardQuery) -> EligibilityAnswer:
        service.check_facility(query.facility_code)
        try:
            facility = self._directory.facility(query.facility_code)
            subject = self._holder(query)
        except DomainError as refused:
            # A refused card reveals nothing; J-LIS keeps the record of the attempt.
            return refusal(
                self._ctx.clock, reference="1", code=refused.code, message=refused.reason
            )
        reader = query.reader
        scopes = reader.consent if reader else query.consent
        check = registration.CardCheck(
            facility=query.facility_code,
            visit=query.visit_date,
            terminal=reader.terminal_id if reader else "",
            operator=query.operator,
            consent=None if facility.kind in SIMPLE_MODE_KINDS else scopes,
        )
        with self._db.unit_of_work() as uow:
            return registration.verify_subject(uow.session, self._ctx, subject=subject, check=check)

    def _registrant(self, proof: CardProof) -> str:
        """Return the holder proving their card for 利用登録 or 登録解除, at a registered
        facility or (no facility) with their own PIN."""
        if proof.facility_code is not None:
            service.check_facility(proof.facility_code)
            self._directory.facility(proof.facility_code)
        return self._holder(proof)

    def _holder(self, proof: CardProof) -> str:
        """Return the eligibility code of the card's holder, once the holder is proved present.

        The one check of a card for every use: the card's signature or the facility's reader
        result (`facilities.check_reader`), then J-LIS's verification of the card.
        """
        facilities.check_reader(proof, self._ctx.clock.now(), self._directory.terminal)
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

    # Memberships as insurers report them.

    def record_membership(self, *, subject: str, record: MembershipRecord) -> None:
        with self._db.unit_of_work() as uow:
            intake.record_memberships(uow.session, self._ctx, [(subject, record)])

    def record_memberships(self, *, batch: Sequence[tuple[str, MembershipRecord]]) -> None:
        with self._db.unit_of_work() as uow:
            intake.record_memberships(uow.session, self._ctx, batch)

    def record_loss(
        self, *, insurer_number: str, membership_id: str, valid_to: dt.date, reason: str
    ) -> None:
        loss = MembershipLoss(
            insurer_number=insurer_number,
            membership_id=membership_id,
            valid_to=valid_to,
            reason=reason,
        )
        self.record_losses(losses=[loss])

    def record_losses(self, *, losses: Sequence[MembershipLoss]) -> None:
        with self._db.unit_of_work() as uow:
            intake.record_losses(uow.session, losses)

    def record_pending(self, *, subject: str, insurer_number: str, valid_from: dt.date) -> None:
        with self._db.unit_of_work() as uow:
            service.record_pending(
                uow.session,
                self._ctx,
                subject=subject,
                insurer_number=insurer_number,
                valid_from=valid_from,
            )

    def receive_insurer_report(self, message: Message) -> None:
        report = InsurerReport.model_validate(message.body)

        def record(session: Session) -> None:
            batch = [(m.subject, m.record) for m in report.memberships]
            if batch:
                intake.record_memberships(session, self._ctx, batch)
            if report.losses:
                intake.record_losses(session, report.losses)
            for pending in report.pending:
                service.record_pending(
                    session,
                    self._ctx,
                    subject=pending.subject,
                    insurer_number=pending.insurer_number,
                    valid_from=pending.valid_from,
                )

        self._inbox.handle(message, consumer="eligibility", work=record)

    def memberships_without_card(self, *, insurer_number: str, on: dt.date) -> list[MembershipRef]:
        with self._db.unit_of_work() as uow:
            return service.memberships_without_card(
                uow.session, insurer_number=insurer_number, on=on
            )

    def history(self, *, subject: str) -> list[MembershipRecord]:
        with self._db.unit_of_work() as uow:
            return service.history(uow.session, subject=subject)

    def verify_by_number(self, *, query: NumberQuery) -> EligibilityAnswer:
        service.check_facility(query.facility_code)
        try:
            self._directory.facility(query.facility_code)
        except DomainError as refused:
            return refusal(
                self._ctx.clock, reference="2", code=refused.code, message=refused.reason
            )
        with self._db.unit_of_work() as uow:
            return service.verify_by_number(uow.session, self._ctx, query=query)

    # Access records.

    def access_records(self, *, subject: str) -> list[AccessRecord]:
        with self._db.unit_of_work() as uow:
            return service.access_records(uow.session, self._ctx, subject=subject)

    def access_record_count(self) -> int:
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.count(uow.session)

    def verify_access_log(self, *, subject: str) -> list[str]:
        with self._db.unit_of_work() as uow:
            return self._ctx.access_log.verify(uow.session, stream=subject)

    # Facilities and terminals.

    def register_facility(self, *, facility: FacilityRegistration) -> None:
        with self._db.unit_of_work() as uow:
            facilities.register_facility(uow.session, facility)
        self._directory.forget()  # the facility's kind may have changed

    def check_terminal(self, *, terminal_id: str) -> TerminalIdentity:
        return self._directory.terminal(terminal_id)[0]

    def authenticate_terminal(self, *, request: SignedRequest) -> TerminalIdentity:
        with self._db.unit_of_work() as uow:
            return terminal_auth.authenticate(
                uow.session, request, now=self._ctx.clock.now(), directory=self._directory
            )

    def facilities(self) -> list[FacilityRegistration]:
        with self._db.unit_of_work() as uow:
            return facilities.list_facilities(uow.session)

    def register_terminal(self, *, terminal: TerminalRegistration) -> None:
        with self._db.unit_of_work() as uow:
            facilities.register_terminal(uow.session, terminal, self._ctx.clock.now())

    def revoke_terminal(self, *, terminal_id: str) -> None:
        with self._db.unit_of_work() as uow:
            facilities.revoke_terminal(uow.session, terminal_id, self._ctx.clock.now())
        # ⚠ This process forgets at once; other processes within their cache's minute.
        self._directory.forget()

    def receive_terminal_registration(self, message: Message) -> None:
        terminal = terminal_from_message(message.body)

        def register(session: Session) -> None:
            facilities.register_terminal(session, terminal, self._ctx.clock.now())

        self._inbox.handle(message, consumer="eligibility", work=register)

    # Medical information.

    def record_claims(self, *, claims: Sequence[Claim]) -> IntakeReceipt:
        with self._db.unit_of_work() as uow:
            return medical.record_claims(uow.session, claims)

    def record_checkups(self, *, results: Sequence[CheckupResult]) -> IntakeReceipt:
        with self._db.unit_of_work() as uow:
            return medical.record_checkups(uow.session, results)

    def medical_view(self, *, query: MedicalQuery) -> MedicalView:
        with self._db.unit_of_work() as uow:
            facility = facilities.require_facility(uow.session, query.facility_code)
            shown = medical.view(uow.session, self._ctx, query=query, facility=facility)
        if isinstance(shown, DomainError):
            raise shown  # after the commit: the refused attempt stays on the record
        return shown

    def consents(self, *, subject: str) -> list[ConsentRecord]:
        with self._db.unit_of_work() as uow:
            return consent.history(uow.session, subject=subject)

    # Disaster mode.

    def activate_disaster(self, *, disaster: Disaster) -> None:
        with self._db.unit_of_work() as uow:
            disaster_mode.activate(uow.session, disaster, self._ctx.clock.now())

    def disaster_search(self, *, query: DisasterSearch) -> EligibilityAnswer:
        service.check_facility(query.facility_code)
        with self._db.unit_of_work() as uow:
            try:
                facilities.require_facility(uow.session, query.facility_code)
            except DomainError as refused:
                return refusal(
                    self._ctx.clock, reference="3", code=refused.code, message=refused.reason
                )
            return disaster_mode.search(uow.session, self._ctx, query)

    # 一括照会 (batch inquiries), answered by a worker.

    def submit_batch(self, *, submission: BatchSubmission, terminal_id: str) -> BatchStatus:
        return self._batches.submit(submission=submission, terminal_id=terminal_id)

    def batch_status(self, *, facility_code: str, reception_number: str) -> BatchStatus:
        with self._db.unit_of_work() as uow:
            return batches.status(
                uow.session, facility_code=facility_code, reception_number=reception_number
            )

    def batch_results(
        self, *, facility_code: str, reception_number: str, offset: int = 0, limit: int = 1000
    ) -> BatchResults:
        with self._db.unit_of_work() as uow:
            return batches.results(
                uow.session,
                facility_code=facility_code,
                reception_number=reception_number,
                offset=offset,
                limit=limit,
            )

    def run_batches(self, *, limit: int | None = None) -> int:
        return self._batches.run(limit=limit)

    def start_batch_worker(self) -> None:
        self._batches.start()

    def stop_batch_worker(self) -> None:
        self._batches.stop()
