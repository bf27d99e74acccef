"""Enrolments and losses in batches (nightly transfers, synthetic loads), under the same rules.

The rules are those of `service.enrol` and `service.lose`, applied row by row in input order,
but with the state they need read set-wise up front and the rows written in a few statements:
a batch of 20,000 costs about what 20 single enrolments do. The first bad row refuses the whole
batch, naming its row. A dependant may name an insured person enrolled earlier in the same
batch as "@<row>".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from mynumber.insurers import service
from mynumber.insurers.data import Enrolment, InsurerKind, LossReason
from mynumber.insurers.models import InsurerRow, MembershipRow
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import ConflictError, DomainError, InvalidInputError, NotFoundError
from mynumber.kernel.keysets import each_column_in

__all__ = ["BATCH_REFERENCE", "check_enrolments", "enrol_many", "insured_names", "lose_many"]

BATCH_REFERENCE = "@"  # dependant_of "@3": the membership made by row 3 of the same batch
_CHUNK = 400
_MEMBERSHIPS = cast(Table, MembershipRow.__table__)


def check_enrolments(session: Session, enrolments: Sequence[Enrolment]) -> dict[str, InsurerRow]:
    """Refuse a batch before any number is exchanged: unknown insurer, bad number or reference.

    Return the batch's insurers by number.
    """
    numbers = sorted({e.insurer_number for e in enrolments})
    providers = {
        row.number: row
        for row in session.scalars(select(InsurerRow).where(InsurerRow.number.in_(numbers)))
    }
    codec = CODECS[IdentifierKind.MY_NUMBER]
    for index, enrolment in enumerate(enrolments):
        with _row(index):
            if enrolment.insurer_number not in providers:
                service.insurer(session, enrolment.insurer_number)  # refuses as enrol does
            if not codec.is_valid(enrolment.my_number):
                raise InvalidInputError("not a valid My Number (12 digits with check digit)")
            reference = _reference(enrolment)
            if reference is not None and not 0 <= reference < index:
                raise InvalidInputError(
                    f"dependant_of {enrolment.dependant_of!r} must name an earlier row"
                )
    return providers


def enrol_many(
    session: Session,
    *,
    providers: Mapping[str, InsurerRow],
    enrolments: Sequence[Enrolment],
    person_codes: Sequence[str],
    membership_ids: Sequence[str],
    my_numbers: Sequence[str | None],
) -> list[MembershipRow]:
    """Record the memberships of a batch, in order; return their rows as written. my_numbers
    are those kept beside the memberships (None where the insurer drops it).

    providers are the batch's insurers (from check_enrolments). The rows returned are plain
    records of what was inserted, read like MembershipRow (as service.to_membership does).
    """
    covered = _active(session, person_codes)  # person code -> membership in force
    made: dict[str, MembershipRow] = {}
    stored = _stored_heads(session, enrolments)  # locked, so their 枝番 are taken in turn
    branches = _branches(session, stored.values())
    sequences = _take_sequences(session, enrolments)
    rows: list[MembershipRow] = []
    for index, (given, person, membership_id, my_number) in enumerate(
        zip(enrolments, person_codes, membership_ids, my_numbers, strict=True)
    ):
        reference = _reference(given)
        enrolment = given
        if reference is not None:
            enrolment = given.model_copy(update={"dependant_of": membership_ids[reference]})
        with _row(index):
            if person in covered:
                raise ConflictError(
                    f"already covered by this insurer (membership {covered[person]})",
                    code="already_enrolled",
                )
            if enrolment.member.birth_date > enrolment.valid_from:
                raise InvalidInputError("coverage cannot begin before birth")
            provider = providers[enrolment.insurer_number]
            if enrolment.dependant_of is None:
                numbers = service.insured_numbers(
                    InsurerKind(provider.kind), next(sequences[provider.number])
                )
            else:
                head = made.get(enrolment.dependant_of) or stored.get(enrolment.dependant_of)
                head = service.check_head(provider, head)
                key = (head.insurer_number, head.number)
                branches[key] = branches.get(key, 0) + 1  # counted in memory, not queried
                numbers = service.dependant_numbers(head, branches[key])
            row = _new_row(enrolment, person, membership_id, numbers, my_number)
        rows.append(row)
        made[membership_id] = row
        covered[person] = membership_id
        branches.setdefault((row.insurer_number, row.number), int(row.branch))
    if rows:
        with service.refuse_second_cover():
            session.execute(_MEMBERSHIPS.insert(), [vars(row) for row in rows])
    return rows


def _take_sequences(session: Session, enrolments: Sequence[Enrolment]) -> dict[str, Iterator[int]]:
    """Take, insurer by insurer, a block of sequence numbers for the batch's insured people."""
    wanted = Counter(e.insurer_number for e in enrolments if e.dependant_of is None)
    taken: dict[str, Iterator[int]] = {}
    for insurer_number in sorted(wanted):  # in one order: two batches never deadlock
        first = service.take_sequences(session, insurer_number, wanted[insurer_number])
        taken[insurer_number] = iter(range(first, first + wanted[insurer_number]))
    return taken


def lose_many(
    session: Session, *, losses: Sequence[tuple[str, dt.date, LossReason]]
) -> list[MembershipRow]:
    """End the memberships of a batch, in order; return every row that lost cover, as written.

    Each loss is followed by the dependants who lost cover with it.
    """
    ids = [membership_id for membership_id, _, _ in losses]
    rows = {r.membership_id: r for r in _load(session, _MEMBERSHIPS.c.membership_id, ids)}
    dependants: dict[str, list[MembershipRow]] = {}
    for found in _load(session, _MEMBERSHIPS.c.dependant_of, ids):
        same = rows.setdefault(found.membership_id, found)  # one record per membership
        dependants.setdefault(same.dependant_of or "", []).append(same)
    ended: list[MembershipRow] = []
    for index, (membership_id, last_day, reason) in enumerate(losses):
        with _row(index):
            if membership_id not in rows:
                raise NotFoundError(f"no membership {membership_id}")
            row = rows[membership_id]
            if row.valid_to is not None:
                raise ConflictError(
                    f"membership {membership_id} already ended on {row.valid_to}",
                    code="already_ended",
                )
            if last_day < row.valid_from:
                raise InvalidInputError("coverage cannot end before it began")
        now = [row, *(d for d in dependants.get(membership_id, ()) if d.valid_to is None)]
        for member in now:
            member.valid_to = max(last_day, member.valid_from)
            member.loss_reason = (reason if member is row else LossReason.DEPENDANT_ENDED).value
        ended += now
    if ended:
        session.execute(
            update(_MEMBERSHIPS)
            .where(_MEMBERSHIPS.c.membership_id == bindparam("b_id"))
            .values(valid_to=bindparam("b_to"), loss_reason=bindparam("b_reason")),
            [
                {"b_id": r.membership_id, "b_to": r.valid_to, "b_reason": r.loss_reason}
                for r in ended
            ],
        )
    return ended


def insured_names(session: Session, rows: Sequence[MembershipRow]) -> list[str]:
    """Return the name of each row's insured person (本人): their own, or their head's."""
    heads = {row.membership_id: row.name for row in rows}
    missing = {r.dependant_of for r in rows if r.dependant_of and r.dependant_of not in heads}
    heads.update(
        (r.membership_id, r.name) for r in _load(session, _MEMBERSHIPS.c.membership_id, missing)
    )
    return [heads.get(row.dependant_of, row.name) if row.dependant_of else row.name for row in rows]


def _active(session: Session, person_codes: Collection[str]) -> dict[str, str]:
    people = sorted(set(person_codes))
    found: dict[str, str] = {}
    for start in range(0, len(people), _CHUNK):
        found.update(
            session.execute(
                select(MembershipRow.person_code, MembershipRow.membership_id).where(
                    MembershipRow.person_code.in_(people[start : start + _CHUNK]),
                    MembershipRow.valid_to.is_(None),
                )
            ).all()
        )
    return found


def _stored_heads(session: Session, enrolments: Sequence[Enrolment]) -> dict[str, MembershipRow]:
    ids = {e.dependant_of for e in enrolments if e.dependant_of and _reference(e) is None}
    rows = _load(session, _MEMBERSHIPS.c.membership_id, ids, lock=True)
    return {r.membership_id: r for r in rows}


def _branches(session: Session, heads: Collection[MembershipRow]) -> dict[tuple[str, str], int]:
    """Return the highest 枝番 given so far under each stored head's insured number."""
    keys = sorted({(h.insurer_number, h.number) for h in heads})
    columns = (MembershipRow.insurer_number, MembershipRow.number)
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = session.execute(
            select(*columns, func.max(MembershipRow.branch))
            .where(each_column_in(columns, chunk))
            .group_by(*columns)
        )
        wanted = set(chunk)
        found.update(((i, n), int(top)) for i, n, top in rows if (i, n) in wanted)
    return found


def _new_row(
    enrolment: Enrolment,
    person: str,
    membership_id: str,
    numbers: service.Numbers,
    my_number: str | None,
) -> MembershipRow:
    """Return the row to insert, as a plain record: an ORM object costs ~50 µs more a row."""
    symbol, number, branch, role, head = numbers
    row = SimpleNamespace(
        membership_id=membership_id,
        insurer_number=enrolment.insurer_number,
        person_code=person,
        symbol=symbol,
        number=number,
        branch=branch,
        role=role.value,
        dependant_of=head,
        valid_from=enrolment.valid_from,
        valid_to=None,
        loss_reason=None,
        income=enrolment.income.value,
        my_number=my_number,
        **enrolment.member.model_dump(),
    )
    return cast(MembershipRow, row)


def _load(
    session: Session, column: Any, values: Collection[str], *, lock: bool = False
) -> list[MembershipRow]:
    """Return the rows whose column is one of values, as plain records, oldest first.

    lock: hold them (SELECT … FOR UPDATE) until the transaction ends.
    """
    ordered = sorted(set(values))
    rows: list[MembershipRow] = []
    for start in range(0, len(ordered), _CHUNK):
        query = select(_MEMBERSHIPS).where(column.in_(ordered[start : start + _CHUNK]))
        if lock:
            query = query.with_for_update()
        oldest = query.order_by(_MEMBERSHIPS.c.valid_from, _MEMBERSHIPS.c.membership_id)
        found = session.execute(oldest).mappings()
        rows += [cast(MembershipRow, SimpleNamespace(**row)) for row in found]
    return rows


def _reference(enrolment: Enrolment) -> int | None:
    head = enrolment.dependant_of
    if head is None or not head.startswith(BATCH_REFERENCE):
        return None
    try:
        return int(head[len(BATCH_REFERENCE) :])
    except ValueError:
        raise InvalidInputError(f"dependant_of {head!r} is not a row reference") from None


@contextmanager
def _row(index: int) -> Iterator[None]:
    """Prefix a refusal with the row it came from, keeping its type and code."""
    try:
        yield
    except DomainError as refused:
        raise type(refused)(f"row {index}: {refused.reason}", code=refused.code) from None
