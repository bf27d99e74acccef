"""Profiling measured: for each person of the instance, which of the life insurer's jigsaw pieces
exist to be obtained, and to what degree the insurer can assemble them under each profile.

The auditor finds each person's pieces through the exports: JPKI's records (住民票コード → the
card's serials and J-LIS's 符号), the network's person handles (every agency's 符号), the
eligibility system's subjects with claims or check-ups, the municipalities' assessed residents.
A person without a card gives the insurer nothing (no verification, no portal login).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from mynumber.audit.linkability_measured import AUDITOR
from mynumber.audit.profiling import PIECES, jigsaw
from mynumber.kernel.linkability import IdentifierExport
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.kernel.policy import PolicyProfile

__all__ = ["Degrees", "PersonPieces", "degrees", "person_pieces"]

_FROM_ELIGIBILITY = ("medication", "treatments", "checkups")


@dataclass(frozen=True)
class PersonPieces:
    """The pieces that exist for one person, and how many the insurer joins per profile."""

    resident_code: str
    present: tuple[str, ...]
    joined: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Degrees:
    """Per profile: how many persons the insurer assembles to each number of joined pieces."""

    population: int
    by_profile: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]


def person_pieces(api: Callable[[str], IdentifierExport]) -> dict[str, PersonPieces]:
    """Return every registered person's pieces, by 住民票コード."""
    residents = [key for key, _ in api("registry").identifier_records(
        K.RESIDENT_CODE, party="registry", actor=AUDITOR)]  # fmt: skip
    jpki = api("jpki")
    carded = {key for key, serials in jpki.identifier_records(
        K.CARD_SERIAL, party="jpki", actor=AUDITOR) if serials}  # fmt: skip
    holder = {code: key for key, codes in jpki.identifier_records(
        K.AGENCY_CODE, party="jpki", actor=AUDITOR) for code in codes}  # fmt: skip
    # The network's handle joins J-LIS's 符号 (so the resident) with the eligibility system's.
    resident_of: dict[str, str] = {}
    for codes in api("network").identifier_values(K.AGENCY_CODE, party="network", actor=AUDITOR):
        known = [holder[c] for c in codes if c in holder]
        resident_of.update({c: known[0] for c in codes} if known else {})
    having: dict[str, set[str]] = {
        piece: {resident_of.get(s, "") for s in api("eligibility").category_holders(
            piece, actor=AUDITOR)} for piece in _FROM_ELIGIBILITY
    }  # fmt: skip
    having["income"] = set(api("municipality").category_holders("income", actor=AUDITOR))
    return {code: _pieces(code, code in carded, having) for code in residents}


def _pieces(code: str, carded: bool, having: dict[str, set[str]]) -> PersonPieces:
    present = (
        tuple(p.name for p in PIECES if p.channel == "relying_party" or code in having[p.name])
        if carded
        else ()
    )
    joined = tuple((profile.value, _degree(profile, set(present))) for profile in PolicyProfile)
    return PersonPieces(code, present, joined)


def _degree(profile: PolicyProfile, present: set[str]) -> int:
    """The most pieces the insurer joins by one identifier: all of them when one key runs
    through both channels, else the larger of each channel's own."""
    if set(jigsaw(profile).joined) == {p.name for p in PIECES}:
        return len(present)
    channels = {p.channel for p in PIECES}
    return max(len(present & {p.name for p in PIECES if p.channel == c}) for c in channels)


def degrees(people: dict[str, PersonPieces]) -> Degrees:
    """Return, per profile, the number of persons assembled to each degree (0 to 6 pieces)."""
    by_profile = []
    for profile in PolicyProfile:
        counted = Counter(dict(p.joined)[profile.value] for p in people.values())
        by_profile.append((profile.value, tuple(sorted(counted.items()))))
    return Degrees(len(people), tuple(by_profile))
