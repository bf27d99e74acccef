"""The intermediate server's rules: links, 副本登録, answers to the network, and TKM records.

Functions take the caller's session and never commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from mynumber.intermediate.data import (
    CopyReceipt,
    CopyRecord,
    CopyRefusal,
    ExchangeRecord,
    full_width,
)
from mynumber.intermediate.models import CodeLinkRow, CopyRow
from mynumber.kernel.clock import Clock
from mynumber.kernel.errors import ConflictError
from mynumber.kernel.hashlog import HashChainedLog
from mynumber.kernel.keysets import each_column_in
from mynumber.kernel.upsert import insert_if_absent, inserted

CODE_MISSING = "code_missing"
_CHUNK = 500  # 宛名番号 or links per statement
COPY_EXISTS = "copy_exists"


@dataclass(frozen=True)
class Context:
    """What the service needs besides a session: the clock and the TKM log."""

    clock: Clock
    records: HashChainedLog


def code_missing_message(address_number: str) -> str:
    """Return the real system's message for a 宛名番号 without a 符号."""
    return f"指定された団体内統合宛名番号「{full_width(address_number)}」は符号が未取得です。"


def link_code(
    session: Session, ctx: Context, *, agency: str, address_number: str, code: str
) -> None:
    """Keep an agency's 宛名番号 ⇔ 符号; linking the same pair again changes nothing."""
    row = {"agency": agency, "address_number": address_number, "code": code,
           "linked_at": ctx.clock.now()}  # fmt: skip
    if inserted(session, cast(Table, CodeLinkRow.__table__), row, "agency", "address_number"):
        return
    if code_for(session, agency=agency, address_number=address_number) != code:
        raise ConflictError(
            f"{agency} already links 宛名番号 {address_number} to another 符号", code="link_exists"
        )


def link_codes(session: Session, ctx: Context, *, links: Sequence[tuple[str, str, str]]) -> None:
    """Keep many (agency, 宛名番号, 符号) links; a link kept already changes nothing, a 宛名番号
    kept with another 符号 refuses them all."""
    if not links:
        return
    conn = session.connection()
    table = cast(Table, CodeLinkRow.__table__)
    statement = insert_if_absent(conn.dialect.name, table, "agency", "address_number")
    now = ctx.clock.now()
    rows = [{"agency": agency, "address_number": number, "code": code, "linked_at": now}
            for agency, number, code in sorted(links)]  # fmt: skip
    for start in range(0, len(rows), _CHUNK):
        conn.execute(statement, rows[start : start + _CHUNK])
    keys = sorted({(agency, number) for agency, number, _ in links})
    columns = (CodeLinkRow.agency, CodeLinkRow.address_number)
    kept: dict[tuple[str, str], str] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        found = session.execute(
            select(*columns, CodeLinkRow.code).where(each_column_in(columns, chunk))
        )
        wanted = set(chunk)
        kept.update(((a, n), code) for a, n, code in found if (a, n) in wanted)
    for agency, number, code in links:
        if kept.get((agency, number)) != code:
            raise ConflictError(
                f"{agency} already links 宛名番号 {number} to another 符号", code="link_exists"
            )


def code_for(session: Session, *, agency: str, address_number: str) -> str | None:
    """Return the 符号 an agency keeps for one of its 宛名番号, or None."""
    return session.scalar(
        select(CodeLinkRow.code).where(
            CodeLinkRow.agency == agency, CodeLinkRow.address_number == address_number
        )
    )


def address_number_for(session: Session, *, agency: str, code: str) -> str | None:
    """Return the 宛名番号 an agency keeps under one of its 符号, or None (the reverse of
    code_for, on the unique (agency, 符号) index)."""
    return session.scalar(
        select(CodeLinkRow.address_number).where(
            CodeLinkRow.agency == agency, CodeLinkRow.code == code
        )
    )


def codes_for(session: Session, *, agency: str, address_numbers: Sequence[str]) -> dict[str, str]:
    """Return the 符号 an agency keeps for those of its 宛名番号 that have one."""
    wanted, found = sorted(set(address_numbers)), {}
    for start in range(0, len(wanted), _CHUNK):
        rows = session.execute(
            select(CodeLinkRow.address_number, CodeLinkRow.code).where(
                CodeLinkRow.agency == agency,
                CodeLinkRow.address_number.in_(wanted[start : start + _CHUNK]),
            )
        )
        found.update({number: code for number, code in rows})
    return found


def _linked_numbers(session: Session, agency: str, numbers: set[str]) -> set[str]:
    rows = session.scalars(
        select(CodeLinkRow.address_number).where(
            CodeLinkRow.agency == agency, CodeLinkRow.address_number.in_(sorted(numbers))
        )
    )
    return set(rows)


def register_copies(
    session: Session, ctx: Context, *, agency: str, copies: Sequence[CopyRecord]
) -> CopyReceipt:
    """Register 副本 rows; refuse, row by row, a person without a 符号 or a version held."""
    linked = _linked_numbers(session, agency, {c.address_number for c in copies})
    refusals: list[CopyRefusal] = []
    now = ctx.clock.now()
    for row_number, copy in enumerate(copies, 1):
        if copy.address_number not in linked:
            message = code_missing_message(copy.address_number)
            refusals.append(CopyRefusal(row=row_number, code=CODE_MISSING, message=message))
            continue
        row = {"agency": agency, "address_number": copy.address_number,
               "item_code": copy.item_code, "version": copy.version,
               "published_from": copy.published_from, "published_until": copy.published_until,
               "values_json": json.dumps(copy.values, ensure_ascii=False, sort_keys=True),
               "registered_at": now}  # fmt: skip
        keys = ("agency", "address_number", "item_code", "version")
        if not inserted(session, cast(Table, CopyRow.__table__), row, *keys):
            message = "「レコード識別番号」が既に存在しています。"
            refusals.append(CopyRefusal(row=row_number, code=COPY_EXISTS, message=message))
    return CopyReceipt(registered=len(copies) - len(refusals), refusals=refusals)


def provide(
    session: Session, *, agency: str, code: str, item_code: str, on: dt.date
) -> CopyRecord | None:
    """Return the latest version of an item published on that day for the person, or None."""
    number = session.scalar(
        select(CodeLinkRow.address_number).where(
            CodeLinkRow.agency == agency, CodeLinkRow.code == code
        )
    )
    if number is None:
        return None
    row = session.scalars(
        select(CopyRow)
        .where(
            CopyRow.agency == agency,
            CopyRow.address_number == number,
            CopyRow.item_code == item_code,
            CopyRow.published_from <= on,
            or_(CopyRow.published_until.is_(None), CopyRow.published_until >= on),
        )
        .order_by(CopyRow.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return CopyRecord(
        address_number=row.address_number,
        item_code=row.item_code,
        version=row.version,
        published_from=row.published_from,
        published_until=row.published_until,
        values=json.loads(row.values_json),
    )


def stream_of(agency: str, code: str) -> str:
    """Return the chain a partition keeps for one 符号 (a code sent by another agency by
    mistake starts a chain of its own there, apart from the owner's)."""
    return hashlib.sha256(f"{agency}\x1f{code}".encode()).hexdigest()


def record_exchange(
    session: Session, ctx: Context, *, agency: str, code: str, record: ExchangeRecord
) -> None:
    """Append an exchange to the agency's TKM records, on the chain of the 符号."""
    payload = {"agency": agency, **record.model_dump(mode="json", exclude={"recorded_at"})}
    ctx.records.append(session, stream=stream_of(agency, code), payload=payload, at=ctx.clock.now())


def exchange_records(
    session: Session, ctx: Context, *, agency: str, code: str
) -> list[ExchangeRecord]:
    """Return an agency's records on one 符号, oldest first."""
    return [
        ExchangeRecord.model_validate(
            {k: v for k, v in r.payload.items() if k != "agency"} | {"recorded_at": r.recorded_at}
        )
        for r in ctx.records.read(session, stream=stream_of(agency, code))
    ]
