"""The members of a person's household (世帯員), for the person's own eyes (the portal's
自己情報表示): read from the register, each member's read recorded in their access log.

⚠ Only members on the register (status active) are listed; the head first, then by birth date.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.db import Database
from mynumber.registry import queries
from mynumber.registry.data import HouseholdMemberView, Relationship, ResidentStatus
from mynumber.registry.models import ResidentRow

__all__ = ["HouseholdDesk", "HouseholdReads", "members_of"]

HOUSEHOLD_READ = "household"  # the `what` of the access-log record


class HouseholdReads(Protocol):
    """The household of a person, as the person sees it."""

    def household_members(self, *, resident_code: str, actor: str) -> list[HouseholdMemberView]:
        """Return the members of the person's household (the person too, marked), head first,
        without My Number; the read is recorded in every listed member's access log."""
        ...


def members_of(session: Session, resident_code: str) -> list[tuple[str, HouseholdMemberView]]:
    """Return (resident code, view) of each active member of the person's household."""
    household = queries.get(session, resident_code=resident_code).household_code
    rows = session.scalars(
        select(ResidentRow).where(
            ResidentRow.household_code == household,
            ResidentRow.status == ResidentStatus.ACTIVE.value,
        )
    )
    found = [
        (
            row.resident_code,
            HouseholdMemberView(
                name=f"{row.family_name}\u3000{row.given_name}",
                name_kana=f"{row.family_kana}\u3000{row.given_kana}",
                birth_date=row.birth_date,
                relationship=Relationship(row.relationship),
                is_self=row.resident_code == resident_code,
            ),
        )
        for row in rows
    ]
    return sorted(found, key=lambda m: (m[1].relationship is not Relationship.HEAD,
                                        m[1].birth_date, m[0]))  # fmt: skip


class HouseholdDesk:
    """`HouseholdReads` for `LocalRegistry` (which sets `_db` and `_log_read`)."""

    _db: Database

    def _log_read(self, session: Session, resident_code: str, *, actor: str, what: str) -> None:
        raise NotImplementedError  # LocalRegistry's

    def household_members(self, *, resident_code: str, actor: str) -> list[HouseholdMemberView]:
        with self._db.unit_of_work() as uow:
            found = members_of(uow.session, resident_code)
            for code, _ in found:
                self._log_read(uow.session, code, actor=actor, what=HOUSEHOLD_READ)
        return [view for _, view in found]
