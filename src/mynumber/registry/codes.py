"""The code service in bulk: many My Numbers exchanged for one agency's codes at once."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import DomainError, InvalidInputError
from mynumber.registry.models import ResidentRow
from mynumber.registry.queries import resident_code_for_number

__all__ = ["resident_codes_for_numbers"]

_CHUNK = 500  # bound parameters per IN (...) query


def resident_codes_for_numbers(session: Session, *, my_numbers: Sequence[str]) -> list[str]:
    """Return the resident codes behind current My Numbers, in order, or refuse them all.

    A refusal names the first bad item by its position and gives the single lookup's reason.
    """
    codec = CODECS[IdentifierKind.MY_NUMBER]
    for index, number in enumerate(my_numbers):
        if not codec.is_valid(number):
            raise InvalidInputError(
                "not a valid My Number (12 digits with check digit)", item=index
            )
    unique = list(dict.fromkeys(my_numbers))
    found: dict[str, str] = {}
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        rows = session.execute(
            select(ResidentRow.my_number, ResidentRow.resident_code).where(
                ResidentRow.my_number.in_(chunk)
            )
        )
        found.update((number, code) for number, code in rows)
    for index, number in enumerate(my_numbers):
        if number not in found:
            try:  # the single lookup says why: never issued, or replaced
                resident_code_for_number(session, my_number=number)
            except DomainError as refused:
                raise type(refused)(refused.reason, code=refused.code, item=index) from None
    return [found[number] for number in my_numbers]
