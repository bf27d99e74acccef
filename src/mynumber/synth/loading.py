"""Load enrolments and losses through the insurers in large chronological batches.

Each batch is sent as: losses of memberships made in earlier batches, then the enrolments
(a dependant names an insured person of the same batch as "@row"), then losses of memberships
made in this batch (or joined by a dependant in it). Each household's events keep their order;
one whose member would rejoin an insurer before an earlier membership there ends (in the late
losses) waits for the next batch. Households never refer to one another.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from mynumber.eligibility.data import InsuredRef
from mynumber.insurers.api import Insurers
from mynumber.insurers.data import (
    Enrolment,
    IncomeCategory,
    LossReason,
    Member,
    Membership,
    export_agency,
)
from mynumber.kernel.errors import ConflictError
from mynumber.registry.data import Resident
from mynumber.synth.link_errors import Cause, Injector, Tally, TruthRow

__all__ = ["BATCH_ROWS", "Covered", "Enrol", "Loader", "Loss"]

BATCH_ROWS = 20_000
_Row = tuple[str, dt.date, LossReason]


class Enrol(NamedTuple):
    """資格取得: person joins insurer on start, as a dependant of membership `head` if given."""

    key: int
    person: int
    insurer: str
    start: dt.date
    head: int | None
    income: IncomeCategory


class Loss(NamedTuple):
    """資格喪失: membership `key` ends on last_day (its dependants' with it)."""

    key: int
    person: int
    last_day: dt.date
    reason: LossReason


class Covered(NamedTuple):
    """A person and their insured numbers over a period: (from, to or None, number)."""

    resident: Resident
    spells: tuple[tuple[dt.date, dt.date | None, InsuredRef], ...]

    def insured_on(self, day: dt.date) -> InsuredRef | None:
        """Return the insured number in force on a day, if any."""
        for start, end, ref in self.spells:
            if start <= day and (end is None or day <= end):
                return ref
        return None


class Loader:
    """Send events to the insurers; people are the residents, indexed by Enrol.person."""

    def __init__(
        self,
        insurers: Insurers,
        people: Sequence[Resident],
        household_of: Sequence[int],
        *,
        progress: Callable[[int, int], None] | None = None,
        errors: Injector | None = None,
    ) -> None:
        self._insurers, self._people, self._progress = insurers, people, progress
        self._household_of = household_of
        self._errors, self.errors = errors, Tally()  # wrong-person links (link_errors)
        self._enrolled_at: set[tuple[int, str]] = set()  # (person, insurer) ever enrolled
        self._members: dict[int, Member] = {}
        self._ids: dict[int, str] = {}  # membership ids of earlier batches
        self._owner: dict[int, tuple[int, str]] = {}  # key in force -> (person, insurer)
        self._dependants: dict[int, set[int]] = {}
        self._head_of: dict[int, int] = {}
        self._done = self._total = 0
        # What the insurers answered: membership id -> [person, from, to, insured number].
        self._spells: dict[str, list[Any]] = {}
        self._start_batch()

    def load(self, events: Sequence[Enrol | Loss]) -> int:
        """Load the events in order; return how many."""
        self._total = len(events)
        self._enrolled_at = {(e.person, e.insurer) for e in events if isinstance(e, Enrol)}
        queue = deque(events)
        while queue:
            blocked: set[int] = set()
            deferred: list[Enrol | Loss] = []
            while queue and len(self._keys) + len(self._early) + len(self._late) < BATCH_ROWS:
                event = queue.popleft()
                household = self._household_of[event.person]
                if household in blocked or self._waits(event):
                    # Rejoining an insurer whose membership ends later in this batch: this
                    # household goes on in the next batch (households never refer to each other).
                    blocked.add(household)
                    deferred.append(event)
                elif isinstance(event, Enrol):
                    self._enrol(event)
                else:
                    self._lose(event)
            self._flush()
            queue.extendleft(reversed(deferred))
        return self._done

    def _waits(self, event: Enrol | Loss) -> bool:
        return isinstance(event, Enrol) and (event.person, event.insurer) in self._closing

    def _start_batch(self) -> None:
        self._enrolments: list[Enrolment] = []
        self._keys: list[int] = []
        self._persons: list[int] = []
        self._rows: dict[int, int] = {}  # key -> row in this batch
        self._early: list[Loss] = []
        self._late: list[Loss] = []
        self._closing: set[tuple[int, str]] = set()  # (person, insurer) ended late
        self._supporting: set[int] = set()  # keys that dependants joined in this batch
        self._wrong: dict[int, tuple[int, Cause]] = {}  # row -> (whose number, why)

    def _enrol(self, event: Enrol) -> None:
        head = None
        if event.head is not None:
            row = self._rows.get(event.head)
            head = f"@{row}" if row is not None else self._ids[event.head]
            self._dependants.setdefault(event.head, set()).add(event.key)
            self._supporting.add(event.head)
            self._head_of[event.key] = event.head
        self._rows[event.key] = len(self._keys)
        self._keys.append(event.key)
        self._persons.append(event.person)
        self._owner[event.key] = (event.person, event.insurer)
        resident = self._people[event.person]
        self._enrolments.append(
            Enrolment(
                insurer_number=event.insurer,
                my_number=self._number_on_form(event),
                member=self._member(event.person, resident),
                valid_from=event.start,
                dependant_of=head,
                income=event.income,
            )
        )

    def _number_on_form(self, event: Enrol) -> str:
        """Return the My Number the form carries: the person's, or (injected) someone else's
        never enrolled at that insurer (else the insurer would refuse it as already enrolled)."""
        right = self._people[event.person].my_number
        if self._errors is None:
            return right
        found = self._errors.wrong_number(
            event.person, allowed=lambda other: (other, event.insurer) not in self._enrolled_at
        )
        if found is None:
            return right
        self._enrolled_at.add((found[0], event.insurer))  # one wrong link per target there
        self._wrong[len(self._keys) - 1] = found
        self.errors.injected += 1
        return self._people[found[0]].my_number

    def _enrol_checked(self) -> list[Membership]:
        """Enrol the batch; where the insurer held wrong forms for review (the safeguarded
        policy refuses the batch), send it again with those forms corrected, as the review
        would, and count them held."""
        try:
            made = self._insurers.enrol_many(enrolments=self._enrolments)
            held: set[int] = set()
        except ConflictError as refused:
            if refused.code != "link_mismatch" or not self._wrong:
                raise
            held = self._held_rows()
            for row in held:
                right = {"my_number": self._people[self._persons[row]].my_number}
                self._enrolments[row] = self._enrolments[row].model_copy(update=right)
            made = self._insurers.enrol_many(enrolments=self._enrolments)
        for row, (other, cause) in self._wrong.items():
            if row in held:
                self.errors.held += 1
                continue
            self.errors.accepted += 1
            self.errors.rows.append(TruthRow(
                agency=export_agency(made[row].insured.insurer_number), kind="membership",
                record_id=made[row].membership_id, linked_my_number=self._people[other].my_number,
                true_resident_code=self._people[self._persons[row]].resident_code, cause=cause,
            ))  # fmt: skip
        return made

    def _held_rows(self) -> set[int]:
        """Return the rows with a wrong number that the insurers held for review."""
        insurers = {self._enrolments[row].insurer_number for row in self._wrong}
        held = {
            (h.insurer_number, h.member.name, h.member.birth_date, h.valid_from)
            for number in insurers
            for h in self._insurers.held_links(insurer_number=number)
        }
        keys = {
            row: (e.insurer_number, e.member.name, e.member.birth_date, e.valid_from)
            for row, e in ((row, self._enrolments[row]) for row in self._wrong)
        }
        return {row for row, key in keys.items() if key in held}

    def _lose(self, event: Loss) -> None:
        ended = [event.key, *self._dependants.pop(event.key, ())]
        # Late if made in this batch, or if a dependant joined it in this batch.
        late = event.key in self._rows or event.key in self._supporting
        (self._late if late else self._early).append(event)
        for key in ended:
            pair = self._owner.pop(key)
            if late:
                self._closing.add(pair)
            if key != event.key:
                self._head_of.pop(key, None)
        head = self._head_of.pop(event.key, None)
        if head is not None and head in self._dependants:
            self._dependants[head].discard(event.key)

    def covered(self, *, since: dt.date) -> list[Covered]:
        """Return each person's insured numbers in force at some time from `since` on."""
        spells: dict[int, list[tuple[dt.date, dt.date | None, InsuredRef]]] = {}
        for person, start, end, ref in self._spells.values():
            if end is None or end >= since:
                spells.setdefault(person, []).append((start, end, ref))
        return [Covered(self._people[p], tuple(sorted(s))) for p, s in sorted(spells.items())]

    def _flush(self) -> None:
        if self._early:
            self._ended(self._insurers.lose_many(losses=self._rows_of(self._early)))
        if self._enrolments:
            made = self._enrol_checked()
            self._ids.update(zip(self._keys, (m.membership_id for m in made), strict=True))
            for person, membership in zip(self._persons, made, strict=True):
                insured = InsuredRef.model_validate(membership.insured.model_dump())
                self._spells[membership.membership_id] = [
                    person,
                    membership.valid_from,
                    None,
                    insured,
                ]
        if self._late:
            self._ended(self._insurers.lose_many(losses=self._rows_of(self._late)))
        self._done += len(self._keys) + len(self._early) + len(self._late)
        self._start_batch()
        if self._progress is not None:
            self._progress(self._done, self._total)

    def _ended(self, memberships: Iterable[Membership]) -> None:
        for membership in memberships:
            if membership.membership_id in self._spells:
                self._spells[membership.membership_id][2] = membership.valid_to

    def _rows_of(self, losses: Iterable[Loss]) -> list[_Row]:
        return [(self._ids[loss.key], loss.last_day, loss.reason) for loss in losses]

    def _member(self, number: int, resident: Resident) -> Member:
        member = self._members.get(number)
        if member is None:
            member = self._members[number] = Member(
                name=resident.name.full,
                name_kana=resident.name.full_kana,
                birth_date=resident.birth_date,
                sex=int(resident.sex),
                address=resident.address.text,
                postal_code=resident.address.postal_code,
            )
        return member
