"""代理人 (proxies): legal (法定代理人: 親権者 of a minor, 成年後見人) and voluntary (任意代理人)
proxies, each on a kind of proof, for a period and for named scopes.

- The principal (委任者) registers and removes a proxy alone. A proxy is a link between two
  residents, not between cards: a card suspended or reissued leaves it in place, as in reality
  (city.marugame.lg.jp/page/28712.html) — which is why DV victims are told to check it.
- A proxy acting after removal, outside the period or beyond the scopes is refused (403, a code
  saying which) and the attempt is recorded in the principal's やりとり履歴, as is each act.
- Under a DV 支援措置, which the resident register keeps (`Registry.address_withheld`; set by a
  clerk with `mynumber registry support-measure`), the principal's address is withheld from the
  proxy's view (`address_not_disclosed`, after the PMH API's `isNotDisclosed`).

⚠ Proof is declared, not examined: the real portal has the documents (戸籍謄本, 登記事項証明書
≤ 3 months, 委任状; 番号法施行規則 第6条) checked at a desk. ⚠ The principal names the proxy by
their 住民票コード; the real portal pairs the two through both logging in.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select

from mynumber.kernel.clock import Clock
from mynumber.kernel.db import Database
from mynumber.kernel.errors import ForbiddenError, InvalidInputError, NotFoundError
from mynumber.kernel.fields import JsonDateTime
from mynumber.portal.account_tables import ProxyRow
from mynumber.portal.events import PersonLog
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident

__all__ = [
    "NewProxy",
    "PrincipalView",
    "ProofKind",
    "ProxyDesk",
    "ProxyKind",
    "ProxyScope",
    "ProxyView",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class ProxyKind(StrEnum):
    """法定代理人 or 任意代理人."""

    PARENT = "parent"  # 親権者（未成年者の法定代理人）
    GUARDIAN = "guardian"  # 成年後見人
    VOLUNTARY = "voluntary"  # 任意代理人


class ProofKind(StrEnum):
    """The document the proxy's authority rests on."""

    FAMILY_REGISTER = "family_register"  # 戸籍謄本
    GUARDIANSHIP_REGISTRY = "guardianship_registry"  # 登記事項証明書
    POWER_OF_ATTORNEY = "power_of_attorney"  # 委任状


PROOF_FOR = {
    ProxyKind.PARENT: ProofKind.FAMILY_REGISTER,
    ProxyKind.GUARDIAN: ProofKind.GUARDIANSHIP_REGISTRY,
    ProxyKind.VOLUNTARY: ProofKind.POWER_OF_ATTORNEY,
}
KIND_NAMES = {
    ProxyKind.PARENT: "法定代理人（親権者）",
    ProxyKind.GUARDIAN: "法定代理人（成年後見人）",
    ProxyKind.VOLUNTARY: "任意代理人",
}


class ProxyScope(StrEnum):
    """What a proxy may see for the principal."""

    PROFILE = "profile"  # 自己情報表示（基本4情報）
    RECORDS = "records"  # やりとり履歴


class NewProxy(BaseModel):
    """A proxy the principal registers."""

    model_config = _FROZEN
    proxy_resident_code: str = Field(pattern=r"^[0-9]{11}$", description="the proxy's 住民票コード")
    kind: ProxyKind
    proof: ProofKind
    scopes: tuple[ProxyScope, ...] = Field(min_length=1)
    valid_from: dt.date
    valid_until: dt.date

    @model_validator(mode="after")
    def _consistent(self) -> NewProxy:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if PROOF_FOR[self.kind] is not self.proof:
            raise ValueError(f"a {self.kind.value} proxy rests on {PROOF_FOR[self.kind].value}")
        return self


class ProxyView(BaseModel):
    """A registered proxy, as principal and proxy see it."""

    model_config = _FROZEN
    proxy_id: str
    principal: str
    proxy: str
    kind: ProxyKind
    proof: ProofKind
    scopes: tuple[ProxyScope, ...]
    valid_from: dt.date
    valid_until: dt.date
    added_at: JsonDateTime
    removed_at: JsonDateTime | None = None


class PrincipalView(BaseModel):
    """What a proxy sees of the principal: the four items, the address withheld under a DV
    支援措置 (`address_not_disclosed`, the PMH API's `isNotDisclosed`)."""

    model_config = _FROZEN
    resident_code: str
    name: str
    name_kana: str
    birth_date: dt.date
    address: str | None
    address_not_disclosed: bool


def _view(row: ProxyRow) -> ProxyView:
    return ProxyView(
        proxy_id=row.proxy_id,
        principal=row.principal,
        proxy=row.proxy,
        kind=ProxyKind(row.kind),
        proof=ProofKind(row.proof),
        scopes=tuple(ProxyScope(s) for s in row.scopes.split(",")),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        added_at=row.added_at,
        removed_at=row.removed_at,
    )


def address_text(resident: Resident) -> str:
    """Return the address as one line."""
    a = resident.address
    return "".join((a.prefecture, a.municipality, a.town, a.block, " " + a.building)).strip()


class ProxyDesk(PersonLog):
    """The 代理人 side of the portal (mixed into `LocalPortal`)."""

    _db: Database
    _clock: Clock
    _registry: Registry

    def add_proxy(self, *, principal: str, new: NewProxy) -> ProxyView:
        """Register a proxy for the principal (the proxy must be a resident, not the principal)."""
        if new.proxy_resident_code == principal:
            raise InvalidInputError("ご本人を代理人にはできません。", code="proxy_self")
        proxy = self._registry.get(resident_code=new.proxy_resident_code, actor="portal")
        row = ProxyRow(
            proxy_id=uuid.uuid4().hex, principal=principal, proxy=new.proxy_resident_code,
            kind=new.kind.value, proof=new.proof.value,
            scopes=",".join(s.value for s in new.scopes), valid_from=new.valid_from,
            valid_until=new.valid_until, added_at=self._clock.now(),
        )  # fmt: skip
        with self._db.unit_of_work() as uow:
            uow.session.add(row)
            uow.session.flush()
            view = _view(row)
        detail = f"{proxy.name.full}（{new.valid_from}〜{new.valid_until}）"
        self._record(
            principal, "proxy_added", f"代理人を登録: {KIND_NAMES[new.kind]}", detail, "本人"
        )
        return view

    def proxies(self, *, resident_code: str) -> list[ProxyView]:
        """Return the proxies the person registered and those acting for the person's
        principals, removed ones included, oldest first."""
        with self._db.unit_of_work() as uow:
            rows = uow.session.scalars(
                select(ProxyRow)
                .where((ProxyRow.principal == resident_code) | (ProxyRow.proxy == resident_code))
                .order_by(ProxyRow.added_at, ProxyRow.proxy_id)
            )
            return [_view(row) for row in rows]

    def remove_proxy(self, *, principal: str, proxy_id: str) -> ProxyView:
        """Remove a proxy: the principal alone may (404 for anyone else's)."""
        with self._db.unit_of_work() as uow:
            row = uow.session.get(ProxyRow, proxy_id)
            if row is None or row.principal != principal:
                raise NotFoundError("その代理人は登録されていません。", code="proxy_unknown")
            if row.removed_at is None:
                row.removed_at = self._clock.now()
            view = _view(row)
        self._record(principal, "proxy_removed", "代理人を解除", KIND_NAMES[view.kind], "本人")
        return view

    def act_for(self, *, proxy: str, principal: str, scope: ProxyScope) -> ProxyView:
        """Return the proxy's standing for the principal, or refuse: not registered, removed,
        outside the period or beyond the scopes; each attempt recorded in the principal's log."""
        today = self._clock.now().date()
        with self._db.unit_of_work() as uow:
            rows = [_view(r) for r in uow.session.scalars(
                select(ProxyRow).where(ProxyRow.principal == principal, ProxyRow.proxy == proxy)
            )]  # fmt: skip
        live = [r for r in rows if r.removed_at is None]
        current = [r for r in live if r.valid_from <= today <= r.valid_until]
        allowed = [r for r in current if scope in r.scopes]
        refusal = _refusal(rows, live, current, allowed)
        who = f"代理人 {self._name(proxy)}"
        summary = f"代理人による{'閲覧' if scope is ProxyScope.RECORDS else '自己情報表示'}"
        if refusal is not None:
            code, reason = refusal
            self._record(principal, "proxy_refused", summary + "を拒否", reason, who)
            raise ForbiddenError(f"代理人として閲覧できません: {reason}。", code=code)
        self._record(principal, "proxy_acted", summary, f"範囲: {scope.value}", who)
        return allowed[0]

    def _name(self, resident_code: str) -> str:
        try:
            return self._registry.get(resident_code=resident_code, actor="portal").name.full
        except NotFoundError:
            return resident_code

    def principal_view(self, *, proxy: str, principal: str) -> PrincipalView:
        """Return the principal's four items as their proxy sees them (scope `profile`)."""
        self.act_for(proxy=proxy, principal=principal, scope=ProxyScope.PROFILE)
        resident = self._registry.get(resident_code=principal, actor="portal")
        hidden = self._registry.address_withheld(resident_code=principal)
        return PrincipalView(
            resident_code=principal, name=resident.name.full, name_kana=resident.name.full_kana,
            birth_date=resident.birth_date, address=None if hidden else address_text(resident),
            address_not_disclosed=hidden,
        )  # fmt: skip


def _refusal(
    rows: list[ProxyView], live: list[ProxyView], current: list[ProxyView], allowed: list[Any]
) -> tuple[str, str] | None:
    if not rows:
        return "proxy_not_registered", "代理人として登録されていません"
    if not live:
        return "proxy_removed", "代理人の登録は解除されています"
    if not current:
        return "proxy_out_of_period", "代理の期間外です"
    if not allowed:
        return "proxy_out_of_scope", "代理の範囲外です"
    return None
