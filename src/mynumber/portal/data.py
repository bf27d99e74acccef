"""Frozen DTOs of the portal: the exchange-history timeline and the JPKI login."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, computed_field

from mynumber.kernel.fields import JsonDateTime
from mynumber.kernel.notices import NOTICES, NoticeMessage

__all__ = [
    "INTACT_MESSAGE",
    "LOGIN_CODE_PATTERN",
    "NOTICES",
    "SCOPE_NAMES",
    "SOURCE_NAMES",
    "ApiScope",
    "ChainCheck",
    "LoginChallenge",
    "LoginProof",
    "LoginStart",
    "LoginState",
    "NoticeMessage",
    "PortalSession",
    "SessionToken",
    "Source",
    "Timeline",
    "TimelineEntry",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
INTACT_MESSAGE = "改ざんは検出されませんでした"
LOGIN_CODE_PATTERN = r"^[0-9]{8}$"  # ⚠ the real portal's QR payload is not public
BASE64_PATTERN = r"^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


class Source(StrEnum):
    """Where an entry of the やりとり履歴 comes from: whose hash-chained log keeps it."""

    NETWORK = "network"  # 情報提供ネットワークシステム: 情報提供等記録
    ELIGIBILITY = "eligibility"  # オンライン資格確認等システム: アクセス記録
    JPKI = "jpki"  # J-LIS: 電子証明書の提供記録
    REGISTRY = "registry"  # 住民基本台帳: 職員の閲覧記録
    PORTAL = "portal"  # マイナポータル: ログイン・手続の記録
    MUNICIPALITY = "municipality"  # 市区町村（税・福祉）: 職員・システムの閲覧記録
    PENSION = "pension"  # 日本年金機構: 閲覧記録
    EMPLOYMENT = "employment"  # ハローワーク（雇用保険）: 閲覧記録
    CARE = "care"  # 介護情報基盤: 閲覧記録 (`platform_reads`)
    HEALTH = "health"  # 電子処方箋管理サービス: 閲覧記録 (`platform_reads`)


SOURCE_NAMES = {
    Source.NETWORK: "情報提供ネットワークシステム（情報提供等記録）",
    Source.ELIGIBILITY: "オンライン資格確認等システム（アクセス記録）",
    Source.JPKI: "地方公共団体情報システム機構（電子証明書の提供記録）",
    Source.REGISTRY: "住民基本台帳（閲覧記録）",
    Source.PORTAL: "マイナポータル（ログイン・手続と自己情報取得APIの記録）",
    Source.MUNICIPALITY: "市区町村 税・福祉（閲覧記録）",
    Source.PENSION: "日本年金機構（閲覧記録）",
    Source.EMPLOYMENT: "ハローワーク 雇用保険（閲覧記録）",
    Source.CARE: "介護情報基盤（閲覧記録）",
    Source.HEALTH: "電子処方箋管理サービス（閲覧記録）",
}


class TimelineEntry(BaseModel):
    """One exchange about the person: when, who, what, and which log says so."""

    model_config = _FROZEN
    at: JsonDateTime
    source: Source
    who: str = Field(description="the agency, clinic, relying party or staff account")
    what: str
    detail: str = ""


class ChainCheck(BaseModel):
    """The check of one source's chain for the person, made as it was shown."""

    model_config = _FROZEN
    source: Source
    source_name: str
    records: int
    problems: tuple[str, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def intact(self) -> bool:
        """Whether nothing in the chain was edited, deleted or reordered."""
        return not self.problems


class Timeline(BaseModel):
    """The person's やりとり履歴: every source merged, oldest first, each chain checked.

    `withheld` counts the network's 不開示 records: kept, counted, not shown.
    """

    model_config = _FROZEN
    entries: tuple[TimelineEntry, ...]
    chains: tuple[ChainCheck, ...]
    withheld: int = Field(ge=0, description="不開示: records counted but not shown")
    checked_at: JsonDateTime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def intact(self) -> bool:
        """Whether every chain checked out."""
        return all(chain.intact for chain in self.chains)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def verdict(self) -> str:
        """The line the page shows: 改ざんは検出されませんでした, or what broke."""
        if self.intact:
            return INTACT_MESSAGE
        broken = [c.source_name for c in self.chains if not c.intact]
        return "改ざんが検出されました: " + "、".join(broken)


class LoginState(StrEnum):
    """Where a one-time login code stands."""

    WAITING = "waiting"  # shown on the page, not yet answered by the card
    DONE = "done"  # answered: the waiting page may take its session once


class LoginStart(BaseModel):
    """A login begun on the page: the code to type in the app, and the page's own secret."""

    model_config = _FROZEN
    code: str = Field(pattern=LOGIN_CODE_PATTERN, description="one-time code shown on the page")
    waiter: str = Field(repr=False, description="the page's secret: only it takes the session")
    expires_at: JsonDateTime


class LoginChallenge(BaseModel):
    """What the smartphone app fetches for a code: the challenge for the card to sign."""

    model_config = _FROZEN
    code: str = Field(pattern=LOGIN_CODE_PATTERN)
    challenge: str = Field(description="base64 of J-LIS's one-time challenge")
    expires_at: JsonDateTime


class LoginProof(BaseModel):
    """The app's answer: the user-authentication certificate and its signature (base64)."""

    model_config = _FROZEN
    certificate: str = Field(
        max_length=8000, pattern=BASE64_PATTERN, description="base64 DER of 利用者証明用電子証明書"
    )
    signature: str = Field(
        max_length=2000, pattern=BASE64_PATTERN, description="base64 of the card's signature"
    )


class SessionToken(BaseModel):
    """What the waiting page or an API client takes once the card has answered."""

    model_config = _FROZEN
    state: LoginState
    token: str | None = Field(default=None, description="the session, while state is done")


class PortalSession(BaseModel):
    """A logged-in person: known by what J-LIS told the portal, never by the My Number."""

    model_config = _FROZEN
    resident_code: str = Field(repr=False)
    serial: str
    started_at: dt.datetime
    expires_at: dt.datetime


class ApiScope(StrEnum):
    """A kind of data a third party may ask for (one OAuth scope each).

    ⚠ The real API's scope names are not public; these follow the 医療保険情報取得API's items
    and the 税・所得 category of the 自己情報表示.
    """

    MEDICATION = "medication"  # 薬剤情報
    CHECKUPS = "checkups"  # 特定健診情報
    TREATMENTS = "treatments"  # 診療情報
    INCOME = "income"  # 税・所得: the municipality's 地方税関係情報, by 自己情報提供


SCOPE_NAMES = {
    ApiScope.MEDICATION: "薬剤情報",
    ApiScope.CHECKUPS: "特定健診情報",
    ApiScope.TREATMENTS: "診療情報",
    ApiScope.INCOME: "税・所得（地方税関係情報）",
}
