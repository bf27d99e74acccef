"""The insurers' public surface: the `Insurers` protocol and its in-process implementation.

Enrolment arrives with the My Number. The insurer's gateway exchanges it at once, through the
registry's code service, for the insurer's own agency code (kept) and the eligibility system's
code (passed on with the membership); the number itself is never stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from mynumber.eligibility.api import AGENCY as ELIGIBILITY_AGENCY
from mynumber.eligibility.api import Eligibility
from mynumber.eligibility.data import MembershipRecord
from mynumber.insurers import service
from mynumber.insurers.data import Enrolment, Insurer, InsurerKind, LossReason, Membership
from mynumber.insurers.models import SCHEMA, MembershipRow
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.migrate import Lineage
from mynumber.registry.api import Registry

__all__ = ["MIGRATIONS", "Insurers", "LocalInsurers", "agency_id"]

MIGRATIONS = Lineage(SCHEMA, Path(__file__).parent / "migrations")


def agency_id(insurer_number: str) -> str:
    """Return the agency id under which an insurer receives its own codes."""
    return f"insurer:{insurer_number}"


class Insurers(Protocol):
    """Every health insurer of the instance."""

    def add_insurer(self, *, insurer: Insurer) -> None:
        """Register an insurer."""
        ...

    def list_insurers(self) -> list[Insurer]:
        """Return every insurer by number."""
        ...

    def enrol(self, *, enrolment: Enrolment) -> Membership:
        """Enrol a person (資格取得) and report the membership to the eligibility system."""
        ...

    def lose(
        self, *, membership_id: str, last_day: dt.date, reason: LossReason
    ) -> list[Membership]:
        """End a membership and its dependants' (資格喪失); report it; return who lost cover."""
        ...

    def get(self, *, membership_id: str) -> Membership:
        """Return a membership as of today."""
        ...


class LocalInsurers:
    """The insurers in this process, on their schema of the instance database."""

    def __init__(
        self, *, database: Database, clock: Clock, registry: Registry, eligibility: Eligibility
    ) -> None:
        self._db, self._clock = database, clock
        self._registry, self._eligibility = registry, eligibility

    def add_insurer(self, *, insurer: Insurer) -> None:
        with self._db.unit_of_work() as uow:
            service.add_insurer(uow.session, insurer=insurer)

    def list_insurers(self) -> list[Insurer]:
        with self._db.unit_of_work() as uow:
            return service.list_insurers(uow.session)

    def enrol(self, *, enrolment: Enrolment) -> Membership:
        own_agency = agency_id(enrolment.insurer_number)
        with self._db.unit_of_work() as uow:
            service.insurer(
                uow.session, enrolment.insurer_number
            )  # an unknown insurer asks nothing
            person = self._registry.agency_code_for_number(
                agency=own_agency, my_number=enrolment.my_number, actor=own_agency
            )
            subject = self._registry.agency_code_for_number(
                agency=ELIGIBILITY_AGENCY, my_number=enrolment.my_number, actor=own_agency
            )
            # Random, so the id passed to eligibility reveals nothing of the insurer's own code.
            membership_id = f"{enrolment.insurer_number}-{uuid.uuid4().hex[:16]}"
            row = service.enrol(
                uow.session, enrolment=enrolment, person_code=person, membership_id=membership_id
            )
            membership = self._membership(uow.session, row)
            head = uow.session.get(MembershipRow, row.dependant_of) if row.dependant_of else None
            record = _record(membership, insured_name=head.name if head else row.name)
        self._eligibility.record_membership(subject=subject, record=record)
        return membership

    def lose(
        self, *, membership_id: str, last_day: dt.date, reason: LossReason
    ) -> list[Membership]:
        with self._db.unit_of_work() as uow:
            rows = service.lose(
                uow.session, membership_id=membership_id, last_day=last_day, reason=reason
            )
            ended = [self._membership(uow.session, row) for row in rows]
        for membership in ended:
            assert membership.valid_to is not None and membership.loss_reason is not None
            self._eligibility.record_loss(
                insurer_number=membership.insured.insurer_number,
                membership_id=membership.membership_id,
                valid_to=membership.valid_to,
                reason=membership.loss_reason.value,
            )
        return ended

    def get(self, *, membership_id: str) -> Membership:
        with self._db.unit_of_work() as uow:
            row = uow.session.get(MembershipRow, membership_id)
            if row is None:
                raise NotFoundError(f"no membership {membership_id}")
            return self._membership(uow.session, row)

    def _membership(self, session: Session, row: MembershipRow) -> Membership:
        kind = InsurerKind(service.insurer(session, row.insurer_number).kind)
        return service.to_membership(row, kind, on=max(row.valid_from, today_in_japan(self._clock)))


def _record(membership: Membership, *, insured_name: str) -> MembershipRecord:
    member, insured = membership.member, membership.insured
    return MembershipRecord(
        insurer_number=insured.insurer_number,
        membership_id=membership.membership_id,
        symbol=insured.symbol,
        number=insured.number,
        branch=insured.branch,
        role=membership.role.value,
        insured_name=insured_name,
        name=member.name,
        name_kana=member.name_kana,
        birth_date=member.birth_date,
        sex=member.sex,
        address=member.address,
        postal_code=member.postal_code,
        valid_from=membership.valid_from,
        valid_to=membership.valid_to,
        loss_reason=membership.loss_reason.value if membership.loss_reason else None,
        contribution_percent=membership.contribution_percent,
        limit_classification=membership.limit_classification.value,
    )
