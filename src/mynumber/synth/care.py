"""Synthetic 介護保険 for the population, through the care platform's api only.

Every living resident of 65 or over is insured as 第1号 (住基連携). A share of them is certified,
by age: ⚠ about 3% at 65–74 and 23% at 75 and over (rounded public figures of 介護保険事業状況報告;
the real rates rise steeply within 75+), with the levels in the rough shares of that report ⚠.
Each municipality gets one 居宅介護支援事業所 and two care offices; a person certified 要介護 is
served by the care manager and one office, with a plan using about 60% ⚠ of the level's
支給限度基準額 and three months of 給付実績 before `on`. The 負担割合 is decided from the
municipality's 副本 over the network (J0024): a provisional 1割 where it has none.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable

from mynumber.care.api import Care
from mynumber.care.data import (
    CareLevel,
    CarePlan,
    CertificationApplication,
    CertificationDecision,
    Claim,
    PlannedService,
    Provider,
    ProviderKind,
)
from mynumber.kernel.ages import age_on
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.kernel.errors import DomainError
from mynumber.municipality.api import Municipality
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident
from mynumber.synth.data import CareReport
from mynumber.synth.lives import read_residents
from mynumber.synth.traffic import month_days

__all__ = ["office_numbers", "populate_care"]

_RATES = ((75, 0.23), (65, 0.03))  # ⚠ certified share from that age
_LEVELS = (  # ⚠ shares of the certified, and the 区分支給限度基準額 (units a month)
    (CareLevel.SUPPORT_1, 0.14, 5_032),
    (CareLevel.SUPPORT_2, 0.14, 10_531),
    (CareLevel.CARE_1, 0.21, 16_765),
    (CareLevel.CARE_2, 0.17, 19_705),
    (CareLevel.CARE_3, 0.13, 27_048),
    (CareLevel.CARE_4, 0.12, 30_938),
    (CareLevel.CARE_5, 0.09, 36_217),
)
_PLAN_SHARE = 0.6  # ⚠
_LETTERS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def _check_digit(base: str) -> str:
    total = 0
    for n, char in enumerate(reversed(base), 1):
        product = _LETTERS.index(char) * (2 if n % 2 else 1)
        total += sum(int(d) for d in str(product))
    return str((10 - total % 10) % 10)


def office_numbers(municipality: str) -> tuple[str, str, str]:
    """Return the 介護保険事業所番号 of a municipality's care manager and two care offices
    (都道府県, 区分 7 指定, the city's 郡市区 digits, a serial, and the check digit)."""
    stem = f"{municipality[:2]}7{municipality[3:5]}"
    first, second, third = (f"{stem}{n:04d}" + _check_digit(f"{stem}{n:04d}") for n in (1, 2, 3))
    return first, second, third


def _level(rng: random.Random) -> tuple[CareLevel, int]:
    draw = rng.random()
    for level, share, limit in _LEVELS:
        draw -= share
        if draw < 0:
            return level, limit
    return _LEVELS[-1][0], _LEVELS[-1][2]


def _register_offices(care: Care, municipality: str) -> tuple[str, str, str]:
    manager, home_help, day_care = office_numbers(municipality)
    for number, kind, name in (
        (manager, ProviderKind.CARE_MANAGEMENT, "居宅介護支援センター"),
        (home_help, ProviderKind.CARE_SERVICE, "訪問介護事業所"),
        (day_care, ProviderKind.CARE_SERVICE, "通所介護事業所"),
    ):
        care.register_provider(provider=Provider(number=number, kind=kind, name=name))
    return manager, home_help, day_care


def _certify(
    care: Care, rng: random.Random, number: str, *, applied: dt.date, doctor: str
) -> tuple[CareLevel, int]:
    application = care.apply_certification(
        application=CertificationApplication(
            insured_number=number, applied_on=applied, doctor="主治医", institution=doctor
        )
    )
    level, limit = _level(rng)
    care.decide_certification(
        decision=CertificationDecision(
            application_id=application.application_id, level=level,
            decided_on=applied + dt.timedelta(days=30), survey="認定調査の結果（合成）",
            opinion="主治医の所見（合成）",
        )
    )  # fmt: skip
    return level, limit


def _serve(
    care: Care,
    number: str,
    offices: tuple[str, str, str],
    *,
    since: dt.date,
    units: int,
    rng: random.Random,
    on: dt.date,
) -> int:
    manager, office = offices[0], rng.choice(offices[1:])
    for provider in (manager, office):
        care.start_service(office_number=provider, insured_number=number, since=since)
    service = "11" if office == offices[1] else "15"
    care.register_care_plan(
        plan=CarePlan(
            insured_number=number, office_number=manager, care_manager="介護支援専門員",
            starts_on=since,
            services=(PlannedService(service_type=service, office_number=office, units=units),),
        )
    )  # fmt: skip
    months = [(on.replace(day=1) - dt.timedelta(days=31 * k)).replace(day=1) for k in (3, 2, 1)]
    claims = [
        Claim(insured_number=number, month=m, office_number=office, service_type=service,
              units=units)
        for m in months if m >= since.replace(day=1)
    ]  # fmt: skip
    if claims:
        care.record_claims(claims=claims)
    return len(claims)


def populate_care(
    *,
    registry: Registry,
    care: Care,
    seed: int,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
    municipality: Municipality | None = None,
) -> CareReport:
    """Insure, certify and serve the population's elders: those 第1号 on the traffic's first
    day are taken in (住基連携), the traffic insures the later ones month by month. With the
    municipalities, their 副本 in publication on `on` are registered first, so the 負担割合
    comes over the network."""
    started, rng = time.perf_counter(), random.Random(f"care:{seed}")
    residents = [r for household in read_residents(registry) for r in household]
    start = month_days(on)[0]
    run = care.take_in_elders(residents=residents, on=start)
    # 第1号 from the day before the 65th birthday (age is reached that day).
    elders = [r for r in residents if age_on(r.birth_date, start + dt.timedelta(days=1)) >= 65]
    if municipality is not None:
        _publish(municipality, {r.address.local_government_code for r in elders}, on)
    by_city: dict[str, list[Resident]] = {}
    for resident in elders:
        by_city.setdefault(resident.address.local_government_code, []).append(resident)
    counts: dict[str, int] = {}
    plans = claims = burdens = 0
    for done, (city, people) in enumerate(sorted(by_city.items()), 1):
        offices = _register_offices(care, city)
        doctor = CODECS[IdentifierKind.FACILITY_CODE].generate(rng)
        for person in people:
            figures = _one(care, rng, person, offices=offices, doctor=doctor, on=on)
            if figures is None:
                continue
            level, planned, claimed, burden = figures
            counts[level.value] = counts.get(level.value, 0) + 1
            plans, claims, burdens = plans + planned, claims + claimed, burdens + burden
        if progress:
            progress(done, len(by_city))
    return CareReport(insured=run.found, certified=counts, care_plans=plans, claims=claims,
                      burdens=burdens, seconds=time.perf_counter() - started)  # fmt: skip


def _publish(municipality: Municipality, codes: set[str], on: dt.date) -> None:
    """Register each municipality's 副本 of the fiscal year in publication (decided in June ⚠)."""
    year = on.year if on.month >= 6 else on.year - 1
    for code in sorted(codes):
        try:
            municipality.register_copies(municipality=code, fiscal_year=year)
        except DomainError:  # none assessed there
            continue


def _one(
    care: Care,
    rng: random.Random,
    person: Resident,
    *,
    offices: tuple[str, str, str],
    doctor: str,
    on: dt.date,
) -> tuple[CareLevel, int, int, int] | None:
    """Certify one elder by the rate of their age; serve them if 要介護."""
    age = age_on(person.birth_date, on + dt.timedelta(days=1))  # as reached that day
    rate = next(r for start, r in _RATES if age >= start)
    if rng.random() >= rate:
        return None
    number = care.insured_number_of(resident_code=person.resident_code)
    applied = on - dt.timedelta(days=rng.randint(60, 150))
    level, limit = _certify(care, rng, number, applied=applied, doctor=doctor)
    planned = claimed = 0
    if level.value >= CareLevel.CARE_1.value:
        since = applied + dt.timedelta(days=31)
        units = int(limit * _PLAN_SHARE)
        claimed = _serve(care, number, offices, since=since, units=units, rng=rng, on=on)
        planned = 1
    try:
        care.decide_burden(insured_number=number, on=on)
        burden = 1
    except DomainError:  # refused by the network (recorded there)
        burden = 0
    return level, planned, claimed, burden
