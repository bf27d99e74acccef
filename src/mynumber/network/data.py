"""Frozen DTOs and enums of the network: agencies, the legal table, queries and their answers."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from enum import StrEnum
from typing import Annotated

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import BaseModel, ConfigDict, Field

from mynumber.intermediate.data import (
    AGENCY_ID_PATTERN,
    CODE_PATTERN,
    ITEM_CODE_PATTERN,
    ExchangeRecord,
)
from mynumber.kernel.agencykeys import sign_message, signature_valid
from mynumber.kernel.errors import ConflictError
from mynumber.kernel.fields import JsonDateTime

__all__ = [
    "ACCOUNT_ITEM",
    "AGENCY_ID_PATTERN",
    "PROCEDURE_PATTERN",
    "SELF_INFORMATION_BASIS",
    "SELF_INFORMATION_NAME",
    "SELF_INFORMATION_PROCEDURE",
    "STATUS_DONE",
    "STATUS_ITEM_PROVIDED",
    "STATUS_ITEM_WITHOUT_COPY",
    "STATUS_REFUSED",
    "Agency",
    "AgencyKind",
    "ExchangeAnswer",
    "ExchangeRecord",
    "ExchangeRequest",
    "IssuedCode",
    "ItemAnswer",
    "LegalItem",
    "Procedure",
    "Refusal",
    "UsageReport",
    "UsageRow",
    "agency_kind",
    "canonical_bytes",
    "new_acquisition_number",
    "sign",
    "signed_by",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
# 事務 code (⚠ invented: the real numbering is not public); JTK.. are the network's own functions.
PROCEDURE_PATTERN = r"^J(?:[0-9]{4}|TK[0-9]{2})$"
STATUS_DONE = "09"  # 照会ステータス（明細単位）: processing finished
STATUS_REFUSED = "99"  # ⚠ the real code of a refused request is not public
STATUS_ITEM_PROVIDED = "01"  # 照会ステータス（特定個人情報名単位）: provided
STATUS_ITEM_WITHOUT_COPY = "02"  # ⚠ no 副本 to provide


ACCOUNT_ITEM = "TM00000000000401"  # 公金受取口座関係情報: what the portal registers as 副本

# 自己情報提供 (function JTK of the 中間サーバー): the portal asks a provider for the person's own
# 副本 under its own 符号. ⚠ The procedure code is invented; the basis is the provision that set
# up the 情報提供等記録開示システム (番号法附則第6条; the paragraph was not re-read).
SELF_INFORMATION_PROCEDURE = "JTK01"
SELF_INFORMATION_NAME = "自己情報提供"
SELF_INFORMATION_BASIS = "番号法附則第6条（情報提供等記録開示システム）"


class AgencyKind(StrEnum):
    """Kinds of agency joined to the network; an agency id starts with its kind."""

    MUNICIPALITY = "municipality"  # 市区町村 (id: 全国地方公共団体コード)
    KOUKI = "kouki"  # 後期高齢者医療広域連合
    INSURER = "insurer"  # 医療保険者 (id: 保険者番号)
    PENSION = "pension"  # 日本年金機構
    EMPLOYMENT = "employment"  # ハローワーク (厚生労働省職業安定局)
    ELIGIBILITY = "eligibility"  # 支払基金・国保中央会 (オンライン資格確認)
    PORTAL = "portal"  # マイナポータル
    JLIS = "jlis"  # 地方公共団体情報システム機構: its own 符号 for the people it certifies
    CARE = "care"  # 介護情報基盤 (国保中央会, for the municipalities as 介護保険者)


def agency_kind(agency_id: str) -> AgencyKind:
    """Return the kind an agency id names (`municipality:131016` → municipality, `jlis` → jlis)."""
    return AgencyKind(agency_id.partition(":")[0])


def new_acquisition_number() -> str:
    """Return a fresh 取得番号: the one-time handle an agency asks for its 符号 with (⚠ shape
    invented: 16 random base64url characters)."""
    return secrets.token_urlsafe(12)


class Agency(BaseModel):
    """An agency connected to the network."""

    model_config = _FROZEN
    agency_id: str = Field(pattern=AGENCY_ID_PATTERN, description="機関コード as KIND:CODE")
    kind: AgencyKind
    name: str
    connected_at: dt.datetime
    public_key: str | None = Field(
        default=None, description="Ed25519 public key, base64url (None: connected before keys)"
    )
    key_registered_at: dt.datetime | None = Field(
        default=None, description="when the key was registered or last replaced (renewal)"
    )


class IssuedCode(BaseModel):
    """A 符号 issued to an agency, returned with the 取得番号 it was asked with."""

    model_config = _FROZEN
    acquisition_number: str = Field(repr=False, description="取得番号: kept by nobody")
    code: str = Field(pattern=CODE_PATTERN)


class LegalItem(BaseModel):
    """A 特定個人情報名 of the legal table and the kind of agency that provides it."""

    model_config = _FROZEN
    code: str = Field(pattern=ITEM_CODE_PATTERN)
    name: str
    provider_kind: AgencyKind


class Procedure(BaseModel):
    """A 事務 of the legal table: who asks whom for which items, on what legal basis."""

    model_config = _FROZEN
    code: str = Field(pattern=PROCEDURE_PATTERN)
    name: str
    requester_kind: AgencyKind
    provider_kind: AgencyKind
    items: tuple[str, ...]
    legal_basis: str
    undisclosed: bool = Field(default=False, description="不開示: not shown to the person")


class Refusal(StrEnum):
    """Why the network refused a query; each refusal is recorded like an exchange."""

    AGENCY_UNKNOWN = "agency_unknown"
    PROCEDURE_UNKNOWN = "procedure_unknown"
    PROCEDURE_NOT_FOR_AGENCY = "procedure_not_for_agency"
    ITEM_NOT_PERMITTED = "item_not_permitted"
    CODE_UNKNOWN = "code_unknown"
    PROVIDER_CODE_MISSING = "provider_code_missing"
    REQUEST_REPLAYED = "request_replayed"
    REQUEST_ALTERED = "request_altered"


class ExchangeRequest(BaseModel):
    """A 情報照会: the requester's own 符号 for the person, never a number that names them."""

    model_config = _FROZEN
    requester: str = Field(pattern=AGENCY_ID_PATTERN)
    code: str = Field(pattern=CODE_PATTERN, description="the requester's 符号 for the person")
    procedure: str = Field(pattern=PROCEDURE_PATTERN)
    items: tuple[Annotated[str, Field(pattern=ITEM_CODE_PATTERN)], ...] = Field(
        min_length=1, max_length=20, description="特定個人情報名コード"
    )
    provider: str = Field(pattern=AGENCY_ID_PATTERN)
    request_id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="unique per requester")
    requested_at: JsonDateTime
    signature: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9_-]{0,100}$",
        description="the requester's Ed25519 signature of every other field, base64url",
    )


_SIGNED_CONTEXT = b"mynumber/network/exchange-request/v1\n"


def canonical_bytes(request: ExchangeRequest) -> bytes:
    """Return what a request's signature covers: every field but the signature, as compact JSON
    with sorted keys (ASCII), the time in UTC, after a fixed context line (⚠ invented format)."""
    at = request.requested_at
    fields = {
        "requester": request.requester,
        "code": request.code,
        "procedure": request.procedure,
        "items": list(request.items),
        "provider": request.provider,
        "request_id": request.request_id,
        "requested_at": (at.astimezone(dt.UTC) if at.tzinfo else at).isoformat(),
    }
    return _SIGNED_CONTEXT + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def sign(request: ExchangeRequest, private_key: Ed25519PrivateKey) -> ExchangeRequest:
    """Return the request signed with the requester's private key (its 中間サーバー's)."""
    return request.model_copy(
        update={"signature": sign_message(private_key, canonical_bytes(request))}
    )


def signed_by(request: ExchangeRequest, public_key: str | None) -> bool:
    """Tell whether the request carries a valid signature under this public key."""
    return signature_valid(public_key, canonical_bytes(request), request.signature)


class ItemAnswer(BaseModel):
    """One item of an answer: status `01` with the 副本's values, or `02` without a 副本."""

    model_config = _FROZEN
    item_code: str
    status: str
    message: str = ""
    version: int | None = None
    published_from: dt.date | None = None
    values: dict[str, str | int | None] | None = None


class ExchangeAnswer(BaseModel):
    """The answer to a query: status `09` and the items, or a refusal with its message."""

    model_config = _FROZEN
    request_id: str
    status: str
    refusal: Refusal | None = None
    message: str = ""
    items: list[ItemAnswer] = Field(default_factory=list)
    provided_at: dt.datetime | None = None

    def provided(self, item_code: str) -> dict[str, str | int | None]:
        """Return the values provided for an item, or refuse (409) with the network's code and
        message: the query's refusal, or `no_copy` when the provider had no 副本 of it."""
        if self.refusal is not None:
            raise ConflictError(self.message, code=self.refusal.value)
        for item in self.items:
            if item.item_code == item_code and item.values is not None:
                return item.values
        message = next((i.message for i in self.items if i.item_code == item_code), "")
        raise ConflictError(message or "提供できる副本がありません。", code="no_copy")


class UsageRow(BaseModel):
    """Queries of one procedure by one requesting agency."""

    model_config = _FROZEN
    procedure: str
    procedure_name: str
    requester: str
    provided: int
    refused: int


class UsageReport(BaseModel):
    """Usage figures: queries per procedure and agency, and the procedures never queried."""

    model_config = _FROZEN
    rows: list[UsageRow]
    procedures: int
    never_queried: list[Procedure]
    never_queried_share: float = Field(description="never-queried procedures / all procedures")
