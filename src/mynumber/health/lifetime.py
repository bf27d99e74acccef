"""The person's lifetime record (生涯にわたる記録), put together from every system that holds
part of it, each through its api: the resident register names the person, the online eligibility
system (オンライン資格確認等システム) gives the insurance history and the claims' medication,
treatments and 特定健診, the platform its prescriptions, dispensings, Bundles, vaccinations and
PMH, and the care platform (介護情報基盤) its 被保険者, 要介護認定, care plan and 負担割合.

Every read names the actor and lands in the person's access logs: the register's, the
eligibility system's (as a 自己情報 read, ⚠ it has no operator read of its own), the platform's
under each insured number and its 符号, and the care platform's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from mynumber.care.api import Care
from mynumber.care.data import CareStatus
from mynumber.eligibility.api import AGENCY, PersonSide
from mynumber.eligibility.data import (
    ConsentScope,
    Diagnosis,
    MedicalView,
    MembershipRecord,
    Procedure,
)
from mynumber.health.api import Health
from mynumber.health.data import InsuredPatient
from mynumber.health.lifetime_data import LifetimeEntry, LifetimeRecord, LifetimeSource, summarise
from mynumber.kernel.errors import NotFoundError
from mynumber.network.data import new_acquisition_number
from mynumber.registry.api import Registry
from mynumber.registry.data import Resident

__all__ = [
    "Sources",
    "care_entries",
    "care_status_entries",
    "claim_entries",
    "coverage_entry",
    "insured_patients",
    "lifetime_record",
]


@dataclass(frozen=True)
class Sources:
    """The systems the record is read from, by their api (care: None when not built)."""

    registry: Registry
    eligibility: PersonSide
    health: Health
    care: Care | None = None


def lifetime_record(sources: Sources, *, resident_code: str, actor: str) -> LifetimeRecord:
    """Return a resident's lifetime record (404 `resident_not_found` from the register)."""
    resident = sources.registry.get(resident_code=resident_code, actor=actor)
    return _record(sources, resident, actor)


def _record(sources: Sources, resident: Resident, actor: str) -> LifetimeRecord:
    subject = sources.registry.acquire_code(
        agency=AGENCY, my_number=resident.my_number,
        acquisition_number=new_acquisition_number(), actor=actor,
    ).code  # fmt: skip
    memberships = sources.eligibility.history(subject=subject)
    patients = insured_patients(memberships)
    platform = sources.health.platform_record(
        patients=patients, my_number=resident.my_number, reader=actor
    )
    entries = [
        *map(coverage_entry, memberships),
        *_claims(sources.eligibility, subject, memberships, actor),
        *platform.entries,
        *care_entries(sources.care, resident.resident_code, actor),
    ]
    return LifetimeRecord(
        resident_code=resident.resident_code, summary=summarise(entries),
        entries=tuple(sorted(entries, key=lambda e: (e.on, e.source))),
    )  # fmt: skip


def insured_patients(memberships: Sequence[MembershipRecord]) -> list[InsuredPatient]:
    """The insured numbers of a person's memberships, as the platform knows patients."""
    return [InsuredPatient.of_membership(m) for m in memberships]


def coverage_entry(m: MembershipRecord) -> LifetimeEntry:
    period = f"{m.valid_from} – {m.valid_to or ''}".rstrip()
    return LifetimeEntry(
        source=LifetimeSource.COVERAGE, on=m.valid_from, insurer=m.insurer_number,
        description=f"{m.symbol}・{m.number}（{m.branch}） {period}",
    )  # fmt: skip


def _insurer_on(memberships: Sequence[MembershipRecord], day: dt.date) -> str:
    """Return the insurer covering the person on a day (the latest to begin), or ''."""
    covering = [
        m for m in memberships if m.valid_from <= day and (m.valid_to is None or day <= m.valid_to)
    ]
    return max(covering, key=lambda m: m.valid_from).insurer_number if covering else ""


def _claims(
    eligibility: PersonSide, subject: str, memberships: Sequence[MembershipRecord], actor: str
) -> list[LifetimeEntry]:
    """The claims' entries of the person's 自己情報 of every scope (each read logged)."""
    views = [
        eligibility.self_information(subject=subject, scope=scope, reader=actor)
        for scope in ConsentScope
    ]
    return claim_entries(views, memberships)


def claim_entries(
    views: Sequence[MedicalView], memberships: Sequence[MembershipRecord]
) -> list[LifetimeEntry]:
    """The claims' medication and treatments, one entry per day and facility, and 特定健診;
    each under the insurer covering its day (the view files check-ups under the latest)."""
    by_scope = {view.scope: view for view in views}
    named: dict[tuple[LifetimeSource, dt.date, str], list[str]] = defaultdict(list)
    for day, facility, drug in by_scope[ConsentScope.MEDICATION].medications:
        named[LifetimeSource.MEDICATION, day, facility].append(drug.name)
    for day, facility, item in by_scope[ConsentScope.TREATMENT].treatments:
        named[LifetimeSource.TREATMENT, day, facility].append(_treatment(item))
    entries = [
        LifetimeEntry(
            source=source,
            on=day,
            facility=facility,
            insurer=_insurer_on(memberships, day),
            description="、".join(names),
        )
        for (source, day, facility), names in named.items()
    ]
    entries += [
        LifetimeEntry(
            source=LifetimeSource.CHECKUP,
            on=c.examined_on,
            insurer=_insurer_on(memberships, c.examined_on),
            description=f"特定健診 BMI {c.weight_kg / (c.height_cm / 100) ** 2:.1f} "
            f"血圧 {c.systolic_mmhg}/{c.diastolic_mmhg} HbA1c {c.hba1c_percent}",
        )
        for c in by_scope[ConsentScope.CHECKUP].checkups
    ]
    return entries


def _treatment(item: Diagnosis | Procedure) -> str:
    kind = "傷病名" if isinstance(item, Diagnosis) else "診療行為"
    return f"{kind} {item.name}"


def care_entries(care: Care | None, resident_code: str, actor: str) -> list[LifetimeEntry]:
    """The care platform's 被保険者, 要介護認定, care plan and 負担割合 (its current state:
    ⚠ its api has no per-person history), or nothing for one it does not insure."""
    if care is None:
        return []
    try:
        status = care.status(resident_code=resident_code, actor=actor)
    except NotFoundError:
        return []
    return care_status_entries(status)


def care_status_entries(status: CareStatus | None) -> list[LifetimeEntry]:
    """The entries of a person's care status (none for None: not insured)."""
    if status is None:
        return []
    insured = status.insured
    insurer = insured.insurer_number

    def entry(on: dt.date, description: str, facility: str = "") -> LifetimeEntry:
        return LifetimeEntry(
            source=LifetimeSource.CARE, on=on, facility=facility, insurer=insurer,
            description=description,
        )  # fmt: skip

    entries = [entry(insured.acquired_on, f"介護保険 第{insured.category}号被保険者 資格取得")]
    cert = status.certification
    if cert is not None:
        level = cert.level.name if cert.level else "審査中"
        entries.append(entry(cert.decided_on or cert.applied_on, f"要介護認定 {level}",
                             cert.institution))  # fmt: skip
    if status.care_plan is not None:
        plan = status.care_plan
        entries.append(entry(plan.starts_on, f"ケアプラン {plan.care_manager}", plan.office_number))
    if status.burden is not None:
        entries.append(entry(status.burden.valid_from, f"負担割合 {status.burden.ratio}割"))
    return entries
