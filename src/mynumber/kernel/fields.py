"""Field types for what arrives over HTTP, each refusing exactly what its OpenAPI schema forbids.

FastAPI validates a parsed JSON body in Pydantic's lax Python mode, which would take `0` for a
date, `true` for an integer or `"1"` for a number: these types refuse a value of the wrong JSON
type and a date that is not ISO 8601, so the schema and the API agree. Identifiers carry their
pattern and name their check-digit rule as the schema's `format` (`identifier_field`).
`MyNumberLookup` is the body every agency's desk takes to find a record by My Number.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from mynumber.kernel.checkdigits import CODECS, IdentifierKind

__all__ = [
    "BASE64_PATTERN",
    "KANA_PATTERN",
    "MAX_OFFSET",
    "NFKC_EXPANDING",
    "OPTIONAL_TEXT_PATTERN",
    "SPACE_CLASS",
    "TEXT_PATTERN",
    "Base64Bytes",
    "Base64Key",
    "JsonBool",
    "JsonDate",
    "JsonDateTime",
    "JsonFloat",
    "JsonInt",
    "MyNumberLookup",
    "PrefectureCode",
    "RecordDate",
    "checked_identifier",
    "identifier_field",
    "identifier_pattern",
    "identifier_schema",
]

# The largest offset a page may start at (the databases' 64-bit integers, with room to spare).
MAX_OFFSET = 2**62
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
# Base64 as Pydantic reads bytes (standard or URL-safe alphabet, padding optional, the unused
# bits of the last symbol zero).
_B64 = "(?:{a}{{4}})*(?:{a}[AQgw](?:==?)?|{a}{{2}}[AEIMQUYcgkosw048]=?)?"
BASE64_PATTERN = (
    "^(?:" + _B64.format(a="[A-Za-z0-9+/]") + "|" + _B64.format(a="[A-Za-z0-9_-]") + ")$"
)
Base64Bytes = Annotated[bytes, Field(json_schema_extra={"pattern": BASE64_PATTERN})]
# 32 bytes in base64 (an Ed25519 key): 42 symbols, one with 4 bits used, an optional pad.
Base64Key = Annotated[
    bytes,
    Field(
        json_schema_extra={
            "pattern": r"^(?:[A-Za-z0-9+/]{42}|[A-Za-z0-9_-]{42})[AEIMQUYcgkosw048]=?$"
        }
    ),
]
# 都道府県コード: 01 (北海道) to 47 (沖縄県).
PrefectureCode = Annotated[str, Field(pattern=r"^(?:0[1-9]|[1-3][0-9]|4[0-7])$")]
# Free text must keep something once spaces are trimmed (and never holds NUL).
# Whitespace as Python reads it (str.isspace), spelt out: regex engines disagree on `\s`.
SPACE_CLASS = _SPACE = (
    r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Characters normalize_text lengthens (NFKC: ¼ → 1⁄4, ㍿ → 株式会社): refused in bounded text, so
# a length limit holds for what is stored (tests/unit/kernel/test_fields.py recomputes the list).
NFKC_EXPANDING = (
    "\u00a8\u00af\u00b4\u00b8\u00bc-\u00be\u0132-\u0133\u013f-\u0140\u0149\u01c4-\u01cc"
    "\u01f1-\u01f3\u02d8-\u02dd\u0344\u037a\u0384-\u0385\u0587\u0675-\u0678\u0958-\u095f"
    "\u09dc-\u09dd\u09df\u0a33\u0a36\u0a59-\u0a5b\u0a5e\u0b5c-\u0b5d\u0e33\u0eb3"
    "\u0edc-\u0edd\u0f43\u0f4d\u0f52\u0f57\u0f5c\u0f69\u0f73\u0f75-\u0f79\u0f81\u0f93"
    "\u0f9d\u0fa2\u0fa7\u0fac\u0fb9\u1e9a\u1fbd\u1fbf-\u1fc1\u1fcd-\u1fcf\u1fdd-\u1fdf"
    "\u1fed-\u1fee\u1ffd-\u1ffe\u2017\u2025-\u2026\u2033-\u2034\u2036-\u2037\u203c\u203e"
    "\u2047-\u2049\u2057\u20a8\u2100-\u2101\u2103\u2105-\u2106\u2109\u2116\u2120-\u2122"
    "\u213b\u2150-\u215f\u2161-\u2163\u2165-\u2168\u216a-\u216b\u2171-\u2173\u2175-\u2178"
    "\u217a-\u217b\u2189\u222c-\u222d\u222f-\u2230\u2469-\u24b5\u2a0c\u2a74-\u2a76\u2adc"
    "\u3200-\u321e\u3220-\u3243\u3250-\u325f\u327c-\u327d"
    "\u32b1-\u32cf\u32ff-\u33ff\ufb00-\ufb06\ufb13-\ufb17\ufb1d\ufb1f\ufb2a-\ufb36"
    "\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufb4f\ufbdd\ufbea-\ufbfb"
    "\ufc00-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfc\ufe19\ufe30\ufe49-\ufe4c"
    "\ufe70-\ufe72\ufe74\ufe76-\ufe7f\ufef5-\ufefc\uffe3\U0001d15e-\U0001d164"
    "\U0001d1bb-\U0001d1c0\U0001f100-\U0001f10a\U0001f110-\U0001f12a\U0001f12d-\U0001f12e"
    "\U0001f14a-\U0001f14f\U0001f16a-\U0001f16c\U0001f190\U0001f200-\U0001f201"
    "\U0001f240-\U0001f248"
)
TEXT_PATTERN = rf"^[^\x00{NFKC_EXPANDING}]*[^\x00{_SPACE}{NFKC_EXPANDING}][^\x00{NFKC_EXPANDING}]*$"
# Text that may be empty (丁目・番地, building), under the same rule.
OPTIONAL_TEXT_PATTERN = rf"^[^\x00{NFKC_EXPANDING}]*$"
# A reading: hiragana, katakana or half-width katakana, and spaces. A half-width voicing mark
# (ﾞ ﾟ) only after a half-width letter it voices (ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ, ﾜﾞ → ヷ, ｦﾞ → ヺ).
_KANA = "\u3041-\u3096\u30a0-\u30ff\uff65-\uff9d"
_VOICED = "\uff66\uff73\uff76-\uff84\uff8a-\uff8e\uff9c"
_LETTER = rf"(?:[{_VOICED}]\uff9e|[\uff8a-\uff8e]\uff9f|[{_KANA}])"
KANA_PATTERN = rf"^(?:[{_SPACE}]|{_LETTER})*{_LETTER}(?:[{_SPACE}]|{_LETTER})*$"


def _date(value: Any) -> Any:
    if isinstance(value, str) and not _DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    if not isinstance(value, str | dt.date):
        raise ValueError("a date is a string YYYY-MM-DD")
    return value


def _date_time(value: Any) -> Any:
    if isinstance(value, str) and not _DATE_TIME.match(value):
        raise ValueError("a date-time is RFC 3339, with seconds and the UTC offset")
    if not isinstance(value, str | dt.datetime):
        raise ValueError("a date-time is a string (RFC 3339)")
    return value


def _number(value: Any) -> Any:
    if isinstance(value, bool | str):
        raise ValueError("a number, not text or true/false")
    return value


def _boolean(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


JsonDate = Annotated[dt.date, BeforeValidator(_date)]


def _record_day(value: dt.date) -> dt.date:
    if not 1890 <= value.year <= 2199:
        raise ValueError("a record's date lies between 1890 and 2199")
    return value


# A day a public record can name: from 1890 (the oldest birth the register takes) to 2199, so
# arithmetic on it (a 65th birthday, a month in 40 years) never leaves the calendar. The pattern
# of the date's text says so in the OpenAPI (JSON Schema compares no dates).
RecordDate = Annotated[
    dt.date,
    BeforeValidator(_date),
    AfterValidator(_record_day),
    Field(json_schema_extra={"pattern": r"^(?:189\d|19\d\d|2[01]\d\d)-"}),
]
JsonDateTime = Annotated[dt.datetime, BeforeValidator(_date_time)]
JsonInt = Annotated[int, BeforeValidator(_number)]
JsonFloat = Annotated[float, BeforeValidator(_number)]
JsonBool = Annotated[bool, BeforeValidator(_boolean)]


def identifier_pattern(kind: IdentifierKind) -> str:
    """Return the pattern of an identifier's digits (the check digit is the format's rule)."""
    lengths = CODECS[kind].lengths
    return "^(?:" + "|".join(rf"\d{{{n}}}" for n in lengths) + ")$"


def identifier_schema(kind: IdentifierKind) -> Callable[[dict[str, Any]], None]:
    """Return a schema hook naming an identifier's format beside its pattern.

    The pattern says the digits; the format (`my-number`, `resident-code`, …) also the check
    digit, which no pattern can. A generator that knows the format makes valid values.
    """

    def hook(schema: dict[str, Any]) -> None:
        schema["pattern"] = identifier_pattern(kind)
        schema["format"] = kind.value
        digits = " or ".join(str(n) for n in CODECS[kind].lengths)
        schema.setdefault("description", f"{digits} digits with a check digit ({kind.value})")

    return hook


def identifier_field(kind: IdentifierKind, **kwargs: Any) -> Any:
    """Return a Field for an identifier: digits checked here, the check digit by the service."""
    return Field(
        pattern=identifier_pattern(kind), json_schema_extra=identifier_schema(kind), **kwargs
    )


def checked_identifier(kind: IdentifierKind, label: str) -> AfterValidator:
    """Return a validator refusing an identifier whose digits or check digit are wrong.

    For a DTO that checks the check digit itself (`Annotated[str, checked_identifier(…)]`):
    the refusal reads "not a valid {label}".
    """
    codec = CODECS[kind]

    def check(value: str) -> str:
        if not codec.is_valid(value):
            raise ValueError(f"not a valid {label}")
        return value

    return AfterValidator(check)


class MyNumberLookup(BaseModel):
    """Find the record that holds a My Number (名寄せ); in the body, never in a URL."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    my_number: str = identifier_field(IdentifierKind.MY_NUMBER)
