"""The 公金受取口座 on the network: the portal registers it as 副本 (公金受取口座関係情報) in its
partition of the intermediate server, so a benefit agency asks for it by 情報照会 (procedure
J0023) like any other item, and the exchange lands in the person's 情報提供等記録 — hence in the
やりとり履歴.

What is published follows the account: a payable account from today; an agency's registration
under the 特例 from the end of the decline period (or, needing the person's confirmation, not
at all); a held, deleted or declined one as an empty item from today (⚠ the real 副本 of a
withdrawn account is not public). The 符号 is the portal's own (`portal_code`).
"""

from __future__ import annotations

import datetime as dt

from mynumber.intermediate.api import AgencyPartition
from mynumber.intermediate.data import CopyRecord
from mynumber.kernel.clock import Clock, today_in_japan
from mynumber.kernel.db import Database
from mynumber.network.api import CodeIssuance
from mynumber.network.data import ACCOUNT_ITEM
from mynumber.portal.account_tables import AccountCopyRow, AccountRow
from mynumber.portal.portal_code import PORTAL_AGENCY, portal_code

__all__ = ["AccountCopies"]

_FIELDS = ("bank_code", "branch_code", "kind", "number", "holder_kana")


class AccountCopies:
    """Keeps the network's 副本 of each person's account in step with the portal's."""

    def __init__(
        self,
        *,
        database: Database,
        clock: Clock,
        codes: CodeIssuance,
        intermediate: AgencyPartition,
    ) -> None:
        self._db, self._clock = database, clock
        self._codes, self._intermediate = codes, intermediate

    def publish(self, resident_code: str) -> None:
        """Register the next version of the person's 公金受取口座関係情報 as it now stands."""
        portal_code(self._codes, self._intermediate, resident_code)
        today = today_in_japan(self._clock)
        with self._db.unit_of_work() as uow:
            row = uow.session.get(AccountRow, resident_code)
            values, published_from = _published(row, today)
            kept = uow.session.get(AccountCopyRow, resident_code)
            if kept is None:
                kept = AccountCopyRow(resident_code=resident_code, version=0)
                uow.session.add(kept)
            kept.version += 1
            version = kept.version
        copy = CopyRecord(address_number=resident_code, item_code=ACCOUNT_ITEM, version=version,
                          published_from=published_from, values=values)  # fmt: skip
        receipt = self._intermediate.register_copies(agency=PORTAL_AGENCY, copies=[copy])
        assert receipt.registered == 1, receipt.refusals


def _published(
    row: AccountRow | None, today: dt.date
) -> tuple[dict[str, str | int | None], dt.date]:
    empty: dict[str, str | int | None] = dict.fromkeys(_FIELDS)
    if row is None or row.state == "held":
        return empty, today
    values: dict[str, str | int | None] = {f: getattr(row, f) for f in _FIELDS}
    if row.state == "active":
        return values, today
    if row.needs_confirmation or row.decline_until is None:  # pending, awaiting the person
        return empty, today
    return values, max(today, row.decline_until.date() + dt.timedelta(days=1))
