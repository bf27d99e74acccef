"""The pension service's links of a 基礎年金番号 to a My Number: checked before acceptance, and
published for the 総点検 (`linked_records`).

A notice (資格取得届 and the like) names the person by My Number: the first for a number links a
new 基礎年金番号 to it, a later one adds to the record linked to it. Under the policy
`links_checked_before_acceptance` each number's first notice in a batch is compared with J-LIS's
本人確認情報 (the items it carries: kanji name and birth date, and reading, sex and address where
given); one that contradicts it is held for review (`HeldNoticeRow`), and every notice of that
number in the batch is left untaken (a form with someone else's number must not add to their
record either). Under the real policy notices are taken as given.

The export reads people a chunk at a time in 基礎年金番号 order and writes each chunk's reads to
the people's access logs in one bulk append.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import ClassVar

from sqlalchemy import select

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.linkexport import LinkedRecord
from mynumber.kernel.policy import Policy
from mynumber.pension.data import AGENCY_ID, CoverageNotice
from mynumber.pension.models import HeldNoticeRow, PersonRow
from mynumber.registry.api import Registry
from mynumber.registry.data import ClaimedIdentity

__all__ = ["AGENCY", "CHUNK", "PensionLinks"]

AGENCY = "pension"  # the agency the export names
CHUNK = 5_000


class PensionLinks:
    """The check and the export, mixed into `LocalPension`."""

    _db: Database
    _clock: Clock
    _log: HashChainedLog
    _scope: ClassVar[str]
    _registry: Registry | None
    _policy: Policy | None

    def _checked(self, notices: Sequence[CoverageNotice]) -> tuple[list[CoverageNotice], int]:
        """Return the notices to take and how many numbers' notices were held for review."""
        if self._registry is None or self._policy is None:
            return list(notices), 0
        if not self._policy.links_checked_before_acceptance or not notices:
            return list(notices), 0
        first: dict[str, CoverageNotice] = {}
        for notice in notices:
            first.setdefault(notice.my_number, notice)
        claims = [_claim(notice) for notice in first.values()]
        found = self._registry.check_identities(claims=claims, actor=AGENCY_ID)
        held = {number: items for number, items in zip(first, found, strict=True) if items}
        if held:
            now = self._clock.now()
            with self._db.unit_of_work() as uow:
                uow.session.add_all(
                    _held_row(first[number], items, now) for number, items in held.items()
                )
        return [n for n in notices if n.my_number not in held], len(held)

    def linked_records(self, *, actor: str) -> Iterator[LinkedRecord]:
        """Yield every 基礎年金番号 with the My Number it is linked to, a chunk at a time."""
        after = ""
        while True:
            with self._db.unit_of_work() as uow:
                rows = uow.session.scalars(
                    select(PersonRow)
                    .where(PersonRow.basic_pension_number > after)
                    .order_by(PersonRow.basic_pension_number)
                    .limit(CHUNK)
                ).all()
                chunk = [_record(row) for row in rows]
                payload = {"actor": actor, "what": "link_export", "organisation": AGENCY_ID}
                self._log.append_many(
                    uow.session,
                    entries=[(f"{self._scope}:{r.record_id}", payload) for r in chunk],
                    at=self._clock.now(),
                )
            yield from chunk
            if len(chunk) < CHUNK:
                return
            after = chunk[-1].record_id


def _claim(notice: CoverageNotice) -> ClaimedIdentity:
    return ClaimedIdentity(
        my_number=notice.my_number, name=notice.name, name_kana=notice.name_kana,
        birth_date=notice.birth_date, sex=notice.sex, address=notice.address,
        postal_code=notice.postal_code,
    )  # fmt: skip


def _held_row(notice: CoverageNotice, items: Sequence[object], now: dt.datetime) -> HeldNoticeRow:
    return HeldNoticeRow(
        name=notice.name, birth_date=notice.birth_date, since=notice.since,
        mismatched=",".join(str(getattr(i, "value", i)) for i in items), held_at=now,
    )  # fmt: skip


def _record(row: PersonRow) -> LinkedRecord:
    return LinkedRecord(
        agency=AGENCY, kind="pension", record_id=row.basic_pension_number,
        my_number=row.my_number, name=row.name, name_kana=row.name_kana or "",
        birth_date=row.birth_date, sex=row.sex or 0, address=row.address or "",
        postal_code=row.postal_code or "", linked_on=row.registered_at.date(),
    )  # fmt: skip
