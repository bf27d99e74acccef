"""公金受取口座 (public-funds receiving account): one account per person, registered, changed or
deleted by the person at the portal, or by an agency under the 行政機関等経由登録の特例.

The two 2023 failures (digital.go.jp, 2023-06-07; SEEDS-MAP O2, P5: S3 L71, L142, L659) are
caught here:

- *Another person's account on a shared desk PC that was not logged out.* The holder's kana is
  matched against the registry's 氏名の振り仮名 of the logged-in person (an official registry
  item since 2026-05-26); width, small kana, spacing and how a 濁点 is written do not count
  (`fold_kana`), a different name does: refused `holder_mismatch`, nothing stored, the attempt
  recorded in the person's やりとり履歴.
- *One account on several people* (the 総点検 kept pairs with a different surname and address;
  ~130,000 family accounts). With the kana check no one can register another person's account
  under the other's name, so a bank account already registered by someone else means one of the
  two registrations is wrong — and the wrong one may be the *first* (the desk PC put B's account
  on A's record; B then registers their own). The second is therefore not refused but **held for
  check** (`held`), and the first is held with it; a held account is given to no agency until
  the person changes it (the 総点検's remedy: stop giving it to benefit agencies). The reason
  says whether surname and address differ, the 総点検's filter, for whoever checks.

⚠ The portal cannot ask the bank who holds an account (口座名義照会 is not modelled): the kana
is matched against the registry, not the bank. ⚠ The decline period of the 特例 is taken as 30
days (the law leaves it to the notice).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from mynumber.kernel.fields import JsonDateTime
from mynumber.kernel.japanese import fold_kana, is_katakana_name, normalize_kana
from mynumber.kernel.policy import Policy
from mynumber.portal.account_copies import AccountCopies
from mynumber.portal.account_tables import AccountRow
from mynumber.portal.events import PersonLog
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident

__all__ = ["AccountDesk", "AccountInput", "AccountKind", "AccountState", "AccountView"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
DECLINE_PERIOD = dt.timedelta(days=30)  # ⚠ see the module docstring
PERSON = "本人"


class AccountKind(StrEnum):
    """預金種目."""

    ORDINARY = "普通"
    CURRENT = "当座"
    SAVINGS = "貯蓄"


class AccountState(StrEnum):
    """Where a registration stands."""

    ACTIVE = "active"  # 登録済み
    HELD = "held"  # 確認のため保留: given to no agency
    PENDING = "pending"  # 特例: registered once the period passes (or the person confirms)


class AccountInput(BaseModel):
    """An account as the person or an agency gives it."""

    model_config = _FROZEN
    bank_code: str = Field(pattern=r"^[0-9]{4}$", description="金融機関コード")
    branch_code: str = Field(pattern=r"^[0-9]{3}$", description="支店コード")
    kind: AccountKind
    number: str = Field(pattern=r"^[0-9]{7}$", description="口座番号")
    holder_kana: str = Field(min_length=1, max_length=100, description="口座名義（カナ）")


class AccountView(AccountInput):
    """The registered account as the person sees it."""

    state: AccountState
    held_reason: str | None = None
    registered_by: str = Field(description="本人, or the agency under the 特例")
    registered_at: JsonDateTime
    decline_until: JsonDateTime | None = None
    needs_confirmation: bool = False


def _view(row: AccountRow) -> AccountView:
    return AccountView(
        bank_code=row.bank_code,
        branch_code=row.branch_code,
        kind=AccountKind(row.kind),
        number=row.number,
        holder_kana=row.holder_kana,
        state=AccountState(row.state),
        held_reason=row.held_reason,
        registered_by=row.registered_by,
        registered_at=row.registered_at,
        decline_until=row.decline_until,
        needs_confirmation=row.needs_confirmation,
    )


def _describe(account: AccountInput) -> str:
    return (
        f"{account.bank_code}-{account.branch_code} {account.kind.value} ****{account.number[-3:]}"
    )


class AccountDesk(PersonLog):
    """The 公金受取口座 side of the portal (mixed into `LocalPortal`)."""

    _db: Database
    _clock: Clock
    _registry: Registry
    _policy: Policy
    _copies: AccountCopies  # the 副本 the network provides from

    def _resident(self, resident_code: str) -> Resident:
        return self._registry.get(resident_code=resident_code, actor="portal")

    def _check_holder(self, resident_code: str, account: AccountInput, who: str) -> str:
        """Return the holder kana normalised, or record and refuse a name not the person's."""
        holder = normalize_kana(account.holder_kana)
        registered = self._resident(resident_code).name.full_kana
        if not is_katakana_name(holder) or fold_kana(holder) != fold_kana(registered):
            self._record(resident_code, "account_refused", "公金受取口座の登録を拒否",
                         f"口座名義 {holder} が本人の氏名（カナ）と一致しません", who)  # fmt: skip
            raise InvalidInputError(
                f"口座名義（{holder}）がご本人の氏名の振り仮名と一致しないため登録できません。"
                "ご本人名義の口座を登録してください。",
                code="holder_mismatch",
            )
        return holder

    def account(self, *, resident_code: str) -> AccountView | None:
        """Return the person's registered account, if any."""
        with self._db.unit_of_work() as uow:
            row = uow.session.get(AccountRow, resident_code)
            return None if row is None else _view(row)

    def register_account(self, *, resident_code: str, account: AccountInput) -> AccountView:
        """Register or change the person's own account (the holder must be the person)."""
        holder = self._check_holder(resident_code, account, PERSON)
        row = self._store(resident_code, account, holder, by=PERSON, pending=False)
        return row

    def _store(
        self, resident_code: str, account: AccountInput, holder: str, *, by: str, pending: bool
    ) -> AccountView:
        now = self._clock.now()
        with self._db.unit_of_work() as uow:
            row = uow.session.get(AccountRow, resident_code) or AccountRow(
                resident_code=resident_code
            )
            row.bank_code, row.branch_code = account.bank_code, account.branch_code
            row.kind, row.number, row.holder_kana = account.kind.value, account.number, holder
            row.registered_by, row.registered_at = by, now
            row.state = AccountState.PENDING if pending else AccountState.ACTIVE
            row.held_reason, row.decline_until = None, (now + DECLINE_PERIOD) if pending else None
            row.needs_confirmation = (
                pending and not self._policy.agency_registers_accounts_unless_declined
            )
            uow.session.add(row)
            uow.session.flush()
            sharers = self._shared_with(uow.session, row)
            view = _view(row)
        self._record(
            resident_code, "account_registered", "公金受取口座を登録", _describe(account), by
        )
        if sharers:
            view = self._hold(resident_code, sharers)
        self._copies.publish(resident_code)
        return view

    def _shared_with(self, session: Session, row: AccountRow) -> list[str]:
        found = session.scalars(
            select(AccountRow.resident_code).where(
                AccountRow.bank_code == row.bank_code,
                AccountRow.branch_code == row.branch_code,
                AccountRow.number == row.number,
                AccountRow.resident_code != row.resident_code,
            )
        )
        return list(found)

    def _hold(self, resident_code: str, sharers: list[str]) -> AccountView:
        """Hold the account of everyone who registered the same one, saying whether surname
        and address differ (the 総点検's filter)."""
        me = self._resident(resident_code)
        for other_code in sharers:
            other = self._resident(other_code)
            surname = (
                "姓が異なる"
                if fold_kana(other.name.family_kana) != fold_kana(me.name.family_kana)
                else "姓が同じ"
            )
            address = "住所が異なる" if other.address != me.address else "住所が同じ"
            reason = f"同じ口座が他の方にも登録されています（{surname}・{address}）"
            for code in (resident_code, other_code):
                with self._db.unit_of_work() as uow:
                    held = uow.session.get(AccountRow, code)
                    assert held is not None
                    held.state, held.held_reason = AccountState.HELD, reason
                self._record(code, "account_held", "公金受取口座を確認のため保留",
                             reason, "マイナポータル")  # fmt: skip
            self._copies.publish(other_code)
        view = self.account(resident_code=resident_code)
        assert view is not None
        return view

    def delete_account(self, *, resident_code: str) -> None:
        """Delete the person's account (404 `account_none` without one)."""
        with self._db.unit_of_work() as uow:
            row = uow.session.get(AccountRow, resident_code)
            if row is None:
                raise NotFoundError("公金受取口座は登録されていません。", code="account_none")
            uow.session.delete(row)
        self._record(resident_code, "account_deleted", "公金受取口座を削除", "", PERSON)
        self._copies.publish(resident_code)

    def register_account_by_agency(
        self, *, agency: str, resident_code: str, account: AccountInput
    ) -> AccountView:
        """行政機関等経由登録の特例: an agency gives the account it pays into; it stands unless
        the person declines within the period (real), or once the person confirms
        (safeguarded). An account the person registered is not replaced (409 `account_exists`)."""
        if self.account(resident_code=resident_code) is not None:
            raise ConflictError("公金受取口座は既に登録されています。", code="account_exists")
        holder = self._check_holder(resident_code, account, agency)
        return self._store(resident_code, account, holder, by=agency, pending=True)

    def answer_agency_registration(self, *, resident_code: str, accept: bool) -> AccountView | None:
        """The person confirms or declines an account an agency registered."""
        with self._db.unit_of_work() as uow:
            row = uow.session.get(AccountRow, resident_code)
            if row is None or row.state != AccountState.PENDING:
                raise NotFoundError("確認を待つ口座はありません。", code="account_not_pending")
            if accept:
                row.state, row.decline_until, row.needs_confirmation = (
                    AccountState.ACTIVE,
                    None,
                    False,
                )
            else:
                uow.session.delete(row)
        answer = "承認" if accept else "拒否"
        what = "account_confirmed" if accept else "account_declined"
        self._record(resident_code, what, f"行政機関等経由の口座登録を{answer}", "", PERSON)
        self._copies.publish(resident_code)
        return self.account(resident_code=resident_code)

    def account_for_agency(self, *, agency: str, resident_code: str, purpose: str) -> AccountInput:
        """Give a benefit-paying agency the account to pay into, recorded in the person's
        やりとり履歴; a held, declined-in-time or unconfirmed account is not given."""
        now = self._clock.now()
        view = self.account(resident_code=resident_code)
        refusal = _not_payable(view, now)
        detail = f"目的: {purpose}" + (f" / 提供せず（{refusal}）" if refusal else "")
        self._record(
            resident_code, "account_provided", "公金受取口座の照会", detail, f"機関 {agency}"
        )
        if refusal or view is None:
            raise ForbiddenError(
                f"公金受取口座を提供できません（{refusal}）。", code="account_unavailable"
            )
        return AccountInput.model_validate(view.model_dump(include=set(AccountInput.model_fields)))


def _not_payable(view: AccountView | None, now: dt.datetime) -> str | None:
    if view is None:
        return "未登録"
    if view.state is AccountState.HELD:
        return "確認のため保留中"
    if view.state is AccountState.PENDING:
        if view.needs_confirmation:
            return "本人の承認待ち"
        if view.decline_until is not None and now < view.decline_until:
            return "拒否の申出期間中"
    return None
