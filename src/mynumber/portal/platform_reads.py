"""The 閲覧記録 of the two platforms in the やりとり履歴: every view and refusal at the care
platform (介護情報基盤: care offices, care managers, medical institutions, the municipality's desk)
and at the prescription service (電子処方箋管理サービス: clinics, pharmacies), each chain checked.

The care platform's log is found by the person's 被保険者番号 there (the platform's own lookup by
resident code); the prescription service's by each insured number of the person's coverage
history at eligibility. ⚠ Providers are named by their numbers (事業所番号, 医療機関コード): neither
platform's api names them to the portal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from mynumber.eligibility.data import MembershipRecord
from mynumber.health.data import HealthAccessRecord, InsuredPatient
from mynumber.kernel.errors import NotFoundError
from mynumber.kernel.hashlog import LogRecord
from mynumber.portal import timeline
from mynumber.portal.data import ChainCheck, Source, TimelineEntry
from mynumber.portal.platform_data import READER, patients_of
from mynumber.portal.platform_health import (
    PLATFORM_ACTIONS,
    HealthRecords,
    platform_outcome,
    platform_who,
)

__all__ = ["CareLog", "HealthLog", "PlatformReads", "care_entries", "health_entries"]

SELF_THROUGH_PORTAL = "本人（マイナポータル）"
CARE_KINDS = {
    "care_service": "介護サービス事業所",
    "care_management": "居宅介護支援事業所（ケアマネジャー）",
    "medical": "医療機関",
    "insurer": "市区町村（介護保険）",
}
CARE_ITEMS = {
    "insurance": "被保険者証情報（要介護状態区分）",
    "certification_docs": "認定調査票・主治医意見書",
    "care_plan": "ケアプラン",
    "claims": "給付実績",
    "burden": "負担割合証",
    "limit": "負担限度額認定証",
    "status": "介護保険の資格・認定・ケアプラン・負担割合",
}
CARE_VIA = {"card": "マイナンバーカードで本人確認", "number": "被保険者番号で照会",
            "desk": "介護保険の窓口"}  # fmt: skip
CARE_REFUSALS = {
    "no_service_relationship": "利用関係なし",
    "identity_not_confirmed": "カードによる本人確認なし",
    "opinion_not_requested": "意見書の作成依頼なし",
    "not_for_medical_institution": "医療機関には提供されない情報",
    "not_care_manager": "ケアマネジャー・主治医に限る情報",
    "consent_absent": "本人の同意なし",
}
HEALTH_ACTIONS = {
    "prescribe": "処方箋を登録",
    "retrieve": "処方箋を取得（引換番号）",
    "retrieve by card": "処方箋を取得（マイナンバーカード）",
    "dispense": "調剤結果を登録",
    "own view": "処方・調剤情報を閲覧",
}
HEALTH_OUTCOMES = {"registered": "登録", "shown": "表示", "recorded": "記録", "refused": "拒否"}


class CareLog(Protocol):
    """What the portal asks of the care platform for the やりとり履歴."""

    def insured_number_of(self, *, resident_code: str) -> str: ...

    def access_records(self, *, insured_number: str) -> list[LogRecord]: ...

    def verify_access_log(self, *, insured_number: str) -> list[str]: ...


class HealthLog(Protocol):
    """What the portal asks of the prescription service for the やりとり履歴."""

    def access_records(self, *, patient: InsuredPatient) -> list[HealthAccessRecord]: ...

    def verify_access_log(self, *, patient: InsuredPatient) -> list[str]: ...


def _care_who(payload: Mapping[str, object]) -> str:
    viewer, kind = str(payload.get("viewer", "")), str(payload.get("kind", ""))
    if kind == "insurer":
        return SELF_THROUGH_PORTAL if viewer == READER else f"市区町村 職員 {viewer}"
    operator = str(payload.get("operator", ""))
    staff = f"（{operator}）" if operator else ""
    return f"{CARE_KINDS.get(kind, kind)} {viewer}{staff}"


def _care_what(payload: Mapping[str, object]) -> str:
    item, outcome = str(payload.get("item", "")), str(payload.get("outcome", ""))
    said = CARE_ITEMS.get(item, item)
    if outcome == "shown":
        return f"{said}を閲覧"
    code = outcome.removeprefix("refused:")
    return f"{said}の閲覧を拒否（{CARE_REFUSALS.get(code, code)}）"


def _care_via(payload: Mapping[str, object]) -> str:
    via = str(payload.get("via", ""))
    if via == "desk" and payload.get("viewer") == READER:
        return "マイナポータル 自己情報表示"
    return CARE_VIA.get(via, via)


def care_entries(records: Iterable[LogRecord]) -> list[TimelineEntry]:
    """Turn the care platform's access log into entries: which office saw or was refused what."""
    return [
        TimelineEntry(
            at=r.recorded_at,
            source=Source.CARE,
            who=_care_who(r.payload),
            what=_care_what(r.payload),
            detail=_care_via(r.payload),
        )
        for r in records
    ]


def _health_outcome(outcome: str) -> str:
    """Say `registered:<id>; check:…`, `shown:<id>`, `recorded:<id>#<use>`, `refused:<code>`."""
    head, _, rest = outcome.partition(":")
    if head == "refused":
        return f"拒否（{rest}）"
    if head not in HEALTH_OUTCOMES:
        return outcome
    ident, _, _check = rest.partition(";")
    ident, _, use = ident.partition("#")
    tail = f"（{use}回目）" if use else ""
    return f"{HEALTH_OUTCOMES[head]} 処方箋ID {ident}{tail}" if ident else HEALTH_OUTCOMES[head]


def health_entries(records: Iterable[HealthAccessRecord], insured: str) -> list[TimelineEntry]:
    """Turn the prescription service's access log under one insured number into entries (the
    Bundles of 電子カルテ情報共有サービス are logged there too: `platform_health` words them)."""
    return [_health_entry(r, insured) for r in records]


def _health_entry(r: HealthAccessRecord, insured: str) -> TimelineEntry:
    if r.action not in HEALTH_ACTIONS:
        return TimelineEntry(
            at=r.recorded_at, source=Source.HEALTH, who=platform_who(r.facility),
            what=PLATFORM_ACTIONS.get(r.action, r.action),
            detail=f"{platform_outcome(r.outcome)} / 被保険者番号 {insured}",
        )  # fmt: skip
    return TimelineEntry(
        at=r.recorded_at,
        source=Source.HEALTH,
        who=platform_who(r.facility),
        what=HEALTH_ACTIONS[r.action],
        detail=f"{_health_outcome(r.outcome)} / 被保険者番号 {insured}",
    )


def _insured_label(m: MembershipRecord) -> str:
    return f"{m.insurer_number} {m.symbol}・{m.number}・{m.branch}"


Part = tuple[list[TimelineEntry], ChainCheck]


@dataclass(frozen=True)
class PlatformReads:
    """Gathers the two platforms' 閲覧記録 for one person; a platform left out adds nothing."""

    care: CareLog | None = None
    health: HealthLog | None = None
    records: HealthRecords | None = None  # 予防接種・PMH, under the platform's 符号

    def gather(
        self, *, resident_code: str, memberships: Iterable[MembershipRecord]
    ) -> tuple[list[TimelineEntry], list[ChainCheck]]:
        """Return the entries and one chain check per platform present."""
        parts = [self._care(resident_code), self._health(resident_code, memberships)]
        present = [part for part in parts if part is not None]
        return [e for entries, _ in present for e in entries], [check for _, check in present]

    def _care(self, resident_code: str) -> Part | None:
        if self.care is None:
            return None
        try:
            number = self.care.insured_number_of(resident_code=resident_code)
        except NotFoundError:  # not insured: nothing logged about them
            return [], timeline.check(Source.CARE, 0, [])
        records = self.care.access_records(insured_number=number)
        problems = self.care.verify_access_log(insured_number=number)
        return care_entries(records), timeline.check(Source.CARE, len(records), problems)

    def _health(self, resident_code: str, memberships: Iterable[MembershipRecord]) -> Part | None:
        """Every insured number the person held, and the 予防接種・PMH log, in one source; a
        problem names its number or its log."""
        if self.health is None:
            return None
        entries: list[TimelineEntry] = []
        count, problems = 0, []
        for membership, patient in patients_of(memberships):
            label = _insured_label(membership)
            records = self.health.access_records(patient=patient)
            count += len(records)
            entries += health_entries(records, label)
            problems += [
                f"被保険者番号 {label}: {p}" for p in self.health.verify_access_log(patient=patient)
            ]
        if self.records is not None:
            more, more_count, more_problems = self.records.log(resident_code)
            entries, count, problems = entries + more, count + more_count, problems + more_problems
        return entries, timeline.check(Source.HEALTH, count, problems)
