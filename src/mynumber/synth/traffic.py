"""Demo traffic over the information-provision network, through the agencies' public apis.

After the municipalities have assessed their residents: each registers its 副本 of the current
fiscal year (副本登録); each 後期高齢者医療広域連合 links its members in force (被保険者番号 ↔
the person, 住所地 = the municipality of the resident's address) and decides their 負担割合 from
the 住民税 over the network (flow 1, J0001); a few families with small children move to another
municipality of their prefecture, whose desk sets the 保育料 from the former one's 副本 (flow 2,
J0002). The exchanges are real ones: `mynumber network usage` and `records` show them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Sequence

from mynumber.insurers.api import Insurers
from mynumber.insurers.data import InsurerKind, KoukiMember
from mynumber.kernel.ages import age_on
from mynumber.kernel.errors import DomainError
from mynumber.municipality.api import Municipality
from mynumber.registry.api import Registry
from mynumber.registry.data import Relationship, Resident
from mynumber.synth.addresses import sample_address
from mynumber.synth.data import TrafficReport
from mynumber.synth.lives import read_residents
from mynumber.synth.loading import Covered

__all__ = ["run_traffic"]

_FAMILIES_MOVED = 5  # a few: enough to show flow 2 in the records
_LINK_BATCH = 1000
_ACTOR = "demo"


def run_traffic(
    *,
    registry: Registry,
    insurers: Insurers,
    municipality: Municipality,
    covered: Sequence[Covered],
    seed: int,
    on: dt.date,
) -> TrafficReport:
    """Register 副本, run flow 1 for every 広域連合 and flow 2 for a few moved families."""
    started = time.perf_counter()
    fiscal_year = on.year if on.month >= 4 else on.year - 1
    households = read_residents(registry)
    codes = sorted({r.address.local_government_code for h in households for r in h})
    copies = sum(
        municipality.register_copies(municipality=code, fiscal_year=fiscal_year).registered
        for code in codes
    )
    members, queries, decided, undecided = _contributions(insurers, covered, on=on)
    moved, fees, refused = _moved_families(
        registry, municipality, households, seed=seed, on=on, fiscal_year=fiscal_year
    )
    return TrafficReport(
        fiscal_year=fiscal_year,
        municipalities=len(codes),
        copies=copies,
        kouki_members=members,
        queries=queries,
        contributions=decided,
        contribution_refusals=undecided,
        families_moved=moved,
        fees=fees,
        fee_refusals=refused,
        seconds=time.perf_counter() - started,
    )


def _contributions(
    insurers: Insurers, covered: Sequence[Covered], *, on: dt.date
) -> tuple[int, int, int, int]:
    """Link each 広域連合's members in force and decide their 負担割合: (members, queries,
    decisions, refusals)."""
    kouki = {i.number for i in insurers.list_insurers() if i.kind is InsurerKind.KOKI}
    by_insurer: dict[str, list[KoukiMember]] = {}
    for person in covered:
        ref = person.insured_on(on)
        if ref is not None and ref.insurer_number in kouki:
            by_insurer.setdefault(ref.insurer_number, []).append(
                _member(person.resident, ref.number)
            )
    members = queries = decided = refused = 0
    for insurer_number, linked in sorted(by_insurer.items()):
        for start in range(0, len(linked), _LINK_BATCH):
            batch = linked[start : start + _LINK_BATCH]
            insurers.link_members(insurer_number=insurer_number, members=batch)
        run = insurers.decide_contributions(insurer_number=insurer_number)
        members, queries = members + len(linked), queries + run.queries
        decided, refused = decided + len(run.decisions), refused + len(run.refusals)
    return members, queries, decided, refused


def _member(resident: Resident, number: str) -> KoukiMember:
    return KoukiMember(
        number=number,
        my_number=resident.my_number,
        resident_code=resident.resident_code,
        municipality=resident.address.local_government_code,
    )


def _moved_families(
    registry: Registry,
    municipality: Municipality,
    households: list[list[Resident]],
    *,
    seed: int,
    on: dt.date,
    fiscal_year: int,
) -> tuple[int, int, int]:
    """Move a few families with a child under 5 to another municipality of their prefecture and
    set the child's 保育料 there over the network: (families, fees, refusals)."""
    rng = random.Random(f"traffic:{seed}")
    families = [h for h in households if h[0].relationship is Relationship.HEAD]
    families = [h for h in families if _small_children(h, on)]
    moves: list[tuple[str, str, list[Resident]]] = []  # (former, new, family)
    for family in rng.sample(families, min(_FAMILIES_MOVED, len(families))):
        head = family[0]
        former = head.address.local_government_code
        address = sample_address(
            rng, prefecture=head.address.prefecture, household_size=len(family)
        )
        if address.local_government_code == former:
            continue  # one draw only: a family that stays is not asked about
        registry.move(resident_code=head.resident_code, address=address, on=on)
        moves.append((former, address.local_government_code, family))
    for code in sorted({new for _, new, _ in moves}):
        municipality.enrol_residents(municipality=code)
    # September–March fees are set from the current year's 住民税, whose 副本 were registered.
    month = on.replace(day=1) if not 4 <= on.month <= 8 else dt.date(fiscal_year, 9, 1)
    fees = refused = 0
    for former, new, family in moves:
        for child in _small_children(family, on):
            try:
                municipality.nursery_fee_via_network(
                    municipality=new,
                    resident_code=child.resident_code,
                    month=month,
                    actor=_ACTOR,
                    former=former,
                )
                fees += 1
            except DomainError:  # a refusal is traffic too: the network recorded it
                refused += 1
    return len(moves), fees, refused


def _small_children(family: list[Resident], on: dt.date) -> list[Resident]:
    """The household's children under 5 (nursery age through the fee's month)."""
    return [
        r for r in family if r.relationship is Relationship.CHILD and age_on(r.birth_date, on) < 5
    ]
