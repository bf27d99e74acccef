"""Frozen DTOs of the 自己情報取得API: scopes, clients, consents and what a read returns."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mynumber.kernel.fields import JsonDateTime
from mynumber.portal.data import SCOPE_NAMES, ApiScope

__all__ = [
    "PERIOD_DAYS",
    "SCOPE_NAMES",
    "ApiScope",
    "ClientRegistration",
    "ConsentPage",
    "ConsentSummary",
    "RegisteredClient",
    "ResourceRead",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
RedirectUri = Annotated[
    str,
    Field(
        pattern=r"^https?://[!-\"$-~]+$",
        max_length=300,
        description="an absolute http(s) URI in printable ASCII, no fragment; matched exactly",
    ),
]
PERIOD_DAYS = 90  # 期間連携: "今後変更されうる" (api_termlinkage_guideline)


class ClientRegistration(BaseModel):
    """What the operator registers for a third party (利用申請の審査を経た事業者)."""

    model_config = _FROZEN
    name: str = Field(min_length=1, max_length=100, description="shown to the person")
    purpose: str = Field(min_length=1, max_length=400, description="利用目的, shown to the person")
    redirect_uris: tuple[RedirectUri, ...] = Field(min_length=1, max_length=5)
    scopes: tuple[ApiScope, ...] = Field(
        min_length=1, max_length=len(ApiScope), description="each kind once"
    )

    @field_validator("scopes")
    @classmethod
    def _each_once(cls, scopes: tuple[ApiScope, ...]) -> tuple[ApiScope, ...]:
        return tuple(dict.fromkeys(scopes))


class RegisteredClient(ClientRegistration):
    """A registered client, with its id (public client: PKCE, no secret)."""

    client_id: str
    registered_at: JsonDateTime
    revoked_at: JsonDateTime | None = None


class ConsentPage(BaseModel):
    """What the consent screen shows: who asks, why, for what, and the screen's one-time id."""

    model_config = _FROZEN
    request_id: str = Field(repr=False)
    client_name: str
    purpose: str
    scopes: tuple[ApiScope, ...]
    period_days: int = PERIOD_DAYS
    subject_is_card_serial: bool = Field(
        default=False, description="the client will know the person by the card's serial"
    )


class ConsentSummary(BaseModel):
    """A consent the person gave, as their own list shows it."""

    model_config = _FROZEN
    consent_id: str
    client_name: str
    scopes: tuple[ApiScope, ...]
    period: bool
    granted_at: JsonDateTime
    expires_at: JsonDateTime
    revoked_at: JsonDateTime | None = None


class ResourceRead(BaseModel):
    """One read through the API: whom it is about (as this client knows them) and the data."""

    model_config = _FROZEN
    subject: str = Field(description="pairwise id (safeguarded) or the card serial (real)")
    scope: ApiScope
    data: dict[str, Any]
