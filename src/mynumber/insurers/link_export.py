"""The insurers' published link export (`linked_records`): every membership with the person as
the enrolment form gave them (5情報) and the My Number it was linked to, for the 総点検.

Under the safeguarded policy an insurer drops the My Number once it has its 符号
(`insurers_keep_my_number`), so its records carry `my_number=None`: the audit compares them with
J-LIS by the five items alone.

Memberships are read a chunk at a time in key order (keyset pagination), so a population of
millions is never one list. ⚠ The insurers keep no per-person read log (閲覧記録): each export
is recorded once, as an `ExportRow` naming the auditor's actor and how many records it gave.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from mynumber.insurers.data import export_agency
from mynumber.insurers.models import ExportRow, MembershipRow
from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.linkexport import LinkedRecord

__all__ = ["CHUNK", "LinkExport"]

CHUNK = 5_000


class LinkExport:
    """`linked_records`, mixed into `LocalInsurers`."""

    _db: Database
    _clock: Clock

    def linked_records(self, *, actor: str) -> Iterator[LinkedRecord]:
        """Yield every membership linked to a My Number, by membership id, a chunk at a time."""
        count, after = 0, ""
        while True:
            with self._db.unit_of_work() as uow:
                rows = uow.session.scalars(
                    select(MembershipRow)
                    .where(MembershipRow.membership_id > after)
                    .order_by(MembershipRow.membership_id)
                    .limit(CHUNK)
                ).all()
                chunk = [_record(row) for row in rows]
            yield from chunk
            count += len(chunk)
            if len(chunk) < CHUNK:
                break
            after = chunk[-1].record_id
        with self._db.unit_of_work() as uow:
            uow.session.add(
                ExportRow(kind="linked_records", actor=actor, records=count, at=self._clock.now())
            )


def _record(row: MembershipRow) -> LinkedRecord:
    return LinkedRecord(
        agency=export_agency(row.insurer_number),
        kind="membership",
        record_id=row.membership_id,
        my_number=row.my_number,
        name=row.name,
        name_kana=row.name_kana,
        birth_date=row.birth_date,
        sex=row.sex,
        address=row.address,
        postal_code=row.postal_code,
        linked_on=row.valid_from,
    )
