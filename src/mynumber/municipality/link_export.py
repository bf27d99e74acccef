"""The municipalities' published link export (`linked_records`): each 宛名番号 with the My Number
kept beside it, for the 総点検.

A municipality takes the My Number from the resident register itself (住基連携), never from a
form, so there is nothing to check before acceptance: its links can only be as wrong as the
register. The record carries what the 宛名 holds, the kanji name and birth date (⚠ no reading,
sex or address: `name_kana` and `address` are empty and `sex` is 0, ISO 5218's "not known").
Addressees are read a chunk at a time in key order; each chunk's reads are written to the
people's access logs (`<municipality>:<宛名番号>`) in one bulk append.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select, tuple_

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.linkexport import LinkedRecord
from mynumber.municipality.models import AddresseeRow

__all__ = ["CHUNK", "KIND", "AddresseeLinks", "agency_of"]

CHUNK = 5_000
KIND = "addressee"


def agency_of(municipality_code: str) -> str:
    """Return the agency a municipality's records carry (municipality:<団体コード>)."""
    return f"municipality:{municipality_code}"


class AddresseeLinks:
    """`linked_records`, mixed into `LocalMunicipality`."""

    _db: Database
    _clock: Clock
    _log: HashChainedLog

    def linked_records(self, *, actor: str) -> Iterator[LinkedRecord]:
        """Yield every 宛名番号 linked to a My Number, by municipality and number."""
        after = ("", "")
        key = tuple_(AddresseeRow.municipality_code, AddresseeRow.address_number)
        while True:
            with self._db.unit_of_work() as uow:
                rows = uow.session.scalars(
                    select(AddresseeRow)
                    .where(key > after)
                    .order_by(AddresseeRow.municipality_code, AddresseeRow.address_number)
                    .limit(CHUNK)
                ).all()
                chunk = [(row.municipality_code, _record(row)) for row in rows]
                self._log.append_many(
                    uow.session,
                    entries=[
                        (f"{code}:{record.record_id}", _read(actor, code)) for code, record in chunk
                    ],
                    at=self._clock.now(),
                )
            yield from (record for _, record in chunk)
            if len(chunk) < CHUNK:
                return
            after = (chunk[-1][0], chunk[-1][1].record_id)


def _read(actor: str, code: str) -> dict[str, str]:
    return {"actor": actor, "what": "link_export", "organisation": agency_of(code)}


def _record(row: AddresseeRow) -> LinkedRecord:
    return LinkedRecord(
        agency=agency_of(row.municipality_code), kind=KIND, record_id=row.address_number,
        my_number=row.my_number, name=row.name, name_kana="", birth_date=row.birth_date,
        sex=0, linked_on=row.enrolled_at.date(),
    )  # fmt: skip
