"""J-LIS's published export of 本人確認情報 (`registered_identities`), for the 総点検.

Every living resident on the register (status active), with the five items (5情報) as they
stand, the My Number and the 世帯 (a family member's number is one of the 総点検's causes).
Residents are read a chunk at a time in resident-code order (keyset pagination), so a population
of millions is never one list; each chunk's reads are written to the holders' access logs in
one bulk append (`HashChainedLog.append_many`): every export is a read of each person's record.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.db import Database
from mynumber.kernel.linkexport import RegisteredIdentity
from mynumber.registry.data import ResidentStatus
from mynumber.registry.models import ResidentRow
from mynumber.registry.service import Context

__all__ = ["CHUNK", "IDENTITY_EXPORT", "IDENTITY_READ", "IdentityExport", "IdentityExportable"]

CHUNK = 5_000
IDENTITY_EXPORT = "identity_export"  # what the access-log record says was read
IDENTITY_READ = "identity_read"  # a bulk read of named residents (identities_of)
_IN = 500  # bound parameters per IN (...)


class IdentityExportable(Protocol):
    """The registry's side of the 総点検."""

    def registered_identities(self, *, actor: str) -> Iterator[RegisteredIdentity]:
        """Yield every living resident's 本人確認情報 with their 世帯, by resident code; each
        is logged as a read by actor."""
        ...

    def identities_of(
        self, *, resident_codes: Sequence[str], actor: str
    ) -> dict[str, RegisteredIdentity]:
        """Return the 本人確認情報 of these residents (living or not) by resident code, read in
        bulk and each logged as a read by actor; unknown codes are left out."""
        ...


class IdentityExport:
    """`registered_identities`, mixed into `LocalRegistry` (which sets `_db` and `_ctx`)."""

    _db: Database
    _ctx: Context

    def registered_identities(self, *, actor: str) -> Iterator[RegisteredIdentity]:
        after = ""
        while True:
            with self._db.unit_of_work() as uow:
                rows = uow.session.scalars(
                    select(ResidentRow)
                    .where(
                        ResidentRow.resident_code > after,
                        ResidentRow.status == ResidentStatus.ACTIVE.value,
                    )
                    .order_by(ResidentRow.resident_code)
                    .limit(CHUNK)
                ).all()
                chunk = [_identity(row) for row in rows]
                self._log_export(uow.session, chunk, actor=actor)
            yield from chunk
            if len(chunk) < CHUNK:
                return
            after = chunk[-1].resident_code

    def identities_of(
        self, *, resident_codes: Sequence[str], actor: str
    ) -> dict[str, RegisteredIdentity]:
        wanted, found = sorted(set(resident_codes)), list[RegisteredIdentity]()
        with self._db.unit_of_work() as uow:
            for start in range(0, len(wanted), _IN):
                rows = uow.session.scalars(
                    select(ResidentRow).where(
                        ResidentRow.resident_code.in_(wanted[start : start + _IN])
                    )
                )
                found += [_identity(row) for row in rows]
            self._log_export(uow.session, found, actor=actor, what=IDENTITY_READ)
        return {identity.resident_code: identity for identity in found}

    def _log_export(
        self, session: Session, chunk: Sequence[RegisteredIdentity], *, actor: str,
        what: str = "",
    ) -> None:  # fmt: skip
        payload = {"actor": actor, "what": what or IDENTITY_EXPORT, "organisation": "registry"}
        self._ctx.access_log.append_many(
            session,
            entries=[(identity.resident_code, payload) for identity in chunk],
            at=self._ctx.clock.now(),
        )


def _identity(row: ResidentRow) -> RegisteredIdentity:
    building = f"\u3000{row.building}" if row.building else ""
    return RegisteredIdentity(
        my_number=row.my_number,
        resident_code=row.resident_code,
        household_id=row.household_code,
        name=f"{row.family_name}\u3000{row.given_name}",
        name_kana=f"{row.family_kana}\u3000{row.given_kana}",
        birth_date=row.birth_date,
        sex=row.sex,
        address=f"{row.prefecture}{row.municipality}{row.town}{row.block}{building}",
        postal_code=row.postal_code,
    )
