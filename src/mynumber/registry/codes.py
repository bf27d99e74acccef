"""J-LIS's side of 符号 issuance (番号法第21条の2) and of the link check, one or many at a time.

An agency that holds a person's My Number asks J-LIS for its 符号 with a one-time 取得番号. J-LIS
turns the My Number into the resident code and passes only the 取得番号 and the resident code on
to the network, which derives the 符号 under its own key; the answer comes back with the 取得番号.
The registry keeps neither the 取得番号 nor the 符号: only the access-log record of the lookup.

The link check compares what an agency's record says of the holder with J-LIS's 本人確認情報 on
the five items the 2023 総点検 used (kanji name, reading, birth date, sex, address), folded
(`kernel.identity_fold`) so width, small kana, spacing and kanji variants (髙/高) do not count
as differences. A name or address the form did not carry is not compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import DomainError, InvalidInputError
from mynumber.kernel.identity_fold import (
    fold_address,
    fold_kanji_name,
    fold_postal_code,
    fold_reading,
)
from mynumber.network.data import IssuedCode
from mynumber.registry.data import ClaimedIdentity, CodeRequest, IdentityItem
from mynumber.registry.models import ResidentRow
from mynumber.registry.queries import resident_code_for_number
from mynumber.registry.service import Context

__all__ = ["acquire_codes", "identity_mismatches", "resident_codes_for_numbers"]

_CHUNK = 500  # bound parameters per IN (...) query


def acquire_codes(
    session: Session, ctx: Context, *, requests: Sequence[CodeRequest]
) -> list[IssuedCode]:
    """Return the 符号 each request asks for, in order, from the network.

    Each lookup is written to the holder's access log; one bad number refuses them all.
    """
    resident_codes = resident_codes_for_numbers(session, my_numbers=[r.my_number for r in requests])
    now = ctx.clock.now()
    ctx.access_log.append_many(
        session,
        entries=[(code, _read_by(r.actor, f"acquire_code:{r.agency}"))
                 for code, r in zip(resident_codes, requests, strict=True)],
        at=now,
    )  # fmt: skip
    return ctx.codes.issue_codes(
        agencies=[r.agency for r in requests],
        acquisition_numbers=[r.acquisition_number for r in requests],
        resident_codes=resident_codes,
    )


def identity_mismatches(
    session: Session, ctx: Context, *, claims: Sequence[ClaimedIdentity], actor: str
) -> list[tuple[IdentityItem, ...]]:
    """Return, per claim, the items of 本人確認情報 it contradicts (empty: it matches).

    Each check is a read of the holder's record, written to their access log.
    """
    rows = _current_rows(
        session,
        [c.my_number for c in claims],
        ResidentRow.resident_code, ResidentRow.family_name, ResidentRow.given_name,
        ResidentRow.kana_key, ResidentRow.birth_date, ResidentRow.sex, ResidentRow.postal_code,
        ResidentRow.prefecture, ResidentRow.municipality, ResidentRow.town, ResidentRow.block,
        ResidentRow.building,
    )  # fmt: skip
    ctx.access_log.append_many(
        session,
        entries=[(rows[c.my_number][0], _read_by(actor, "identity_check")) for c in claims],
        at=ctx.clock.now(),
    )
    return [_mismatches(claim, rows[claim.my_number][1:]) for claim in claims]


def _mismatches(claim: ClaimedIdentity, held: tuple[Any, ...]) -> tuple[IdentityItem, ...]:
    family, given, kana_key, birth_date, sex, postal_code, *address = held
    differ = (
        (IdentityItem.NAME, claim.name is not None
         and fold_kanji_name(claim.name) != fold_kanji_name(family + given)),
        (IdentityItem.KANA, claim.name_kana is not None
         and fold_reading(claim.name_kana) != kana_key),
        (IdentityItem.BIRTH_DATE, claim.birth_date != birth_date),
        (IdentityItem.SEX, claim.sex is not None and claim.sex != sex),
        (IdentityItem.ADDRESS, claim.address is not None
         and _address_differs(claim, postal_code, address)),
    )  # fmt: skip
    return tuple(item for item, different in differ if different)


def _address_differs(claim: ClaimedIdentity, postal_code: str, parts: list[str]) -> bool:
    """Whether the form's address (and postal code, where it has one) is not the register's."""
    prefecture, municipality, town, block, building = parts
    if claim.postal_code and fold_postal_code(claim.postal_code) != postal_code:
        return True
    registered = f"{prefecture}{municipality}{town}{block}{building}"
    return fold_address(claim.address or "") != fold_address(registered)


def resident_codes_for_numbers(session: Session, *, my_numbers: Sequence[str]) -> list[str]:
    """Return the resident codes behind current My Numbers, in order, or refuse them all.

    A refusal names the first bad item by its position and gives the single lookup's reason.
    """
    found = _current_rows(session, my_numbers, ResidentRow.resident_code)
    return [found[number][0] for number in my_numbers]


def _current_rows(session: Session, my_numbers: Sequence[str], *columns: Any) -> dict[str, Any]:
    """Return columns of the residents holding current My Numbers, by number, or refuse all."""
    codec = CODECS[IdentifierKind.MY_NUMBER]
    for index, number in enumerate(my_numbers):
        if not codec.is_valid(number):
            raise InvalidInputError(
                "not a valid My Number (12 digits with check digit)", item=index
            )
    unique = list(dict.fromkeys(my_numbers))
    found: dict[str, Any] = {}
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        rows = session.execute(
            select(ResidentRow.my_number, *columns).where(ResidentRow.my_number.in_(chunk))
        )
        found.update((number, tuple(rest)) for number, *rest in rows)
    for index, number in enumerate(my_numbers):
        if number not in found:
            try:  # the single lookup says why: never issued, or replaced
                resident_code_for_number(session, my_number=number)
            except DomainError as refused:
                raise type(refused)(refused.reason, code=refused.code, item=index) from None
    return found


def _read_by(actor: str, what: str) -> dict[str, str]:
    """Return the access-log record of a lookup (as the registry's single reads write)."""
    return {"actor": actor, "what": what, "organisation": "registry"}
