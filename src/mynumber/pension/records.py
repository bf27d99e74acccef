"""被保険者記録: people under their 基礎年金番号 and the spells of their 被保険者種別.

A notice names the person by My Number: the first one gives them a 基礎年金番号; each one ends
the spell in force the day before `since` and, unless the person is no longer insured, opens
a spell of the new kind. Notices of one person must come in order of `since`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.kernel.upsert import inserted
from mynumber.pension import rules
from mynumber.pension.data import (
    CoverageNotice,
    CoveragePeriod,
    InsuredKind,
    NoticeReport,
    PensionRecord,
)
from mynumber.pension.models import CounterRow, PeriodRow, PersonRow
from mynumber.pension.numbers import FIRST_SERIAL, format_number, number_of_serial

__all__ = [
    "my_numbers_of",
    "people_page",
    "periods_of",
    "person_by_my_number",
    "person_by_number",
    "receive",
    "to_record",
]

_COUNTERS = cast(Table, CounterRow.__table__)
_SERIAL = "basic_pension_number"
_CHUNK = 500  # rows per IN (…) list


def _take_serials(session: Session, count: int) -> int:
    """Take count consecutive serials; return the first (one UPDATE … RETURNING)."""
    inserted(session, _COUNTERS, {"name": _SERIAL, "next_value": FIRST_SERIAL}, "name")
    taken = _COUNTERS.c.next_value
    newest = session.execute(
        update(_COUNTERS)
        .where(_COUNTERS.c.name == _SERIAL)
        .values(next_value=taken + count)
        .returning(taken)
    ).scalar_one()
    return int(newest) - count


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _numbers_of(
    session: Session, notices: Sequence[CoverageNotice], now: dt.datetime
) -> tuple[dict[str, str], int]:
    """Return My Number → 基礎年金番号 for everyone noticed, numbering newcomers."""
    wanted = sorted({n.my_number for n in notices})
    known: dict[str, str] = {}
    for chunk in _chunks(wanted):
        found = session.execute(
            select(PersonRow.my_number, PersonRow.basic_pension_number).where(
                PersonRow.my_number.in_(chunk)
            )
        )
        known.update({mine: number for mine, number in found})
    first_notice: dict[str, CoverageNotice] = {}
    for notice in notices:
        first_notice.setdefault(notice.my_number, notice)
    new = [mine for mine in wanted if mine not in known]
    if new:
        first = _take_serials(session, len(new))
        rows: list[dict[str, object]] = []
        for i, mine in enumerate(new):
            known[mine] = number_of_serial(first + i)
            notice = first_notice[mine]
            rows.append(
                {
                    "basic_pension_number": known[mine],
                    "my_number": mine,
                    "name": notice.name,
                    "birth_date": notice.birth_date,
                    "name_kana": notice.name_kana,
                    "sex": notice.sex,
                    "address": notice.address,
                    "postal_code": notice.postal_code,
                    "registered_at": now,
                    "updated_at": now,
                }
            )
        session.execute(insert(PersonRow), rows)
    return known, len(new)


def _duplicate(spells: Sequence[PeriodRow], notice: CoverageNotice) -> bool:
    """Whether a notice says again what the record holds (sent twice: taken once)."""
    kind = notice.kind.value if notice.kind is not None else None
    for spell in spells:
        if spell.start == notice.since:
            return spell.kind == kind and spell.monthly_remuneration == notice.monthly_remuneration
    return kind is None and any(spell.end == notice.since for spell in spells)


def _apply(spells: list[PeriodRow], number: str, notice: CoverageNotice) -> PeriodRow | None:
    """End the spell in force and return the new one (None: no longer insured); refuse a
    notice older than the record's last change."""
    last = spells[-1] if spells else None
    if last is not None and max(last.start, last.end or last.start) >= notice.since:
        raise ConflictError(
            f"a notice of {notice.since} comes before the record's change of "
            f"{last.end or last.start}",
            code="notice_out_of_order",
        )
    if last is not None and last.end is None:
        last.end = notice.since
    if notice.kind is None:
        return None
    return PeriodRow(
        basic_pension_number=number,
        start=notice.since,
        end=None,
        kind=notice.kind.value,
        monthly_remuneration=notice.monthly_remuneration,
    )


def receive(
    session: Session, *, notices: Sequence[CoverageNotice], now: dt.datetime
) -> NoticeReport:
    """Take in a batch of notices (資格取得・種別変更・喪失), numbering people seen first; a
    notice the record already holds is taken once."""
    numbers, new = _numbers_of(session, notices, now)
    spells: dict[str, list[PeriodRow]] = {number: [] for number in numbers.values()}
    for chunk in _chunks(sorted(spells)):
        rows = session.scalars(
            select(PeriodRow)
            .where(PeriodRow.basic_pension_number.in_(chunk))
            .order_by(PeriodRow.basic_pension_number, PeriodRow.start)
        )
        for row in rows:
            spells[row.basic_pension_number].append(row)
    taken = 0
    for notice in notices:
        number = numbers[notice.my_number]
        if _duplicate(spells[number], notice):
            continue
        opened = _apply(spells[number], number, notice)
        taken += 1
        if opened is not None:
            session.add(opened)
            spells[number].append(opened)
    session.flush()
    return NoticeReport(received=len(notices), taken=taken, new_numbers=new)


def person_by_number(session: Session, number: str) -> PersonRow:
    """Return the person under a 基礎年金番号, or refuse (404 `unknown_pension_number`)."""
    row = session.get(PersonRow, number)
    if row is None:
        raise NotFoundError(
            f"no record under 基礎年金番号 {format_number(number)}", code="unknown_pension_number"
        )
    return row


def person_by_my_number(session: Session, my_number: str) -> PersonRow:
    """Return the person whose record holds a My Number (名寄せ), or refuse (404)."""
    row = session.scalar(select(PersonRow).where(PersonRow.my_number == my_number))
    if row is None:
        raise NotFoundError("no pension record holds this My Number", code="unknown_pension_number")
    return row


def my_numbers_of(session: Session, numbers: Sequence[str]) -> dict[str, str]:
    """Return the My Number kept with each of these 基礎年金番号 (for 符号取得)."""
    found: dict[str, str] = {}
    for chunk in _chunks(list(numbers)):
        rows = session.execute(
            select(PersonRow.basic_pension_number, PersonRow.my_number).where(
                PersonRow.basic_pension_number.in_(chunk)
            )
        )
        found.update({number: mine for number, mine in rows})
    return found


def periods_of(session: Session, numbers: Sequence[str]) -> dict[str, list[CoveragePeriod]]:
    """Return the spells of each person, oldest first."""
    found: dict[str, list[CoveragePeriod]] = {number: [] for number in numbers}
    for chunk in _chunks(list(numbers)):
        rows = session.scalars(
            select(PeriodRow)
            .where(PeriodRow.basic_pension_number.in_(chunk))
            .order_by(PeriodRow.basic_pension_number, PeriodRow.start)
        )
        for row in rows:
            found[row.basic_pension_number].append(
                CoveragePeriod(
                    kind=InsuredKind(row.kind),
                    start=row.start,
                    end=row.end,
                    monthly_remuneration=row.monthly_remuneration,
                )
            )
    return found


def to_record(row: PersonRow, periods: Sequence[CoveragePeriod], on: dt.date) -> PensionRecord:
    """Return the DTO of a person's record as on a day."""
    current = next(
        (p.kind for p in periods if p.start <= on and (p.end is None or p.end > on)), None
    )
    return PensionRecord(
        basic_pension_number=row.basic_pension_number,
        printed_number=format_number(row.basic_pension_number),
        my_number=row.my_number,
        name=row.name,
        birth_date=row.birth_date,
        periods=tuple(periods),
        current_kind=current,
        contribution_months=rules.contribution_months(row.birth_date, periods, on),
        qualifying_months=rules.qualifying_months(periods, on),
        employee_months=rules.employee_months(periods, on),
    )


def people_page(session: Session, *, limit: int, offset: int) -> list[PersonRow]:
    """Return people in 基礎年金番号 order."""
    return list(
        session.scalars(
            select(PersonRow).order_by(PersonRow.basic_pension_number).limit(limit).offset(offset)
        )
    )
