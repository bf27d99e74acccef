"""A resident's 閲覧記録 at a municipality, found by the municipality's 符号 for them: what the
portal's やりとり履歴 asks for, so that it needs neither a 宛名番号 nor a resident code here.

The 符号 is mapped to the 宛名番号 through the municipality's own intermediate partition (each
municipality is an agency of its own on the network: `municipality:<code>`); the reads are the
chain the desk writes per 宛名番号 (stream `<code>:<宛名番号>`).
"""

from __future__ import annotations

from typing import Protocol

from mynumber.kernel.access_by_code import ReadsByCode
from mynumber.kernel.hashlog import LogRecord
from mynumber.municipality.data import agency_id

__all__ = ["AccessByCode", "PersonAccessRecords"]


class PersonAccessRecords(Protocol):
    """A resident's 閲覧記録 here by the municipality's 符号 for them (see `access_by_code`)."""

    def access_records_by_code(self, *, municipality: str, code: str) -> list[LogRecord]:
        """Return who read the resident's records, oldest first; an unknown 符号 gives []."""
        ...

    def verify_access_records_by_code(self, *, municipality: str, code: str) -> list[str]:
        """Return the problems in the chain of reads; empty if intact or the 符号 unknown."""
        ...


class AccessByCode(ReadsByCode):
    """`PersonAccessRecords` for `LocalMunicipality`: the kernel's reads by 符号, each
    municipality an agency of its own (`municipality:<code>`), its streams `<code>:<宛名番号>`."""

    def access_records_by_code(self, *, municipality: str, code: str) -> list[LogRecord]:
        return self._reads_by_code(agency=agency_id(municipality), scope=municipality, code=code)

    def verify_access_records_by_code(self, *, municipality: str, code: str) -> list[str]:
        return self._verify_reads_by_code(
            agency=agency_id(municipality), scope=municipality, code=code
        )
