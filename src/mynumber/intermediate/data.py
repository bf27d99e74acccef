"""Frozen DTOs of the intermediate server: copies (副本), their receipts, exchange records."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from mynumber.kernel.fields import OPTIONAL_TEXT_PATTERN, JsonDate, JsonDateTime, JsonInt

__all__ = [
    "ADDRESS_NUMBER_PATTERN",
    "AGENCY_ID_PATTERN",
    "CODE_PATTERN",
    "ITEM_CODE_PATTERN",
    "CodeApplicant",
    "CodeLink",
    "CopyReceipt",
    "CopyRecord",
    "CopyRefusal",
    "ExchangeRecord",
    "full_width",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
# 機関コード as `<kind>:<code>` (⚠ the real shape is not public), e.g. `municipality:131016`; a
# national body that is the only one of its kind is named by the kind alone (`jlis`, `eligibility`).
AGENCY_ID_PATTERN = (
    r"^(?:municipality|kouki|insurer|pension|employment|eligibility|portal|jlis|care)"
    r"(?::[a-z0-9-]{1,24})?$"
)
# 特定個人情報名コード: TM and 14 digits, as the real error messages show.
ITEM_CODE_PATTERN = r"^TM[0-9]{14}$"
# 団体内統合宛名番号 (15 digits at municipalities) or another agency's own number for the person.
ADDRESS_NUMBER_PATTERN = r"^[0-9A-Za-z-]{1,20}$"
# 情報提供用個人識別符号: 32 base64url characters, 192 bits (⚠ the real shape is not public; 32 is
# what the agencies' own columns for a person's code hold).
CODE_PATTERN = r"^[A-Za-z0-9_-]{32}$"
# A 副本's item (特定個人情報項目) is named in ASCII; its text value holds no NUL.
ItemName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,39}$")]
ItemValue = Annotated[str, Field(max_length=400, pattern=OPTIONAL_TEXT_PATTERN)]
_WIDE = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-:_",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－：＿",
)


def full_width(text: str) -> str:
    """Return text with ASCII letters and digits widened, as the real messages write codes."""
    return text.translate(_WIDE)


class CodeLink(BaseModel):
    """An agency's 宛名番号 and the 符号 the network issued it for that person."""

    model_config = _FROZEN
    address_number: str = Field(pattern=ADDRESS_NUMBER_PATTERN)
    code: str = Field(pattern=CODE_PATTERN)


class CodeApplicant(BaseModel):
    """A person an agency asks its 符号 for (符号取得, 番号法第21条の2), by what it holds.

    The agency sends the My Number; J-LIS turns it into the resident code for the network. ⚠
    Agencies that hold the resident code send it too; those that hold none (日本年金機構,
    ハローワーク) leave it out. Neither is ever stored here.
    """

    model_config = _FROZEN
    address_number: str = Field(pattern=ADDRESS_NUMBER_PATTERN, description="the agency's own")
    my_number: str = Field(repr=False)
    resident_code: str | None = Field(default=None, repr=False)


class CopyRecord(BaseModel):
    """One 副本 row (副本登録): an item of one person, one version, and when it is published.

    A value of None is an empty item (written `ReasonOfNull` in the real 副本 XML).
    """

    model_config = _FROZEN
    address_number: str = Field(pattern=ADDRESS_NUMBER_PATTERN)
    item_code: str = Field(pattern=ITEM_CODE_PATTERN, description="特定個人情報名コード")
    version: JsonInt = Field(ge=1, le=999_999, description="版番号")
    published_from: JsonDate = Field(description="公開開始日")
    published_until: JsonDate | None = Field(default=None, description="公開終了日")
    values: dict[ItemName, ItemValue | JsonInt | None] = Field(
        max_length=100, json_schema_extra={"additionalProperties": False}
    )


class CopyRefusal(BaseModel):
    """A 副本 row refused at registration: its place in the input, a code and the message."""

    model_config = _FROZEN
    row: int
    code: str
    message: str


class CopyReceipt(BaseModel):
    """The answer to a 副本登録: how many rows were registered and which were refused."""

    model_config = _FROZEN
    registered: int
    refusals: list[CopyRefusal]


class ExchangeRecord(BaseModel):
    """One 情報提供等記録 (番号法第23条): who asked whom, for what, when, and how it ended.

    `refusal` is None when the items were provided. `undisclosed` (不開示) marks an exchange the
    person must not be shown (個人情報保護法第78条第1項); the record is kept all the same.
    """

    model_config = _FROZEN
    request_id: str
    requester: str
    requester_name: str
    provider: str
    provider_name: str
    procedure: str
    procedure_name: str
    items: tuple[str, ...]
    requested_at: JsonDateTime
    provided_at: JsonDateTime | None = None
    refusal: str | None = None
    undisclosed: bool = False
    recorded_at: dt.datetime | None = Field(default=None, description="when this place wrote it")
