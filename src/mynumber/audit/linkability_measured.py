"""Linkability measured: on a populated instance, the persons each pair of parties can actually
join from the identifier values each really stores (their `identifier_values` exports), compared
with the declared paths (`audit.linkability`). Any disagreement is a finding.

A party's records are counted as persons: the records of `a` that share a value with any of
`b`'s. Through the network: the network's person handles holding a 符号 of each party. Parties
that store nothing here (a clinic, a relying party, an API client keep what they see in their own
systems) are declared only, not measured.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import combinations

from mynumber.audit.linkability import DECLARED, PathKind, declared
from mynumber.kernel.linkability import IdentifierExport, IdentifierKind, PartyHoldings
from mynumber.kernel.policy import Policy, PolicyProfile

__all__ = ["AUDITOR", "Measured", "PairMeasure", "Stored", "compare", "export", "measure"]

AUDITOR = "audit:linkability"
Values = tuple[tuple[str, ...], ...]
Stored = dict[str, dict[IdentifierKind, Values]]  # per party, per kind: its records' values
# Which subsystem api answers for each party that stores identifiers here.
_EXPORTED_BY = {p.party: p.party for p in DECLARED if any(h.stored for h in p.holdings)}


@dataclass(frozen=True)
class PairMeasure:
    """For a pair: persons joinable per path label, and how they compare with the declaration."""

    a: str
    b: str
    joined: tuple[tuple[str, int], ...]
    declared: tuple[str, ...]
    findings: tuple[str, ...]


@dataclass(frozen=True)
class Measured:
    """One instance's measured joins under its profile, and the persons each party holds."""

    profile: PolicyProfile
    persons: tuple[tuple[str, int], ...]
    pairs: tuple[PairMeasure, ...]
    unheld: tuple[str, ...] = ()  # "party: kind" declared stored under the profile, none stored

    @property
    def findings(self) -> tuple[str, ...]:
        held = tuple(f"{u}: declared stored, none stored" for u in self.unheld)
        return held + tuple(f"{p.a}–{p.b}: {f}" for p in self.pairs for f in p.findings)


def measure(profile: PolicyProfile, api: Callable[[str], IdentifierExport]) -> Measured:
    """Measure every pair of storing parties of the instance `api(name)` returns."""
    return compare(profile, export(api))


def export(api: Callable[[str], IdentifierExport]) -> Stored:
    """Read every storing party's identifier values, once (each export a recorded read)."""
    parties = [p for p in DECLARED if p.party in _EXPORTED_BY]
    return {p.party: _exports(p, api(_EXPORTED_BY[p.party])) for p in parties}


def compare(profile: PolicyProfile, stored: Stored) -> Measured:
    """Count the joins in what the parties store, against a profile's declarations."""
    parties = [p for p in DECLARED if p.party in stored]
    handles = stored.get("network", {}).get(IdentifierKind.AGENCY_CODE, ())
    paths = {(j.a, j.b): tuple(x.label for x in j.paths) for j in declared(profile)}
    pairs = []
    for a, b in combinations(parties, 2):
        joined = _joined(stored[a.party], stored[b.party])
        if a.network and b.network and a.party != "network" and b.party != "network":
            via = _via_network(stored[a.party], stored[b.party], handles)
            if via:
                joined[f"{PathKind.NETWORK}:{IdentifierKind.AGENCY_CODE}"] = via
        said = paths.get((a.party, b.party), ())
        findings = _compare(said, joined, stored[a.party], stored[b.party])
        pairs.append(PairMeasure(a.party, b.party, tuple(sorted(joined.items())), said, findings))
    persons = tuple((p, max((len(v) for v in stored[p].values()), default=0)) for p in stored)
    return Measured(profile, persons, tuple(pairs), _unheld(profile, stored))


def _unheld(profile: PolicyProfile, stored: Stored) -> tuple[str, ...]:
    """Each kind a party that holds records declares it stores under the profile, yet stores for
    no one (a party with no records at all is left out: the population has none there)."""
    policy = Policy.of(profile)
    return tuple(
        f"{p.party}: {h.kind}"
        for p in DECLARED
        if any(stored.get(p.party, {}).values())
        for h in p.held(policy)
        if h.stored and h.kind in stored[p.party] and not stored[p.party][h.kind]
    )


def _exports(party: PartyHoldings, source: IdentifierExport) -> dict[IdentifierKind, Values]:
    kinds = {h.kind for h in party.holdings if h.stored and h.kind is not IdentifierKind.OWN_KEY}
    # Every stored kind is read under both profiles: a value stored against the declaration
    # is exactly what the audit is for.
    return {
        kind: tuple(source.identifier_values(kind, party=party.party, actor=AUDITOR))
        for kind in sorted(kinds)
    }


def _joined(
    a: Mapping[IdentifierKind, Values], b: Mapping[IdentifierKind, Values]
) -> dict[str, int]:
    joined: dict[str, int] = {}
    for kind in sorted(a.keys() & b.keys()):
        theirs = {value for record in b[kind] for value in record}
        count = sum(1 for record in a[kind] if theirs.intersection(record))
        if count:
            joined[f"{_path_of(kind)}:{kind}"] = count
    return joined


def _path_of(kind: IdentifierKind) -> PathKind:
    if kind is IdentifierKind.CARD_SERIAL:
        return PathKind.SERIAL
    if kind is IdentifierKind.INSURED_NUMBER:
        return PathKind.INSURED_HISTORY
    return PathKind.DIRECT


def _via_network(
    a: Mapping[IdentifierKind, Values], b: Mapping[IdentifierKind, Values], handles: Values
) -> int | None:
    """Persons whose network handle holds a 符号 of each party (None: one keeps no 符号 here)."""
    code = IdentifierKind.AGENCY_CODE
    if code not in a or code not in b:
        return None
    ours = {v for r in a[code] for v in r}
    theirs = {v for r in b[code] for v in r}
    return sum(1 for h in handles if ours.intersection(h) and theirs.intersection(h))


def _compare(
    said: tuple[str, ...],
    joined: Mapping[str, int],
    a: Mapping[IdentifierKind, Values],
    b: Mapping[IdentifierKind, Values],
) -> tuple[str, ...]:
    """Name each measured join not declared, and each declared one that both parties could show
    (each stores the identifier and has records) yet joins nobody."""
    undeclared = [
        f"{label}: {count} persons joinable, not declared"
        for label, count in sorted(joined.items())
        if label not in said
    ]
    unseen = [
        f"{label}: declared, no person joinable"
        for label in said
        if label not in joined and _measurable(label, a) and _measurable(label, b)
    ]
    return tuple(undeclared + unseen)


def _measurable(label: str, stored: Mapping[IdentifierKind, Values]) -> bool:
    """Whether the party stores this path's identifier here, for at least one person."""
    return bool(stored.get(IdentifierKind(label.split(":", 1)[1])))
