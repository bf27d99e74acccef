"""PMH (Public Medical Hub) in this process: municipalities register 公費負担医療 and 自治体検診
recipients by My Number; a facility checks them with the patient's card.

The 不開示フラグ (`is_not_disclosed`) is set when the municipality asks for it (the person asked)
or when the register holds a DV 支援措置 for the resident (`Registry.address_withheld`, asked
when the municipality gives the 住民票コード). Under it the facility hears only that a
registration exists (`WITHHELD`) and sees the paper 受給者証; so does the person on the portal
(`own_records`); the clerk's answer is not withheld. ⚠ PMH's published API says the flag
replaces the 支援措置区分; what exactly a facility is shown under it is not public.
⚠ The check needs no consent: it answers eligibility, as the online eligibility check does.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.health.models import CheckupEntitlementRow, SubsidyRow
from mynumber.health.platform_base import PlatformBase, wrong_clerk
from mynumber.health.pmh.data import (
    WITHHELD,
    CheckupEntitlement,
    CheckupKind,
    CheckupRegistration,
    PmhAnswer,
    PmhCheck,
    Subsidy,
    SubsidyRegistration,
)
from mynumber.health.vaccinations.data import Clerk

__all__ = ["LocalPmh", "Pmh"]


class Pmh(Protocol):
    """PMH: the municipality registers, the facility checks by card."""

    def new_challenge(self) -> bytes:
        """Return a fresh J-LIS challenge for a card to sign for this platform."""
        ...

    def register_subsidy(self, *, clerk: Clerk, registration: SubsidyRegistration) -> Subsidy:
        """Register (or replace, per 公費負担者番号) a 公費 recipient (403 `wrong_clerk`, 404
        `unknown_person`); the answer shows the details and the flag as stored."""
        ...

    def register_checkup(
        self, *, clerk: Clerk, registration: CheckupRegistration
    ) -> CheckupEntitlement:
        """Register a 自治体検診 recipient for a fiscal year."""
        ...

    def check(self, *, query: PmhCheck) -> PmhAnswer:
        """Return the subsidies valid on the visit date and the year's screenings of the card's
        holder, details withheld under the 不開示フラグ (logged in the person's access log)."""
        ...


class LocalPmh(PlatformBase):
    """PMH on the `health` schema."""

    def register_subsidy(self, *, clerk: Clerk, registration: SubsidyRegistration) -> Subsidy:
        r = registration
        if clerk.municipality_code != r.municipality_code:
            raise wrong_clerk(clerk.municipality_code, r.municipality_code)
        key = self.key_of_number(r.my_number)
        hidden = r.is_not_disclosed or self.links.under_support_measure(r.resident_code)
        with self.db.unit_of_work() as uow:
            row = uow.session.scalars(
                select(SubsidyRow).where(
                    SubsidyRow.person_key == key, SubsidyRow.insurer_number == r.insurer_number
                )
            ).one_or_none()
            if row is None:
                row = SubsidyRow(subsidy_id=str(uuid.uuid4()), person_key=key)
                uow.session.add(row)
            row.municipality_code, row.insurer_number = r.municipality_code, r.insurer_number
            row.recipient_number, row.certification_name = r.recipient_number, r.certification_name
            row.valid_from, row.valid_to = r.valid_from, r.valid_to
            row.max_copayment, row.not_disclosed = r.max_copayment_amount, hidden
            row.registered_by = f"{clerk.municipality_code}:{clerk.name}"
            row.registered_at = self.ctx.clock.now()
            self.log(uow.session, key, by=f"municipality:{clerk.municipality_code}",
                     action="pmh subsidy registered", outcome="recorded")  # fmt: skip
            return _subsidy(row, disclose=True)

    def register_checkup(
        self, *, clerk: Clerk, registration: CheckupRegistration
    ) -> CheckupEntitlement:
        r = registration
        if clerk.municipality_code != r.municipality_code:
            raise wrong_clerk(clerk.municipality_code, r.municipality_code)
        key = self.key_of_number(r.my_number)
        hidden = r.is_not_disclosed or self.links.under_support_measure(r.resident_code)
        row = CheckupEntitlementRow(
            checkup_id=str(uuid.uuid4()), person_key=key, municipality_code=r.municipality_code,
            kind=r.kind.value, fiscal_year=r.fiscal_year, not_disclosed=hidden,
            registered_by=f"{clerk.municipality_code}:{clerk.name}",
            registered_at=self.ctx.clock.now(),
        )  # fmt: skip
        with self.db.unit_of_work() as uow:
            uow.session.add(row)
            self.log(uow.session, key, by=f"municipality:{clerk.municipality_code}",
                     action="pmh checkup registered", outcome="recorded")  # fmt: skip
            return _checkup(row, disclose=True)

    def check(self, *, query: PmhCheck) -> PmhAnswer:
        key = self.key_of_card(query.holder)
        day = query.visit_date
        fiscal_year = day.year if day.month >= 4 else day.year - 1
        with self.db.unit_of_work() as uow:
            subsidies = [
                _subsidy(row, disclose=not row.not_disclosed)
                for row in _subsidies(uow.session, key)
                if row.valid_from <= day <= row.valid_to
            ]
            checkups = [
                _checkup(row, disclose=not row.not_disclosed)
                for row in uow.session.scalars(
                    select(CheckupEntitlementRow).where(
                        CheckupEntitlementRow.person_key == key,
                        CheckupEntitlementRow.fiscal_year == fiscal_year,
                    )
                )
            ]
            withheld = sum(s.is_not_disclosed for s in subsidies) + sum(
                c.is_not_disclosed for c in checkups
            )
            outcome = f"shown ({withheld} withheld)" if withheld else "shown"
            self.log(uow.session, key, by=query.facility_code, action="pmh check", outcome=outcome)
        return PmhAnswer(visit_date=day, subsidies=tuple(subsidies), checkups=tuple(checkups))


def _subsidies(session: Session, key: str) -> list[SubsidyRow]:
    statement = select(SubsidyRow).where(SubsidyRow.person_key == key)
    return list(session.scalars(statement.order_by(SubsidyRow.insurer_number)))


def _subsidy(row: SubsidyRow, *, disclose: bool) -> Subsidy:
    if not disclose:
        return Subsidy(is_not_disclosed=True, message=WITHHELD)
    return Subsidy(
        is_not_disclosed=row.not_disclosed, law_number=row.insurer_number[:2],
        insurer_number=row.insurer_number, recipient_number=row.recipient_number,
        certification_name=row.certification_name, valid_from=row.valid_from,
        valid_to=row.valid_to, max_copayment_amount=row.max_copayment,
    )  # fmt: skip


def _checkup(row: CheckupEntitlementRow, *, disclose: bool) -> CheckupEntitlement:
    if not disclose:
        return CheckupEntitlement(is_not_disclosed=True, message=WITHHELD)
    return CheckupEntitlement(
        is_not_disclosed=row.not_disclosed, kind=CheckupKind(row.kind),
        fiscal_year=row.fiscal_year, municipality_code=row.municipality_code,
    )  # fmt: skip
