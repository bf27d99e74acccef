"""Linkability declared (名寄せ可能性): from what each party declares it holds and the policy
profile, which party can join its data about a person with which other's, and by which path.

Paths: `direct` (both hold the same identifier), `network` (two parties connected to the
情報提供ネットワーク ask each other by 符号), `serial` (both hold the card's 発行番号),
`insured_history` (both hold the 被保険者番号 and one keeps its history). Only pairs are
computed: a join through a third party is two joins.

⚠ The network path assumes a lawful item (別表 procedure) exists between the two parties and that
the network answers only such; the 符号 themselves differ per agency and join nothing directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from mynumber.care import linkability as care
from mynumber.eligibility import linkability as eligibility
from mynumber.employment import linkability as employment
from mynumber.facility import linkability as facility
from mynumber.health import linkability as health
from mynumber.insurers import linkability as insurers
from mynumber.intermediate import linkability as intermediate
from mynumber.jpki import linkability as jpki
from mynumber.kernel.linkability import Holding, IdentifierKind, PartyHoldings
from mynumber.kernel.policy import Policy, PolicyProfile
from mynumber.municipality import linkability as municipality
from mynumber.network import linkability as network
from mynumber.pension import linkability as pension
from mynumber.portal import linkability as portal
from mynumber.registry import linkability as registry

__all__ = [
    "DECLARED", "JoinPath", "PairJoins", "PathKind", "SwitchDifference", "declared", "differences",
    "labels",
]  # fmt: skip

_MODULES = (
    registry, jpki, network, intermediate, eligibility, insurers, municipality, pension,
    employment, portal, health, care, facility,
)  # fmt: skip
DECLARED: tuple[PartyHoldings, ...] = tuple(p for m in _MODULES for p in m.IDENTIFIERS_HELD)
# Identifiers that join nothing between two parties: a key only its holder derives, a pairwise id.
_UNJOINABLE = frozenset({IdentifierKind.OWN_KEY, IdentifierKind.API_SUBJECT})


class PathKind(StrEnum):
    """How two parties join a person's records."""

    DIRECT = "direct"
    NETWORK = "network"
    SERIAL = "serial"
    INSURED_HISTORY = "insured_history"


@dataclass(frozen=True)
class JoinPath:
    """One way two parties join: the path, the identifier, the switches it depends on."""

    path: PathKind
    identifier: IdentifierKind
    switches: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.path}:{self.identifier}"


@dataclass(frozen=True)
class PairJoins:
    """Every path by which `a` and `b` can join their data about a person."""

    a: str
    b: str
    paths: tuple[JoinPath, ...]


@dataclass(frozen=True)
class SwitchDifference:
    """A join path present under one profile only, and the switches that decide it."""

    a: str
    b: str
    path: JoinPath
    real: bool
    safeguarded: bool
    switches: tuple[str, ...]


def declared(profile: PolicyProfile) -> tuple[PairJoins, ...]:
    """Return, for every pair of declared parties that can join, their paths under a profile."""
    policy = Policy.of(profile)
    pairs = []
    for a, b in combinations(DECLARED, 2):
        paths = pair_paths(a, b, policy)
        if paths:
            pairs.append(PairJoins(a.party, b.party, paths))
    return tuple(pairs)


def pair_paths(a: PartyHoldings, b: PartyHoldings, policy: Policy) -> tuple[JoinPath, ...]:
    """Return the paths by which two parties join under a policy."""
    held_a, held_b = a.held(policy), b.held(policy)
    paths = []
    for kind in sorted({h.kind for h in held_a} & {h.kind for h in held_b}):
        both = [h for h in (*held_a, *held_b) if h.kind is kind]
        path = _path(kind, both)
        if path is not None:
            paths.append(JoinPath(path, kind, _switches(both)))
    if a.network and b.network:
        paths.append(JoinPath(PathKind.NETWORK, IdentifierKind.AGENCY_CODE))
    return tuple(paths)


def _path(kind: IdentifierKind, both: list[Holding]) -> PathKind | None:
    if kind in _UNJOINABLE:
        return None
    if kind is IdentifierKind.AGENCY_CODE:
        # Each agency's 符号 differ: equal values only where one side holds every agency's.
        return PathKind.DIRECT if any(h.all_agencies for h in both) else None
    if kind is IdentifierKind.CARD_SERIAL:
        return PathKind.SERIAL
    if kind is IdentifierKind.INSURED_NUMBER and any(h.history for h in both):
        return PathKind.INSURED_HISTORY
    return PathKind.DIRECT


def _switches(holdings: list[Holding]) -> tuple[str, ...]:
    return tuple(sorted({h.switch for h in holdings if h.switch}))


def differences() -> tuple[SwitchDifference, ...]:
    """Return every join path present under one profile and not the other, each with the
    switches that decide the pair's difference (a network path that appears when a direct one
    goes is decided by the direct one's switch)."""
    real = {(p.a, p.b, j.label): j for p in declared(PolicyProfile.REAL) for j in p.paths}
    safe = {(p.a, p.b, j.label): j for p in declared(PolicyProfile.SAFEGUARDED) for j in p.paths}
    changed = sorted(real.keys() ^ safe.keys())
    deciding: dict[tuple[str, str], set[str]] = {}
    for a, b, label in changed:
        deciding.setdefault((a, b), set()).update((real | safe)[(a, b, label)].switches)
    return tuple(
        SwitchDifference(a, b, (real | safe)[(a, b, label)], (a, b, label) in real,
                         (a, b, label) in safe, tuple(sorted(deciding[(a, b)])))
        for a, b, label in changed
    )  # fmt: skip


def labels() -> dict[str, str]:
    """Return each declared party's Japanese label."""
    return {p.party: p.label for p in DECLARED}
