"""公金受取口座 as links to a My Number: registrations loaded in bulk, and their export.

`load_accounts` stands for the registrations made before the 振り仮名 became a register item
(2026-05-26), when nothing compared the account's holder with the person: the 2023 総点検 found
748 accounts on another person's name and ~130,000 family accounts among them. Under the real
policy they are stored as given (active); under `links_checked_before_acceptance` the holder's
kana is compared with J-LIS's 本人確認情報 of the person first (width, small kana and spacing
folded), and an account that contradicts it is stored held for review, given to no agency.
⚠ A bulk load writes no やりとり履歴 entry per person and no 副本 (the network is not told);
the person-facing paths (`accounts.AccountDesk`) do both.

`linked_records` exports each registration as a `LinkedRecord` of kind `bank_account`, named by
the person's resident code (the portal's key for it): the name is the account holder's as
registered (kana only: ⚠ an account carries no kanji name, so `name` is empty), the birth date,
sex, address and My Number those of the person it is registered to, read from J-LIS in bulk
(each read logged in the register's access log).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple, Protocol

from sqlalchemy import insert, select

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.identity_fold import fold_reading
from mynumber.kernel.linkexport import LinkedRecord
from mynumber.kernel.policy import Policy
from mynumber.portal.account_tables import AccountRow
from mynumber.portal.accounts import AccountInput, AccountState
from mynumber.registry.api import Registry

__all__ = ["AGENCY", "CHUNK", "AccountLinks", "AccountLoad", "LoadedAccount"]

AGENCY, KIND = "portal", "bank_account"
CHUNK = 5_000
_ACTOR = "portal"
HELD_REASON = "口座名義が本人確認情報（氏名の振り仮名）と一致しません"


class LoadedAccount(NamedTuple):
    """One registration to load: whose, which account, by whom (本人 or an agency)."""

    resident_code: str
    account: AccountInput
    registered_by: str


class AccountLoad(Protocol):
    """Bulk registrations (synthetic loads, migrations of past registrations)."""

    def load_accounts(self, *, accounts: Sequence[LoadedAccount]) -> set[str]:
        """Store the registrations (none of these people has one yet); return the resident
        codes of those held for review by the link check."""
        ...


class AccountLinks:
    """`load_accounts` and `linked_records`, mixed into `LocalPortal`."""

    _db: Database
    _clock: Clock
    _registry: Registry
    _policy: Policy

    def load_accounts(self, *, accounts: Sequence[LoadedAccount]) -> set[str]:
        held: set[str] = set()
        if self._policy.links_checked_before_acceptance and accounts:
            people = self._registry.identities_of(
                resident_codes=[a.resident_code for a in accounts], actor=_ACTOR
            )
            held = {
                a.resident_code for a in accounts
                if fold_reading(a.account.holder_kana)
                != fold_reading(people[a.resident_code].name_kana)
            }  # fmt: skip
        now = self._clock.now()
        rows = [
            {
                "resident_code": a.resident_code, "bank_code": a.account.bank_code,
                "branch_code": a.account.branch_code, "kind": a.account.kind.value,
                "number": a.account.number, "holder_kana": a.account.holder_kana,
                "state": AccountState.HELD if a.resident_code in held else AccountState.ACTIVE,
                "held_reason": HELD_REASON if a.resident_code in held else None,
                "registered_by": a.registered_by, "decline_until": None,
                "needs_confirmation": False, "registered_at": now,
            }
            for a in accounts
        ]  # fmt: skip
        with self._db.unit_of_work() as uow:
            for start in range(0, len(rows), CHUNK):
                uow.session.execute(insert(AccountRow), rows[start : start + CHUNK])
        return held

    def linked_records(self, *, actor: str) -> Iterator[LinkedRecord]:
        """Yield every registration accepted (active or pending: one held for review is not a
        link the portal acts on), by resident code, a chunk at a time."""
        after = ""
        while True:
            with self._db.unit_of_work() as uow:
                rows = uow.session.scalars(
                    select(AccountRow)
                    .where(
                        AccountRow.resident_code > after,
                        AccountRow.state != AccountState.HELD.value,
                    )
                    .order_by(AccountRow.resident_code)
                    .limit(CHUNK)
                ).all()
                found = [(r.resident_code, r.holder_kana, r.registered_at) for r in rows]
            people = self._registry.identities_of(
                resident_codes=[code for code, _, _ in found], actor=actor
            )
            for code, holder, registered_at in found:
                person = people.get(code)
                if person is not None:  # ⚠ a person no longer on the register is left out
                    yield LinkedRecord(
                        agency=AGENCY, kind=KIND, record_id=code, my_number=person.my_number,
                        name="", name_kana=holder, birth_date=person.birth_date,
                        sex=person.sex, address=person.address,
                        postal_code=person.postal_code, linked_on=registered_at.date(),
                    )  # fmt: skip
            if len(found) < CHUNK:
                return
            after = found[-1][0]
