"""Demo traffic over the information-provision network: a year of exchanges, through the
agencies' public apis.

After the municipalities have assessed their residents, the clock goes back to each of the 12
months up to today in turn (`TravellingClock.at`), so that every request, record and 副本 in
publication is dated then. In the first month, and in June when the new 住民税 is decided, each
municipality registers its 副本 of the fiscal year in publication (副本登録). Each 後期高齢者医療
広域連合 links its members in force (住所地 = the municipality of the resident's address) and
decides their 負担割合 from the 住民税 over the network (flow 1, J0001): a household in a month
drawn among those its members are covered in (随時判定 spread over the year). Back at today, a
few families with small children move to another municipality of their prefecture, whose desk
sets the 保育料 from the former one's 副本 (flow 2, J0002; today only: the register takes no
move dated before a resident's last change, and the synthetic register's are today's). The
exchanges are real ones: `mynumber network usage` and `records` show them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mynumber.care.api import Care
from mynumber.insurers.api import Insurers
from mynumber.insurers.data import InsurerKind, KoukiMember
from mynumber.kernel.ages import age_on
from mynumber.kernel.clock import JST, TravellingClock
from mynumber.kernel.errors import DomainError
from mynumber.municipality.api import Municipality
from mynumber.registry.api import Registry
from mynumber.registry.data import Relationship, Resident
from mynumber.synth.addresses import sample_address
from mynumber.synth.care_traffic import CareTally, enrol_turning_65
from mynumber.synth.data import TrafficReport
from mynumber.synth.lives import read_residents
from mynumber.synth.loading import Covered

__all__ = ["run_traffic"]

MONTHS = 12
_FAMILIES_MOVED = 5  # a few: enough to show flow 2 in the records
_LINK_BATCH = 1000
_ACTOR = "demo"
_DAY, _HOUR = 10, 10  # each month's exchanges happen on its 10th, from 10:00 in Japan


@dataclass
class _Tally:
    """What the months left behind, added up."""

    copies: int = 0
    members: int = 0
    queries: int = 0
    decided: int = 0
    undecided: int = 0
    moved: int = 0
    fees: int = 0
    refused: int = 0
    copied_years: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _World:
    registry: Registry
    insurers: Insurers
    municipality: Municipality
    municipalities: tuple[str, ...]


def run_traffic(
    *,
    registry: Registry,
    insurers: Insurers,
    municipality: Municipality,
    covered: Sequence[Covered],
    seed: int,
    on: dt.date,
    clock: TravellingClock,
    progress: Callable[[int, int], None] | None = None,
    care: Care | None = None,
) -> TrafficReport:
    """Spread 副本登録, flow 1 for every 広域連合 member and flow 2 for a few moved families over
    the 12 months up to `on`; with the care platform, each month's new 65-year-olds insured
    (its elders taken in on the first month's day). progress gets (months done, of 12)."""
    started = time.perf_counter()
    rng = random.Random(f"traffic:{seed}")
    households = read_residents(registry)
    codes = tuple(sorted({r.address.local_government_code for h in households for r in h}))
    world = _World(registry, insurers, municipality, codes)
    days = month_days(on)
    asked = _kouki_months(insurers, covered, days, rng, on=on)
    tally, cared = _Tally(), CareTally()
    elders = [r for h in households for r in h] if care else []
    for index, day in enumerate(days):
        moment = dt.datetime.combine(day, dt.time(_HOUR), tzinfo=JST)
        with clock.at(moment):
            _register_copies(world, day, tally)
            _contributions(world, asked[index], tally)
            if care and index:
                enrol_turning_65(care, elders, after=days[index - 1], until=day, tally=cared)
        if progress:
            progress(index + 1, len(days))
    if care and days[-1] < on:  # back at today: the days since the last month's run
        enrol_turning_65(care, elders, after=days[-1], until=on, tally=cared)
    for family in _moving_families(households, on, rng):
        _move_and_set_fees(world, family, on, rng, tally)
    return TrafficReport(
        fiscal_year=_fiscal_year(on),
        since=days[0],
        months=len(days),
        municipalities=len(codes),
        copies=tally.copies,
        kouki_members=tally.members,
        queries=tally.queries,
        contributions=tally.decided,
        contribution_refusals=tally.undecided,
        families_moved=tally.moved,
        fees=tally.fees,
        fee_refusals=tally.refused,
        care_enrolled=cared.enrolled,
        care_burdens=cared.burdens,
        seconds=time.perf_counter() - started,
    )


def month_days(on: dt.date) -> list[dt.date]:
    """Return the day of each of the 12 months up to `on` the exchanges happen on (the 10th;
    `on` itself in its own month if earlier)."""
    days = []
    for back in range(MONTHS - 1, -1, -1):
        year, month = divmod(on.year * 12 + on.month - 1 - back, 12)
        days.append(min(dt.date(year, month + 1, _DAY), on))
    return days


def _fiscal_year(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _published_year(day: dt.date) -> int:
    """The fiscal year whose 住民税 is in publication on a day: decided in June ⚠."""
    return day.year if day.month >= 6 else day.year - 1


def _register_copies(world: _World, day: dt.date, tally: _Tally) -> None:
    """Register every municipality's 副本 of the year in publication, once a year."""
    year = _published_year(day)
    if year in tally.copied_years:
        return
    tally.copied_years.add(year)
    for code in world.municipalities:
        run = world.municipality.register_copies(municipality=code, fiscal_year=year)
        tally.copies += run.registered


def _kouki_months(
    insurers: Insurers,
    covered: Sequence[Covered],
    days: Sequence[dt.date],
    rng: random.Random,
    *,
    on: dt.date,
) -> list[dict[str, list[KoukiMember]]]:
    """Return, per month, the 広域連合 members in force on `on` to ask for then, by insurer:
    each household (same insurer and address) in a month drawn among those all its members
    were already covered in."""
    kouki = {i.number for i in insurers.list_insurers() if i.kind is InsurerKind.KOKI}
    households: dict[tuple[str, str], list[tuple[KoukiMember, int]]] = {}
    for person in covered:
        ref = person.insured_on(on)
        if ref is None or ref.insurer_number not in kouki:
            continue
        covered_in = [i for i, d in enumerate(days) if person.insured_on(d) == ref]
        first = covered_in[0] if covered_in else len(days) - 1
        key = (ref.insurer_number, person.resident.address.text)
        households.setdefault(key, []).append((_member(person.resident, ref.number), first))
    months: list[dict[str, list[KoukiMember]]] = [{} for _ in days]
    for (insurer_number, _), members in sorted(households.items()):
        month = rng.randrange(max(first for _, first in members), len(days))
        months[month].setdefault(insurer_number, []).extend(m for m, _ in members)
    return months


def _member(resident: Resident, number: str) -> KoukiMember:
    return KoukiMember(
        number=number,
        my_number=resident.my_number,
        resident_code=resident.resident_code,
        municipality=resident.address.local_government_code,
    )


def _contributions(world: _World, asked: dict[str, list[KoukiMember]], tally: _Tally) -> None:
    """Link this month's members of each 広域連合 and decide their households' 負担割合."""
    for insurer_number, members in sorted(asked.items()):
        for start in range(0, len(members), _LINK_BATCH):
            batch = members[start : start + _LINK_BATCH]
            world.insurers.link_members(insurer_number=insurer_number, members=batch)
        run = world.insurers.decide_contributions(
            insurer_number=insurer_number, numbers=[m.number for m in members]
        )
        tally.members += len(members)
        tally.queries += run.queries
        tally.decided += len(run.decisions)
        tally.undecided += len(run.refusals)


def _moving_families(
    households: list[list[Resident]], on: dt.date, rng: random.Random
) -> list[list[Resident]]:
    """Return a few families with a child under 5, to move."""
    families = [h for h in households if h[0].relationship is Relationship.HEAD]
    families = [h for h in families if _small_children(h, on)]
    return rng.sample(families, min(_FAMILIES_MOVED, len(families)))


def _move_and_set_fees(
    world: _World, family: list[Resident], day: dt.date, rng: random.Random, tally: _Tally
) -> None:
    """Move a family within its prefecture and set each small child's 保育料 at the new
    municipality over the network, from the former's 副本."""
    head = family[0]
    former = head.address.local_government_code
    address = sample_address(rng, prefecture=head.address.prefecture, household_size=len(family))
    if address.local_government_code == former:
        return  # one draw only: a family that stays is not asked about
    world.registry.move(resident_code=head.resident_code, address=address, on=day)
    tally.moved += 1
    new = address.local_government_code
    world.municipality.enrol_residents(municipality=new)
    for child in _small_children(family, day):
        try:
            world.municipality.nursery_fee_via_network(
                municipality=new,
                resident_code=child.resident_code,
                month=_fee_month(day),
                actor=_ACTOR,
                former=former,
            )
            tally.fees += 1
        except DomainError:  # a refusal is traffic too: the network recorded it
            tally.refused += 1


def _fee_month(day: dt.date) -> dt.date:
    """The first month whose 保育料 the 住民税 in publication on a day sets: June–August's
    fees still follow the previous year's, so the new one's from September."""
    return dt.date(day.year, 9, 1) if 6 <= day.month <= 8 else day.replace(day=1)


def _small_children(family: list[Resident], on: dt.date) -> list[Resident]:
    """The household's children under 5 (nursery age through the fee's month)."""
    return [
        r for r in family if r.relationship is Relationship.CHILD and age_on(r.birth_date, on) < 5
    ]
