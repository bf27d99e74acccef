"""自己情報表示 of the medical information platform's other services (全国医療情報プラットフォーム):
予防接種, 電子カルテ情報 (3文書6情報, `ehr_summary`) and PMH's 公費負担医療・自治体検診
registrations, fetched for the one request and kept nowhere; and their 閲覧記録 for the
やりとり履歴.

予防接種 and PMH know the person by the platform's 符号: the portal takes it from the 符号 the
network holds for the person (`codes_held`), never asking for a new one; a person the platform
never named has nothing there, and nothing is read. The Bundles are read once per insured number
of the coverage history, as the prescriptions are. Every read is logged at the platform as the
person's own view (reader `portal`).

PMH's 不開示フラグ: the person sees that a registration exists, not its details, and the facility
of each PMH check is not named in their やりとり履歴 (see `health.own_records`, ⚠ there).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from mynumber.eligibility.data import MembershipRecord
from mynumber.health.api import (
    NOT_NAMED,
    PLATFORM_AGENCY,
    CheckupKind,
    OwnPmh,
    OwnVaccinations,
    StoredBundle,
    Vaccination,
)
from mynumber.health.data import HealthAccessRecord, InsuredPatient
from mynumber.portal.data import Source, TimelineEntry
from mynumber.portal.ehr_summary import EhrDocument, summarise
from mynumber.portal.platform_data import READER, patients_of

__all__ = [
    "CHECKUP_KIND_NAMES",
    "NOT_DISCLOSED_TEXT",
    "PLATFORM_ACTIONS",
    "HealthRecords",
    "OwnHealthReader",
    "document_of",
    "platform_entries",
    "platform_outcome",
    "platform_who",
]

SELF_THROUGH_PORTAL = "本人（マイナポータル）"
PLATFORM_ACTIONS = {
    "vaccination recorded": "予防接種を記録",
    "vaccinations": "予防接種記録を閲覧",
    "own vaccinations": "予防接種記録を閲覧",
    "pmh subsidy registered": "公費負担医療の受給者として登録",
    "pmh checkup registered": "自治体検診の対象者として登録",
    "pmh check": "公費負担医療・自治体検診の資格を確認",
    "own pmh": "公費負担医療・自治体検診の登録を閲覧",
    "upload bundle": "電子カルテ情報を登録",
    "view bundles": "電子カルテ情報を閲覧",
    "view bundle": "電子カルテ情報（文書）を閲覧",
    "view checkup report": "健診結果報告書を閲覧",
    "own bundles": "電子カルテ情報を閲覧",
    "lifetime view": "生涯の記録（処方・調剤・電子カルテ・予防接種・PMH）を閲覧",
}
CHECKUP_KIND_NAMES = {
    CheckupKind.STOMACH: "胃がん検診", CheckupKind.LUNG: "肺がん検診",
    CheckupKind.COLORECTAL: "大腸がん検診", CheckupKind.BREAST: "乳がん検診",
    CheckupKind.CERVICAL: "子宮頸がん検診", CheckupKind.OSTEOPOROSIS: "骨粗鬆症検診",
    CheckupKind.PERIODONTAL: "歯周疾患検診",
}  # fmt: skip
NOT_DISCLOSED_TEXT = (
    "不開示の設定がある登録です（内容は表示しません。受給者証をご確認いただくか、"
    "登録した市区町村にお問い合わせください）"
)
OUTCOMES = {"shown": "表示", "recorded": "記録", "stored": "登録", "refused": "拒否"}


class OwnHealthReader(Protocol):
    """What the portal asks of the platform for these sections and their 閲覧記録."""

    def own_vaccinations(self, *, platform_code: str, reader: str) -> OwnVaccinations: ...

    def own_pmh(self, *, platform_code: str, reader: str) -> OwnPmh: ...

    def own_bundles(self, *, patient: InsuredPatient, reader: str) -> tuple[StoredBundle, ...]: ...

    def platform_access_records(self, *, platform_code: str) -> list[HealthAccessRecord]: ...

    def verify_platform_log(self, *, platform_code: str) -> list[str]: ...


class HeldCodes(Protocol):
    """The network's 符号 held for a person, by agency."""

    def codes_held(self, *, resident_code: str) -> dict[str, str]: ...


# Who acted, by the reader's exact name or by its prefix (the rest of the name follows it).
_NAMED_READERS = {
    READER: SELF_THROUGH_PORTAL,
    "本人": "本人（マイナンバーカード）",
    NOT_NAMED: "医療機関・薬局（不開示の設定により表示しません）",
}
_READER_PREFIXES = {
    "cli:": "運用者 cli:",  # an operator on the command line (the lifetime record)
    "municipality:": "市区町村 ",
    "insurer ": "医療保険者 ",
}


def platform_who(facility: str) -> str:
    """Name who acted in a record of the platform's access log."""
    if facility in _NAMED_READERS:
        return _NAMED_READERS[facility]
    for prefix, label in _READER_PREFIXES.items():
        if facility.startswith(prefix):
            return label + facility.removeprefix(prefix)
    return f"医療機関・薬局 {facility}"


def platform_outcome(outcome: str) -> str:
    """Say `shown`, `shown:<n>`, `shown (<n> withheld)`, `stored:v<n>`, `refused:<code>`…"""
    head, _, rest = outcome.partition(":")
    if " (" in head:  # "shown (1 withheld)"
        head, _, tail = head.partition(" (")
        return f"{OUTCOMES.get(head, head)}（不開示 {tail.split()[0]}件）"
    said = OUTCOMES.get(head, head)
    if head == "refused":
        return f"拒否（{rest}）"
    if rest.isdigit():
        return f"{said} {rest}件"
    return f"{said} {rest}".strip()


def platform_entries(records: Iterable[HealthAccessRecord]) -> list[TimelineEntry]:
    """Turn the 予防接種・PMH access log into entries of the platform's source."""
    return [_platform_entry(r) for r in records]


def _platform_entry(r: HealthAccessRecord) -> TimelineEntry:
    return TimelineEntry(
        at=r.recorded_at, source=Source.HEALTH, who=platform_who(r.facility),
        what=PLATFORM_ACTIONS.get(r.action, r.action),
        detail=f"{platform_outcome(r.outcome)} / 予防接種・PMH",
    )  # fmt: skip


@dataclass(frozen=True)
class HealthRecords:
    """Reads 予防接種, 電子カルテ情報 and PMH for the person; no platform, nothing."""

    network: HeldCodes
    health: OwnHealthReader | None = None

    def platform_code(self, resident_code: str) -> str | None:
        """Return the platform's 符号 for the person, if the network holds one."""
        return self.network.codes_held(resident_code=resident_code).get(PLATFORM_AGENCY)

    def vaccinations(self, resident_code: str) -> tuple[Vaccination, ...]:
        """Return the person's vaccinations, oldest first."""
        code = self.platform_code(resident_code) if self.health else None
        if self.health is None or code is None:
            return ()
        return self.health.own_vaccinations(platform_code=code, reader=READER).vaccinations

    def pmh(self, resident_code: str) -> OwnPmh:
        """Return the person's 公費負担医療 and 自治体検診 registrations."""
        code = self.platform_code(resident_code) if self.health else None
        if self.health is None or code is None:
            return OwnPmh(subsidies=(), checkups=())
        return self.health.own_pmh(platform_code=code, reader=READER)

    def ehr(self, memberships: Sequence[MembershipRecord]) -> tuple[EhrDocument, ...]:
        """Return every document stored about the person, under each insured number held."""
        if self.health is None:
            return ()
        found = [
            summarise(stored)
            for _, patient in patients_of(memberships)
            for stored in self.health.own_bundles(patient=patient, reader=READER)
        ]
        return tuple(sorted(found, key=lambda d: d.received_at))

    def log(self, resident_code: str) -> tuple[list[TimelineEntry], int, list[str]]:
        """Return the 予防接種・PMH 閲覧記録: the entries, how many, and the chain's problems."""
        code = self.platform_code(resident_code) if self.health else None
        if self.health is None or code is None:
            return [], 0, []
        records = self.health.platform_access_records(platform_code=code)
        problems = self.health.verify_platform_log(platform_code=code)
        return platform_entries(records), len(records), [f"予防接種・PMH: {p}" for p in problems]


def document_of(documents: Iterable[EhrDocument], identifier: str) -> EhrDocument | None:
    """Return the document of this identifier among the person's, or None."""
    return next((d for d in documents if d.identifier == identifier), None)
