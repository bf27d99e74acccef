"""Field types for what arrives over HTTP, each refusing exactly what its OpenAPI schema forbids.

FastAPI validates a parsed JSON body in Pydantic's lax Python mode, which would take `0` for a
date, `true` for an integer or `"1"` for a number: these types refuse a value of the wrong JSON
type and a date that is not ISO 8601, so the schema and the API agree. Identifiers carry their
pattern and name their check-digit rule as the schema's `format` (`identifier_field`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from mynumber.kernel.checkdigits import CODECS, IdentifierKind

__all__ = [
    "BASE64_PATTERN",
    "KANA_PATTERN",
    "MAX_OFFSET",
    "TEXT_PATTERN",
    "Base64Bytes",
    "Base64Key",
    "JsonBool",
    "JsonDate",
    "JsonDateTime",
    "JsonFloat",
    "JsonInt",
    "PrefectureCode",
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
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TEXT_PATTERN = rf"^[^\x00]*[^\x00{_SPACE}][^\x00]*$"
# A reading: hiragana, katakana or half-width katakana (without a lone voicing mark), and spaces.
_KANA = "\u3041-\u3096\u30a0-\u30ff\uff65-\uff9d"
KANA_PATTERN = rf"^[{_SPACE}{_KANA}]*[{_KANA}][{_SPACE}{_KANA}]*$"


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
