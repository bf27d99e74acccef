"""Published link exports: what an agency's record says about the person it linked a My Number
to, and what J-LIS's 本人確認情報 says about each number's holder.

The 2023 総点検 (the nationwide inspection of My Number links) compared every agency's linked
records with the 住民基本台帳 on the five items (5情報: 漢字氏名, カナ氏名, 性別, 生年月日, 住所).
Each agency that links records to My Numbers publishes them as `LinkedRecord`s (its api's
`linked_records`), and the registry publishes `RegisteredIdentity`s (`registered_identities`);
the audit reads only these, never a table. An export is a read of personal data: the exporting
organisation records it in its own logs under the auditor's actor.

⚠ The real 総点検 received extracts from the 中間サーバー and the agencies' own systems; the
record shape here is the project's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["LinkExportable", "LinkedRecord", "RegisteredIdentity"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class LinkedRecord(BaseModel):
    """One record an agency linked to a My Number, with the person as the record has them."""

    model_config = _FROZEN

    agency: str = Field(description="who holds the link, e.g. insurer:06130012, pension, portal")
    kind: str = Field(description="what was linked: membership, kokuho, pension, bank_account")
    record_id: str = Field(description="the agency's own key for the record")
    my_number: str | None = Field(
        repr=False, description="the number linked; None where the policy keeps only a 符号"
    )
    name: str = Field(description="漢字氏名 as the agency's record has it")
    name_kana: str
    birth_date: dt.date
    sex: int = Field(description="ISO 5218")
    address: str = ""
    postal_code: str = ""
    linked_on: dt.date | None = None


class RegisteredIdentity(BaseModel):
    """J-LIS's 本人確認情報 for one My Number's holder (the registry's export)."""

    model_config = _FROZEN

    my_number: str = Field(repr=False)
    resident_code: str
    household_id: str = Field(description="the 世帯: a family member's number is a known cause")
    name: str
    name_kana: str
    birth_date: dt.date
    sex: int
    address: str
    postal_code: str


class LinkExportable(Protocol):
    """An organisation that links its records to My Numbers and publishes them for audit."""

    def linked_records(self, *, actor: str) -> Iterator[LinkedRecord]:
        """Yield every record the organisation links to a My Number, in a stable order."""
        ...
