"""Coverage (被保険者資格): people under their 被保険者番号 and their spells with employers.

An employer's 資格取得届 names the person by My Number; the first one gives them a number
from the office of the workplace, kept for life. A person is covered by one employer at a
time (the main one): a hiring while a spell is open is refused, as is a separation without
one. A notice the record already holds is taken once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from mynumber.employment import rules
from mynumber.employment.data import (
    CoverageSpell,
    Hiring,
    InsuredRecord,
    NoticeReport,
    Separation,
    SeparationReason,
)
from mynumber.employment.models import CounterRow, PersonRow, SpellRow
from mynumber.kernel.errors import ConflictError, NotFoundError
from mynumber.kernel.upsert import inserted

__all__ = [
    "hire",
    "my_numbers_of",
    "people_page",
    "person_by_my_number",
    "person_by_number",
    "separate",
    "spells_of",
    "to_record",
]

_COUNTERS = cast(Table, CounterRow.__table__)
_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def my_numbers_of(session: Session, numbers: Sequence[str]) -> dict[str, str]:
    """Return the My Number kept with each of these 被保険者番号 (for 符号取得)."""
    found: dict[str, str] = {}
    for chunk in _chunks(list(numbers)):
        rows = session.execute(
            select(PersonRow.insured_number, PersonRow.my_number).where(
                PersonRow.insured_number.in_(chunk)
            )
        )
        found.update({number: mine for number, mine in rows})
    return found


def _take_serials(session: Session, office: str, count: int) -> int:
    inserted(session, _COUNTERS, {"office": office, "next_serial": 1}, "office")
    taken = _COUNTERS.c.next_serial
    newest = session.execute(
        update(_COUNTERS)
        .where(_COUNTERS.c.office == office)
        .values(next_serial=taken + count)
        .returning(taken)
    ).scalar_one()
    return int(newest) - count


def _known(session: Session, my_numbers: Iterable[str]) -> dict[str, str]:
    known: dict[str, str] = {}
    for chunk in _chunks(sorted(set(my_numbers))):
        found = session.execute(
            select(PersonRow.my_number, PersonRow.insured_number).where(
                PersonRow.my_number.in_(chunk)
            )
        )
        known.update({mine: number for mine, number in found})
    return known


def _number_newcomers(
    session: Session, hirings: Sequence[Hiring], known: dict[str, str], now: dt.datetime
) -> int:
    first_seen: dict[str, Hiring] = {}
    for hiring in hirings:
        if hiring.my_number not in known:
            first_seen.setdefault(hiring.my_number, hiring)
    by_office: dict[str, list[Hiring]] = {}
    for hiring in first_seen.values():
        by_office.setdefault(hiring.office, []).append(hiring)
    rows: list[dict[str, object]] = []
    for office, newcomers in sorted(by_office.items()):
        first = _take_serials(session, office, len(newcomers))
        for i, hiring in enumerate(newcomers):
            known[hiring.my_number] = rules.number_of(office, first + i)
            rows.append(
                {
                    "insured_number": known[hiring.my_number],
                    "my_number": hiring.my_number,
                    "name": hiring.name,
                    "birth_date": hiring.birth_date,
                    "registered_at": now,
                }
            )
    if rows:
        session.execute(insert(PersonRow), rows)
    return len(rows)


def _spells_by_number(session: Session, numbers: Iterable[str]) -> dict[str, list[SpellRow]]:
    found: dict[str, list[SpellRow]] = {number: [] for number in numbers}
    for chunk in _chunks(sorted(found)):
        for row in session.scalars(
            select(SpellRow)
            .where(SpellRow.insured_number.in_(chunk))
            .order_by(SpellRow.insured_number, SpellRow.start)
        ):
            found[row.insured_number].append(row)
    return found


def hire(session: Session, *, hirings: Sequence[Hiring], now: dt.datetime) -> NoticeReport:
    """Take in 資格取得届, numbering people seen for the first time."""
    known = _known(session, (h.my_number for h in hirings))
    new = _number_newcomers(session, hirings, known, now)
    spells = _spells_by_number(session, known.values())
    taken = 0
    for hiring in hirings:
        number = known[hiring.my_number]
        held = spells[number]
        if any(s.start == hiring.hired_on and s.employer == hiring.employer for s in held):
            continue
        last = held[-1] if held else None
        if last is not None and (last.last_day is None or last.last_day >= hiring.hired_on):
            raise ConflictError(
                f"already covered by {last.employer} from {last.start}", code="already_insured"
            )
        row = SpellRow(
            insured_number=number,
            start=hiring.hired_on,
            last_day=None,
            employer=hiring.employer,
            monthly_wage=hiring.monthly_wage,
            reason=None,
        )
        session.add(row)
        held.append(row)
        taken += 1
    session.flush()
    return NoticeReport(received=len(hirings), taken=taken, new_numbers=new)


def separate(
    session: Session, *, separations: Sequence[Separation], now: dt.datetime
) -> NoticeReport:
    """Take in 資格喪失届: close each person's open spell on the 離職日 with its reason."""
    known = _known(session, (s.my_number for s in separations))
    spells = _spells_by_number(session, known.values())
    taken = 0
    for separation in separations:
        number = known.get(separation.my_number)
        held = spells[number] if number else []
        if any(s.last_day == separation.last_day for s in held):
            continue
        last = held[-1] if held else None
        if last is None or last.last_day is not None or last.start > separation.last_day:
            raise ConflictError("no spell in force to end on that day", code="not_insured")
        last.last_day, last.reason = separation.last_day, separation.reason.value
        taken += 1
    session.flush()
    return NoticeReport(received=len(separations), taken=taken, new_numbers=0)


def person_by_number(session: Session, number: str) -> PersonRow:
    """Return the person under a 被保険者番号, or refuse (404 `unknown_insured_number`)."""
    row = session.get(PersonRow, number)
    if row is None:
        raise NotFoundError(
            f"no record under 被保険者番号 {rules.format_number(number)}",
            code="unknown_insured_number",
        )
    return row


def person_by_my_number(session: Session, my_number: str) -> PersonRow:
    """Return the person whose record holds a My Number (名寄せ), or refuse (404)."""
    row = session.scalar(select(PersonRow).where(PersonRow.my_number == my_number))
    if row is None:
        raise NotFoundError(
            "no employment insurance record holds this My Number", code="unknown_insured_number"
        )
    return row


def spells_of(session: Session, numbers: Sequence[str]) -> dict[str, list[CoverageSpell]]:
    """Return each person's spells, oldest first."""
    return {
        number: [
            CoverageSpell(
                employer=row.employer,
                start=row.start,
                last_day=row.last_day,
                monthly_wage=row.monthly_wage,
                reason=SeparationReason(row.reason) if row.reason else None,
            )
            for row in rows
        ]
        for number, rows in _spells_by_number(session, numbers).items()
    }


def to_record(row: PersonRow, spells: Sequence[CoverageSpell], on: dt.date) -> InsuredRecord:
    """Return the DTO of a person's record as on a day."""
    return InsuredRecord(
        insured_number=row.insured_number,
        printed_number=rules.format_number(row.insured_number),
        my_number=row.my_number,
        name=row.name,
        birth_date=row.birth_date,
        spells=tuple(spells),
        insured_now=any(s.start <= on and (s.last_day is None or s.last_day >= on) for s in spells),
    )


def people_page(session: Session, *, limit: int, offset: int) -> list[PersonRow]:
    """Return people in 被保険者番号 order."""
    return list(
        session.scalars(
            select(PersonRow).order_by(PersonRow.insured_number).limit(limit).offset(offset)
        )
    )
