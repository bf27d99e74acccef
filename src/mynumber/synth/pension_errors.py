"""Wrong-person links in the synthetic pension notices (see `link_errors`).

A person's notices all carry the wrong number when their form is wrong (the number was looked
up once, when the 基礎年金番号 was first linked). The target is someone with no notices of their
own (a child, say), so the record the wrong notices create is theirs alone, as in the 総点検's
cases, and the truth names it. After loading, each injected number is looked up at the service
(a logged read by `synth`): found, the wrong link was accepted; not found, it was held for review.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mynumber.kernel.errors import NotFoundError
from mynumber.pension.api import Pension
from mynumber.pension.data import CoverageNotice
from mynumber.synth.households import Person
from mynumber.synth.link_errors import Cause, Injector, Tally, TruthRow

__all__ = ["PensionErrors"]

AGENCY, KIND = "pension", "pension"  # as the pension service's `linked_records` names them
_Notices = Callable[[Person, Person | None], list[CoverageNotice]]


class PensionErrors:
    """Rewrites some people's notices with another's number, and tells what became of them."""

    def __init__(self, people: Sequence[Person], injector: Injector, notices: _Notices) -> None:
        self._people, self._injector, self._notices = people, injector, notices
        self._used: set[int] = set()
        self._wrong: list[tuple[int, int, Cause]] = []  # (whose form, whose number, why)
        self.tally = Tally()

    def apply(self, person: Person, found: list[CoverageNotice]) -> list[CoverageNotice]:
        """Return the person's notices, with another's number if this form is wrong."""
        if not found:
            return found
        pick = self._injector.wrong_number(person.number, allowed=self._allowed)
        if pick is None:
            return found
        other, cause = pick
        self._used.add(other)
        self._wrong.append((person.number, other, cause))
        self.tally.injected += 1
        number = self._people[other].resident.my_number
        return [notice.model_copy(update={"my_number": number}) for notice in found]

    def _allowed(self, other: int) -> bool:
        person = self._people[other]
        spouse = self._people[person.spouse] if person.spouse is not None else None
        return other not in self._used and not self._notices(person, spouse)

    def settle(self, pension: Pension) -> Tally:
        """Count each injected link accepted (with its truth row) or held."""
        for person, other, cause in self._wrong:
            number = self._people[other].resident.my_number
            try:
                record = pension.find(my_number=number, actor="synth")
            except NotFoundError:
                self.tally.held += 1
                continue
            self.tally.accepted += 1
            self.tally.rows.append(TruthRow(
                agency=AGENCY, kind=KIND, record_id=record.basic_pension_number,
                linked_my_number=number,
                true_resident_code=self._people[person].resident.resident_code, cause=cause,
            ))  # fmt: skip
        return self.tally
