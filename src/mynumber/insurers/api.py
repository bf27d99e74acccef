"""The insurers' public surface: the `Insurers` protocol and its in-process implementation.

Enrolment arrives with the My Number. The insurer's gateway (`gateway`) asks J-LIS, which asks
the network, for the insurer's own 符号 (kept, and linked in its intermediate-server partition)
and the eligibility system's 符号 (passed on with the membership). Each insurer joins the network
when added, as `network_agency_id` names it, with its own key. The policy decides whether the My
Number stays beside the membership, and whether the form is checked against J-LIS first."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from mynumber.eligibility.api import (
    INSURER_REPORTS,
    CancellationNotice,
    InsurerReport,
    InsurerSide,
    PendingReport,
    ReportedMembership,
)
from mynumber.insurers import bulk, contribution, documents, linking, service
from mynumber.insurers.contribution import Links
from mynumber.insurers.data import (
    ContributionRun,
    Enrolment,
    HeldLink,
    InsuredDocument,
    Insurer,
    InsurerKind,
    KoukiMember,
    LossReason,
    Membership,
    network_agency_id,
)
from mynumber.insurers.gateway import Gateway
from mynumber.insurers.identifier_export import IdentifierValues
from mynumber.insurers.link_export import LinkExport
from mynumber.insurers.models import (
    SCHEMA,
    InsurerRow,
    MembershipRow,
    OutboxRow,
    messages_in,
    messages_out,
)
from mynumber.insurers.reports import losses_of, membership_record
from mynumber.intermediate.api import AgencyPartition
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.linkexport import LinkExportable
from mynumber.kernel.messaging import Inbox, Message, Outbox
from mynumber.kernel.migrate import Lineage
from mynumber.kernel.policy import Policy
from mynumber.network.api import NetworkOperator
from mynumber.registry.api import Registry

__all__ = ["MIGRATIONS", "Contributions", "Insurers", "Links", "LocalInsurers"]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")
REPORT_CHUNK = 500  # memberships per report message: a bulk load sends one per chunk


class Contributions(Protocol):
    """一部負担金割合の判定 by a 後期高齢者医療広域連合, from the 住民税 asked over the network."""

    def link_members(self, *, insurer_number: str, members: Sequence[KoukiMember]) -> int:
        """Record where members live; obtain the 符号 the 広域連合 lacks; return how many."""
        ...

    def decide_contributions(
        self, *, insurer_number: str, numbers: Sequence[str] | None = None
    ) -> ContributionRun:
        """Decide members' (by 被保険者番号; None: all) and their households' 負担割合."""
        ...


class Insurers(Contributions, LinkExportable, Protocol):
    """Every health insurer of the instance (`linked_records`: see `insurers.link_export`)."""

    def add_insurer(self, *, insurer: Insurer) -> None:
        """Register an insurer."""
        ...

    def list_insurers(self) -> list[Insurer]:
        """Return every insurer by number."""
        ...

    def enrol(self, *, enrolment: Enrolment, actor: str = "") -> Membership:
        """Enrol a person (資格取得) and report the membership to the eligibility system; the
        register's records of the My Number's resolution name the staff account (actor).

        Where the policy checks links, a form that contradicts J-LIS's 本人確認情報 is held for
        review and refused (409 `link_mismatch`).
        """
        ...

    def held_links(self, *, insurer_number: str) -> list[HeldLink]:
        """Return the insurer's enrolments held for review (link_mismatch), oldest first."""
        ...

    def lose(
        self, *, membership_id: str, last_day: dt.date, reason: LossReason
    ) -> list[Membership]:
        """End a membership and its dependants' (資格喪失); report it; return who lost cover."""
        ...

    def get(self, *, membership_id: str) -> Membership:
        """Return a membership as of today."""
        ...

    def report_pending(self) -> int:
        """Report the numbers of deferred enrolments to the eligibility system; return how many."""
        ...

    def documents(self, *, membership_id: str) -> list[InsuredDocument]:
        """Return the 資格確認書 and 資格情報のお知らせ sent for a membership, oldest first."""
        ...

    def issue_certificates(self, *, on: dt.date) -> int:
        """Send a 資格確認書 to every member without a registered card who lacks a valid one."""
        ...

    @property
    def outbox(self) -> Outbox:
        """Return the outbox of the insurers' reports to the eligibility system."""
        ...

    def on_registration_cancelled(self, message: Message) -> None:
        """Handle eligibility's notice of a 登録解除 once: send those members a 資格確認書."""
        ...

    # Batches (nightly transfers, synthetic loads): the rules of enrol and lose, row by row.

    def enrol_many(self, *, enrolments: Sequence[Enrolment]) -> list[Membership]:
        """Enrol a batch in one transaction; return the memberships in input order.

        A dependant may name an insured person enrolled earlier in the same batch by row:
        dependant_of="@3". The first bad row refuses the batch. The My Numbers are exchanged
        in bulk and dropped; eligibility hears of the batch in one report.
        """
        ...

    def lose_many(self, *, losses: Sequence[tuple[str, dt.date, LossReason]]) -> list[Membership]:
        """End a batch of (membership id, last day, reason) in one transaction; report it;
        return everyone who lost cover, each loss followed by its dependants."""
        ...


class LocalInsurers(IdentifierValues, LinkExport):
    """The insurers in this process, on their schema of the instance database."""

    def __init__(
        self, *, database: Database, clock: Clock, registry: Registry, eligibility: InsurerSide,
        network: NetworkOperator, intermediate: AgencyPartition, policy: Policy,
        signing_keys: AgencyKeyStore, links: Links | None = None,
    ) -> None:  # fmt: skip
        self._db, self._clock, self._links = database, clock, links
        self._eligibility, self._network, self._keys = eligibility, network, signing_keys
        self._gateway = Gateway(registry=registry, partition=intermediate, policy=policy)
        self.outbox = Outbox(database=database, table=messages_out, clock=clock)
        self._inbox = Inbox(database=database, table=messages_in, clock=clock)

    def add_insurer(self, *, insurer: Insurer) -> None:
        with self._db.unit_of_work() as uow:
            service.add_insurer(uow.session, insurer=insurer)
        agency = network_agency_id(insurer.number)
        key = self._keys.public_key(agency)
        self._network.connect(agency_id=agency, name=insurer.name, public_key=key)

    def list_insurers(self) -> list[Insurer]:
        with self._db.unit_of_work() as uow:
            return service.list_insurers(uow.session)

    def enrol(self, *, enrolment: Enrolment, actor: str = "") -> Membership:
        who = network_agency_id(enrolment.insurer_number) + (f"/{actor}" if actor else "")
        with self._db.unit_of_work() as uow:  # an unknown insurer asks nothing
            service.insurer(uow.session, enrolment.insurer_number)
        self._hold_mismatched([enrolment], actor=who)
        with self._db.unit_of_work() as uow:
            person, subject = self._gateway.pair(enrolment, actor=who)
            # Random, so the id passed to eligibility reveals nothing of the insurer's own code.
            membership_id = f"{enrolment.insurer_number}-{uuid.uuid4().hex[:16]}"
            known = linking.known_people(uow.session, [person])
            row = service.enrol(
                uow.session, enrolment=enrolment, person_code=person,
                membership_id=membership_id, my_number=self._gateway.kept_number(enrolment),
            )  # fmt: skip
            self._gateway.link_new([row], known)
            membership = self._membership(uow.session, row)
            head = uow.session.get(MembershipRow, row.dependant_of) if row.dependant_of else None
            record = membership_record(membership, insured_name=head.name if head else row.name)
            if enrolment.defer_report:
                uow.session.add(
                    OutboxRow(
                        membership_id=membership_id, subject=subject, accepted_at=self._clock.now()
                    )
                )
                pending = PendingReport(
                    subject=subject, insurer_number=row.insurer_number, valid_from=row.valid_from
                )
                self._report(uow.session, InsurerReport(pending=(pending,)))
            else:
                reported = ReportedMembership(subject=subject, record=record)
                self._report(uow.session, InsurerReport(memberships=(reported,)))
        self._send_document(
            membership_id, registered=self._eligibility.card_registered(subject=subject)
        )
        return membership

    def link_members(self, *, insurer_number: str, members: Sequence[KoukiMember]) -> int:
        with self._db.unit_of_work() as uow:
            name, agency, people = contribution.link_members(
                uow.session, insurer_number=insurer_number, members=members, now=self._clock.now()
            )
        return contribution.obtain_codes(
            self._kouki_links(), agency=agency, name=name, people=people
        )

    def decide_contributions(
        self, *, insurer_number: str, numbers: Sequence[str] | None = None
    ) -> ContributionRun:
        now = self._clock.now()
        with self._db.unit_of_work() as uow:
            plan = contribution.plan(uow.session, insurer_number=insurer_number, numbers=numbers)
        found, refused, queries = contribution.ask(self._kouki_links(), plan, now=now)
        decisions, refusals = contribution.decide(plan, found, refused, now=now)
        with self._db.unit_of_work() as uow:
            changed = contribution.record(uow.session, decisions)
            records = [
                membership_record(self._membership(uow.session, row), insured_name=row.name)
                for row in changed  # 広域連合 members are all 本人 (no dependants)
            ]
            if records:
                self._report(uow.session, InsurerReport(changes=tuple(records)))
        return ContributionRun(insurer_number=insurer_number, agency=plan.agency, queries=queries,
                               decisions=decisions, refusals=refusals)  # fmt: skip

    def _kouki_links(self) -> Links:
        return contribution.required(self._links)

    def held_links(self, *, insurer_number: str) -> list[HeldLink]:
        with self._db.unit_of_work() as uow:
            return linking.held_links(uow.session, insurer_number=insurer_number)

    def _hold_mismatched(self, enrolments: Sequence[Enrolment], *, actor: str) -> None:
        found = self._gateway.mismatches(enrolments, actor=actor)
        if held := linking.contradicted(enrolments, found):
            with self._db.unit_of_work() as uow:
                linking.hold_all(uow.session, held, actor=actor, now=self._clock.now())
            raise linking.refusal_of(held, batch=len(enrolments) > 1)

    def _send_document(self, membership_id: str, *, registered: bool) -> None:
        today = today_in_japan(self._clock)
        with self._db.unit_of_work() as uow:
            documents.issue_on_registration(
                uow.session, membership_id, registered=registered, on=today, outbox=self.outbox
            )

    def report_pending(self) -> int:
        with self._db.unit_of_work() as uow:
            waiting = uow.session.scalars(select(OutboxRow).order_by(OutboxRow.accepted_at)).all()
            reports = []
            for item in waiting:
                row = uow.session.get(MembershipRow, item.membership_id)
                assert row is not None
                head = (
                    uow.session.get(MembershipRow, row.dependant_of) if row.dependant_of else None
                )
                membership = self._membership(uow.session, row)
                record = membership_record(membership, insured_name=head.name if head else row.name)
                reports.append(ReportedMembership(subject=item.subject, record=record))
            self._report_memberships(uow.session, reports)
            uow.session.execute(
                delete(OutboxRow).where(
                    OutboxRow.membership_id.in_([item.membership_id for item in waiting])
                )
            )
        return len(reports)

    def _report(self, session: Session, report: InsurerReport) -> None:
        """Send a report to the eligibility system in the caller's transaction."""
        names = {n: service.insurer(session, n).name for n in report.insurer_numbers()}
        body = report.model_copy(update={"insurer_names": names}).model_dump(mode="json")
        self.outbox.send(session, topic=INSURER_REPORTS, body=body)

    def _report_memberships(self, session: Session, reports: Sequence[ReportedMembership]) -> None:
        for start in range(0, len(reports), REPORT_CHUNK):
            chunk = tuple(reports[start : start + REPORT_CHUNK])
            self._report(session, InsurerReport(memberships=chunk))

    def documents(self, *, membership_id: str) -> list[InsuredDocument]:
        with self._db.unit_of_work() as uow:
            row = service.membership(uow.session, membership_id)
            return documents.documents_of(uow.session, row)

    def issue_certificates(self, *, on: dt.date) -> int:
        issued = 0
        for insurer in self.list_insurers():
            refs = self._eligibility.memberships_without_card(insurer_number=insurer.number, on=on)
            ids = [ref.membership_id for ref in refs]
            issued += self._certify(ids, on=on, reason="no_registered_card")
        return issued

    def on_registration_cancelled(self, message: Message) -> None:
        notice = CancellationNotice.model_validate(message.body)
        ids = [ref.membership_id for ref in notice.memberships]

        def certify(session: Session) -> None:
            today = today_in_japan(self._clock)
            reason, outbox = "registration_cancelled", self.outbox
            documents.certify(session, ids, on=today, reason=reason, outbox=outbox)

        self._inbox.handle(message, consumer="insurers", work=certify)

    def _certify(self, membership_ids: list[str], *, on: dt.date, reason: str) -> int:
        with self._db.unit_of_work() as uow:
            ids, outbox = membership_ids, self.outbox
            return documents.certify(uow.session, ids, on=on, reason=reason, outbox=outbox)

    def lose(
        self, *, membership_id: str, last_day: dt.date, reason: LossReason
    ) -> list[Membership]:
        with self._db.unit_of_work() as uow:
            rows = service.lose(
                uow.session, membership_id=membership_id, last_day=last_day, reason=reason
            )
            ended = [self._membership(uow.session, row) for row in rows]
            self._report(uow.session, InsurerReport(losses=tuple(losses_of(ended))))
        return ended

    def get(self, *, membership_id: str) -> Membership:
        with self._db.unit_of_work() as uow:
            row = service.membership(uow.session, membership_id)
            return self._membership(uow.session, row)

    def _membership(self, session: Session, row: MembershipRow) -> Membership:
        kind = InsurerKind(service.insurer(session, row.insurer_number).kind)
        return service.to_membership(row, kind, on=max(row.valid_from, today_in_japan(self._clock)))

    def enrol_many(self, *, enrolments: Sequence[Enrolment]) -> list[Membership]:
        if not enrolments:
            return []
        if self._gateway.checks_links:  # bad rows are refused before J-LIS is asked
            with self._db.unit_of_work() as uow:
                bulk.check_enrolments(uow.session, enrolments)
            self._hold_mismatched(enrolments, actor="insurers")
        with self._db.unit_of_work() as uow:
            providers = bulk.check_enrolments(uow.session, enrolments)
            people, subjects = self._gateway.exchange(enrolments)
            ids = [f"{e.insurer_number}-{uuid.uuid4().hex[:16]}" for e in enrolments]
            known = linking.known_people(uow.session, people)
            rows = bulk.enrol_many(
                uow.session,
                providers=providers,
                enrolments=enrolments,
                person_codes=people,
                membership_ids=ids,
                my_numbers=[self._gateway.kept_number(e) for e in enrolments],
            )
            self._gateway.link_new(rows, known)
            memberships = self._memberships(uow.session, rows)
            names = bulk.insured_names(uow.session, rows)
            reports = [
                ReportedMembership(
                    subject=subject, record=membership_record(membership, insured_name=name)
                )
                for subject, membership, name in zip(subjects, memberships, names, strict=True)
            ]
            self._report_memberships(uow.session, reports)
        return memberships

    def lose_many(self, *, losses: Sequence[tuple[str, dt.date, LossReason]]) -> list[Membership]:
        if not losses:
            return []
        with self._db.unit_of_work() as uow:
            ended = self._memberships(uow.session, bulk.lose_many(uow.session, losses=losses))
            lost = losses_of(ended)
            for start in range(0, len(lost), REPORT_CHUNK):
                chunk = tuple(lost[start : start + REPORT_CHUNK])
                self._report(uow.session, InsurerReport(losses=chunk))
        return ended

    def _memberships(self, session: Session, rows: Sequence[MembershipRow]) -> list[Membership]:
        today = today_in_japan(self._clock)
        kinds = {
            number: InsurerKind(kind)
            for number, kind in session.execute(select(InsurerRow.number, InsurerRow.kind))
        }
        return [
            service.to_membership(row, kinds[row.insurer_number], on=max(row.valid_from, today))
            for row in rows
        ]
