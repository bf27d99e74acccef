"""The lines of a 一括照会 (batch inquiry) as the eligibility system reads them, and the 受付番号
(reception number) an inquiry is kept under.

受付番号: "B", the day of submission in Japan as YYMMDD, and 8 random digits, e.g.
B26112204718325 (15 characters); unique, since the key refuses a repeat.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import NoReturn

from mynumber.eligibility.data import BatchLine, NumberQuery
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.clock import JST
from mynumber.kernel.dates import parse_typed_date
from mynumber.kernel.errors import InvalidInputError
from mynumber.kernel.japanese import normalize_text

__all__ = ["ROW_INVALID", "line_query", "reception_number"]

ROW_INVALID = "row_invalid"


def reception_number(now: dt.datetime) -> str:
    """Return a new 受付番号: B + YYMMDD (Japan) + 8 random digits."""
    return f"B{now.astimezone(JST):%y%m%d}{secrets.randbelow(10**8):08d}"


def line_query(line: BatchLine, *, facility_code: str, visit_date: dt.date) -> NumberQuery:
    """Return the check a submitted line asks for, or refuse it naming the field (row_invalid).

    Widths are normalised; spreadsheets drop leading zeros, so a one-digit 枝番 and a
    seven-digit 保険者番号 get theirs back.
    """
    insurer, symbol, number, branch, born = (
        normalize_text(v)
        for v in (line.insurer_number, line.symbol, line.number, line.branch, line.birth_date)
    )
    insurer = "0" + insurer if len(insurer) == 7 else insurer
    branch = "0" + branch if len(branch) == 1 else branch
    if not CODECS[IdentifierKind.INSURER_NUMBER].is_valid(insurer):
        _refuse("insurer_number", "保険者番号が正しくありません（6桁または8桁、検証番号）")
    if len(symbol) > 20:
        _refuse("symbol", "記号が長すぎます（20文字まで）")
    if not number or len(number) > 20:
        _refuse("number", "番号がありません" if not number else "番号が長すぎます（20文字まで）")
    if not (len(branch) == 2 and branch.isascii() and branch.isdigit()):
        _refuse("branch", "枝番は2桁の数字です")
    if len(line.arbitrary_identifier) > 100:
        _refuse("arbitrary_identifier", "患者IDが長すぎます（100文字まで）")
    return NumberQuery(
        facility_code=facility_code,
        visit_date=visit_date,
        insurer_number=insurer,
        symbol=symbol,
        number=number,
        branch=branch,
        birth_date=_birth_date(born),
    )


def _birth_date(text: str) -> dt.date:
    try:
        return parse_typed_date(text)
    except ValueError:  # not a date's shape, or 2月30日 and the like
        reason = "生年月日がありません" if not text else "生年月日が日付ではありません"
        _refuse("birth_date", reason)


def _refuse(field: str, reason: str) -> NoReturn:
    raise InvalidInputError(f"{field}: {reason}", code=ROW_INVALID)
