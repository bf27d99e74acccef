"""Addresses withheld under the registry's DV 支援措置 (住民基本台帳事務におけるDV等支援措置):
the registry tells the eligibility system, by subject, when a person's measure is set or lifted
(`registry.data.SupportMeasureNotice`); while it is in force every answer about the person
carries no address and the flag `AddressNotDisclosed` (the PMH API's `isNotDisclosed`).

The period is kept, so a measure that runs out needs no message. A later change of the register
(a higher `version`) wins over an earlier one delivered late. Every function takes the caller's
session; none commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.eligibility.data import EligibilityAnswer, QualificationInfo
from mynumber.eligibility.models import AddressWithholdingRow, MembershipRow
from mynumber.registry.data import SupportMeasureNotice

__all__ = ["record_notice", "withheld_subjects", "withhold_stored"]

_Key = tuple[str, str, str, str]


def record_notice(session: Session, notice: SupportMeasureNotice) -> None:
    """Keep the measure the registry announced, unless a later change is already kept."""
    row = session.get(AddressWithholdingRow, notice.subject)
    if row is None:
        row = AddressWithholdingRow(subject=notice.subject)
        session.add(row)
    elif row.version >= notice.version:
        return
    row.valid_from, row.valid_until = notice.valid_from, notice.valid_until
    row.changed_at, row.version = notice.changed_at, notice.version


def withheld_subjects(session: Session, subjects: Iterable[str], on: dt.date) -> set[str]:
    """Return which of these people have their address withheld on this day."""
    wanted = set(subjects)
    if not wanted:
        return set()
    found = session.scalars(  # the codes alone: asked on every answer, no rows are built
        select(AddressWithholdingRow.subject).where(
            AddressWithholdingRow.subject.in_(wanted),
            AddressWithholdingRow.valid_from <= on,
            AddressWithholdingRow.valid_until >= on,
        )
    )
    return set(found)


def withhold_stored(
    session: Session, answers: list[EligibilityAnswer | None], on: dt.date
) -> list[EligibilityAnswer | None]:
    """Return stored answers (一括照会 results) with the addresses withheld since they were
    answered taken out: a measure set after the batch ran still holds when it is fetched."""
    if not any(a is not None and a.results for a in answers):
        return answers
    keys = _withheld_numbers(session, on)
    return [_withhold(a, keys) if a is not None and keys else a for a in answers]


def _withheld_numbers(session: Session, on: dt.date) -> set[_Key]:
    m, w = MembershipRow, AddressWithholdingRow
    rows = session.execute(
        select(m.insurer_number, m.symbol, m.number, m.branch)
        .join(w, w.subject == m.subject)
        .where(w.valid_from <= on, w.valid_until >= on)
    )
    return {(r[0], r[1], r[2], r[3]) for r in rows}


def _withhold(answer: EligibilityAnswer, keys: set[_Key]) -> EligibilityAnswer:
    def hidden(info: QualificationInfo) -> QualificationInfo:
        key = (
            info.insurer_number,
            info.insured_card_symbol,
            info.insured_identification_number,
            info.insured_branch_number,
        )
        if key not in keys:
            return info
        return info.model_copy(
            update={"address": "", "post_number": "", "address_not_disclosed": "1"}
        )

    return answer.model_copy(update={"results": tuple(hidden(i) for i in answer.results)})
