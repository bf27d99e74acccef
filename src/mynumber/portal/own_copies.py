"""The person's own 副本, asked of the network's 自己情報提供 under the portal's own 符号: the
地方税関係情報 of each municipality that holds a 符号 for them, the 年金給付関係情報 of the
pension service and the 雇用保険給付関係情報 of ハローワーク.

Each request is signed with the portal's key (`network.data.sign`) and recorded by the network
at the portal, the provider and the network, so the person's やりとり履歴 shows it. The request id
says why it was made (`own-`: the 自己情報表示, `api-`: the 自己情報取得API) ⚠. A provider with
no 符号 for the person is not asked (nothing of theirs can be there). Nothing is kept.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from mynumber.employment.data import AGENCY_ID as EMPLOYMENT_AGENCY
from mynumber.employment.data import EMPLOYMENT_BENEFIT_ITEM
from mynumber.intermediate.api import AgencyPartition
from mynumber.kernel.agencykeys import AgencyKeyStore
from mynumber.kernel.clock import Clock
from mynumber.municipality.data import LOCAL_TAX_ITEM
from mynumber.network.api import CodeIssuance, PortalRecords, SelfInformationProvision
from mynumber.network.data import (
    SELF_INFORMATION_PROCEDURE,
    AgencyKind,
    ExchangeAnswer,
    ExchangeRequest,
    agency_kind,
    sign,
)
from mynumber.pension.data import AGENCY_ID as PENSION_AGENCY
from mynumber.pension.data import PENSION_BENEFIT_ITEM
from mynumber.portal.portal_code import PORTAL_AGENCY, portal_code

__all__ = ["CopyField", "CopyStatus", "OwnCopies", "Purpose", "ReceivedCopy", "SelfInfoNetwork"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
NO_COPY = "提供できる副本がありません。"
ITEM_NAMES = {
    LOCAL_TAX_ITEM: "地方税関係情報",
    PENSION_BENEFIT_ITEM: "年金給付関係情報",
    EMPLOYMENT_BENEFIT_ITEM: "雇用保険給付関係情報",
}
# The 副本's items as the person reads them (⚠ the real データ標準レイアウト names are not public).
LABELS = {
    "fiscal_year": "年度", "taxable_income": "課税所得", "income_levy": "所得割額",
    "municipal_income_levy": "市町村民税所得割額", "per_capita_levy": "均等割額",
    "exempt": "課税・非課税", "total_income": "合計所得金額",
    "pension_income": "公的年金等収入金額", "pension_net_income": "公的年金等に係る雑所得",
    "revenue": "収入金額", "year": "対象年（暦年）", "pension_kind": "年金の種類",
    "receives_old_age_basic": "老齢基礎年金", "on": "基準日", "insured": "雇用保険の被保険者",
    "benefit_kind": "受給資格", "benefit_daily": "基本手当日額", "benefit_days": "所定給付日数",
    "receiving": "受給期間",
}  # fmt: skip
_YEN = {
    "taxable_income", "income_levy", "municipal_income_levy", "per_capita_levy", "total_income",
    "pension_income", "pension_net_income", "revenue", "benefit_daily",
}  # fmt: skip
_FLAGS = {
    "exempt": ("課税", "非課税"), "receives_old_age_basic": ("受給なし", "受給中"),
    "insured": ("資格なし", "加入中"), "receiving": ("期間外", "期間内"),
}  # fmt: skip
_KINDS = {"basic": "基本手当", "elderly": "高年齢求職者給付金", "none": "受給資格なし"}


class CopyStatus(StrEnum):
    """How the network answered for one item."""

    PROVIDED = "provided"  # 01: the 副本's values
    NO_COPY = "no_copy"  # 02, or no 符号 at the provider: nothing to show
    REFUSED = "refused"  # the network refused the request (its message)


class Purpose(StrEnum):
    """Why the portal asked (the request id's prefix)."""

    OWN_VIEW = "own"  # 自己情報表示
    API = "api"  # 自己情報取得API


class CopyField(BaseModel):
    """One item of a 副本 with its Japanese label and its value as shown."""

    model_config = _FROZEN
    key: str
    label: str
    value: str | int | float | None
    text: str = Field(description="the value as the page shows it")


class ReceivedCopy(BaseModel):
    """What a provider's 副本 said (or why nothing is shown), received for this request."""

    model_config = _FROZEN
    provider: str = Field(description="the provider's agency id on the network")
    provider_name: str
    item_code: str
    item_name: str
    status: CopyStatus
    message: str = ""
    version: int | None = None
    published_from: dt.date | None = None
    fields: tuple[CopyField, ...] = ()


class SelfInfoNetwork(SelfInformationProvision, PortalRecords, Protocol):
    """What the portal asks of the network for the person's own 副本."""


def _text(key: str, value: str | int | float | None) -> str:
    if value is None or value == "":
        return "—"
    if key in _FLAGS:
        return _FLAGS[key][value == "1"]
    if key in _YEN and isinstance(value, int):
        return f"{value:,}円"
    if key == "benefit_days":
        return f"{value}日"
    if key in {"fiscal_year", "year"}:
        return f"{value}年" + ("度" if key == "fiscal_year" else "")
    return _KINDS.get(str(value), str(value))


def _fields(values: dict[str, str | int | None]) -> tuple[CopyField, ...]:
    return tuple(
        CopyField(key=k, label=LABELS.get(k, k), value=v, text=_text(k, v))
        for k, v in values.items()
    )


@dataclass(frozen=True)
class OwnCopies:
    """The portal's side of 自己情報提供."""

    network: SelfInfoNetwork
    codes: CodeIssuance
    intermediate: AgencyPartition
    signing_keys: AgencyKeyStore
    clock: Clock

    def tax(self, resident_code: str, purpose: Purpose) -> tuple[ReceivedCopy, ...]:
        """Return the 地方税関係情報 of each municipality holding a 符号 for the person."""
        held = self.network.codes_held(resident_code=resident_code)
        towns = sorted(a for a in held if agency_kind(a) is AgencyKind.MUNICIPALITY)
        return tuple(self.fetch(resident_code, t, LOCAL_TAX_ITEM, purpose, held) for t in towns)

    def pension(self, resident_code: str, purpose: Purpose) -> ReceivedCopy:
        """Return the pension service's 年金給付関係情報 of the person."""
        return self.fetch(resident_code, PENSION_AGENCY, PENSION_BENEFIT_ITEM, purpose)

    def employment(self, resident_code: str, purpose: Purpose) -> ReceivedCopy:
        """Return ハローワーク's 雇用保険給付関係情報 of the person."""
        return self.fetch(resident_code, EMPLOYMENT_AGENCY, EMPLOYMENT_BENEFIT_ITEM, purpose)

    def fetch(
        self,
        resident_code: str,
        provider: str,
        item: str,
        purpose: Purpose,
        held: dict[str, str] | None = None,
    ) -> ReceivedCopy:
        """Ask the provider for one item of the person's, unless it has no 符号 for them."""
        held = held if held is not None else self.network.codes_held(resident_code=resident_code)
        name = self.network.agency_names(agency_ids=[provider]).get(provider, provider)
        shown = {"provider": provider, "provider_name": name, "item_code": item,
                 "item_name": ITEM_NAMES.get(item, item)}  # fmt: skip
        if provider not in held:
            return ReceivedCopy(**shown, status=CopyStatus.NO_COPY, message=NO_COPY)
        answer = self.network.self_information(
            request=self._request(resident_code, provider, item, purpose)
        )
        return _received(answer, item, shown)

    def _request(
        self, resident_code: str, provider: str, item: str, purpose: Purpose
    ) -> ExchangeRequest:
        code = portal_code(self.codes, self.intermediate, resident_code)
        unsigned = ExchangeRequest(
            requester=PORTAL_AGENCY,
            code=code,
            procedure=SELF_INFORMATION_PROCEDURE,
            items=(item,),
            provider=provider,
            request_id=f"{purpose.value}-{uuid.uuid4().hex}",
            requested_at=self.clock.now(),
        )
        return sign(unsigned, self.signing_keys.private_key(PORTAL_AGENCY))


def _received(answer: ExchangeAnswer, item: str, shown: dict[str, str]) -> ReceivedCopy:
    if answer.refusal is not None:
        return ReceivedCopy(**shown, status=CopyStatus.REFUSED, message=answer.message)
    got = next((i for i in answer.items if i.item_code == item), None)
    if got is None or got.values is None:
        message = got.message if got is not None and got.message else NO_COPY
        return ReceivedCopy(**shown, status=CopyStatus.NO_COPY, message=message)
    return ReceivedCopy(
        **shown,
        status=CopyStatus.PROVIDED,
        version=got.version,
        published_from=got.published_from,
        fields=_fields(got.values),
    )
