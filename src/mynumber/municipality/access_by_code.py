"""A resident's 閲覧記録 at a municipality, found by the municipality's 符号 for them: what the
portal's やりとり履歴 asks for, so that it needs neither a 宛名番号 nor a resident code here.

The 符号 is mapped to the 宛名番号 through the municipality's own intermediate partition (each
municipality is an agency of its own on the network: `municipality:<code>`); the reads are the
chain the desk writes per 宛名番号 (stream `<code>:<宛名番号>`).
"""

from __future__ import annotations

from typing import Protocol

from mynumber.kernel.db import Database
from mynumber.kernel.hashlog import HashChainedLog, LogRecord
from mynumber.municipality.data import agency_id
from mynumber.municipality.exchanges import Links

__all__ = ["AccessByCode", "PersonAccessRecords"]


class PersonAccessRecords(Protocol):
    """A resident's 閲覧記録 here by the municipality's 符号 for them (see `access_by_code`)."""

    def access_records_by_code(self, *, municipality: str, code: str) -> list[LogRecord]:
        """Return who read the resident's records, oldest first; an unknown 符号 gives []."""
        ...

    def verify_access_records_by_code(self, *, municipality: str, code: str) -> list[str]:
        """Return the problems in the chain of reads; empty if intact or the 符号 unknown."""
        ...


class AccessByCode:
    """`PersonAccessRecords` for `LocalMunicipality` (a mixin over its database, log and links)."""

    _db: Database
    _log: HashChainedLog
    _links: Links | None

    def access_records_by_code(self, *, municipality: str, code: str) -> list[LogRecord]:
        stream = self._stream_for(municipality, code)
        if stream is None:
            return []
        with self._db.unit_of_work() as uow:
            return self._log.read(uow.session, stream=stream)

    def verify_access_records_by_code(self, *, municipality: str, code: str) -> list[str]:
        stream = self._stream_for(municipality, code)
        if stream is None:
            return []
        with self._db.unit_of_work() as uow:
            return self._log.verify(uow.session, stream=stream)

    def _stream_for(self, municipality: str, code: str) -> str | None:
        if self._links is None:  # no partition: no 符号 of its own either
            return None
        number = self._links.intermediate.address_number_for(
            agency=agency_id(municipality), code=code
        )
        return None if number is None else f"{municipality}:{number}"
