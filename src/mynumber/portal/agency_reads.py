"""The 閲覧記録 of the municipality (税・福祉), the pension service and ハローワーク in the
やりとり履歴: every read of the person's record there, by staff or by a system, each chain
checked.

The portal names the person to each agency by that agency's 符号, which the network says it
issued (`PortalRecords.codes_held`); the agency finds its own person through its intermediate
partition. So the portal holds no My Number and none of the agencies' own numbers (基礎年金番号,
被保険者番号, 宛名番号). A 符号 not yet obtained by an agency (it obtains them when it first
registers 副本) finds nothing there: ⚠ reads of a person the agency has no 符号 for are not
shown until it has one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mynumber.employment.api import PersonAccessRecords as EmploymentReads
from mynumber.employment.data import AGENCY_ID as EMPLOYMENT_AGENCY
from mynumber.kernel.hashlog import LogRecord
from mynumber.municipality.api import PersonAccessRecords as MunicipalReads
from mynumber.municipality.data import AGENCY_KIND as MUNICIPAL_KIND
from mynumber.network.api import PortalRecords
from mynumber.pension.api import PersonAccessRecords as PensionReads
from mynumber.pension.data import AGENCY_ID as PENSION_AGENCY
from mynumber.portal import timeline
from mynumber.portal.data import ChainCheck, Source, TimelineEntry

__all__ = ["AgencyReads", "read_entries", "reader"]

PORTAL_READER = "portal"  # the actor the portal's own reads (自己情報表示) are logged under
SELF_THROUGH_PORTAL = "本人（マイナポータル）"
PENSION_WHAT = {
    "record": "年金記録を閲覧",
    "record by My Number": "個人番号から年金記録を検索（名寄せ）",
    "award": "年金の決定内容を閲覧",
    "payments": "年金の支払記録を閲覧",
    "support benefit": "年金生活者支援給付金の判定で閲覧",
    "benefit info": "年金給付関係情報を閲覧",
}
EMPLOYMENT_WHAT = {
    "record": "雇用保険の被保険者記録を閲覧",
    "record by My Number": "個人番号から被保険者記録を検索（名寄せ）",
    "benefit decision": "基本手当の受給資格の決定で閲覧",
    "decisions": "受給資格の決定を閲覧",
    "benefit info": "雇用保険給付関係情報を閲覧",
}
MUNICIPAL_WHAT = {
    "addressee": "宛名（宛名番号・個人番号）を閲覧",
    "nursery_fee": "保育料の算定で閲覧",
    "tax": "住民税の課税情報を閲覧",
}


def reader(actor: str) -> str:
    """Name who read: the person through the portal (its own reads: 自己情報表示 ⚠), another
    system (`kind:id…`), or a staff account."""
    if actor == PORTAL_READER:
        return SELF_THROUGH_PORTAL
    return f"システム {actor}" if ":" in actor else f"職員 {actor}"


def _what(words: Mapping[str, str], what: str) -> str:
    """Say a logged `what` in Japanese; a known head with a tail (`benefit info 2025`,
    `tax:FY2026`) keeps the tail in brackets; anything unknown as it was logged."""
    if what in words:
        return words[what]
    for head, said in words.items():
        for sep in (" ", ":"):
            if what.startswith(head + sep):
                return f"{said}（{what[len(head) + 1 :]}）"
    return what


def read_entries(
    records: Iterable[LogRecord], source: Source, words: Mapping[str, str], where: str
) -> list[TimelineEntry]:
    """Turn an agency's PersonReadLog records into entries: who read what, and where."""
    return [
        TimelineEntry(
            at=r.recorded_at,
            source=source,
            who=reader(str(r.payload.get("actor", ""))),
            what=_what(words, str(r.payload.get("what", ""))),
            detail=where,
        )
        for r in records
    ]


Part = tuple[list[TimelineEntry], ChainCheck]


def _one_agency(
    agency: PensionReads | EmploymentReads,
    code: str | None,
    *,
    source: Source,
    words: Mapping[str, str],
    where: str,
) -> Part:
    records = agency.access_records_by_code(code=code) if code else []
    problems = agency.verify_access_records_by_code(code=code) if code else []
    entries = read_entries(records, source, words, where)
    return entries, timeline.check(source, len(records), problems)


@dataclass(frozen=True)
class AgencyReads:
    """Gathers the three agencies' 閲覧記録 for one person; an agency left out adds nothing."""

    network: PortalRecords
    municipality: MunicipalReads | None = None
    pension: PensionReads | None = None
    employment: EmploymentReads | None = None

    def gather(self, *, resident_code: str) -> tuple[list[TimelineEntry], list[ChainCheck]]:
        """Return the entries and one chain check per agency present."""
        codes = self.network.codes_held(resident_code=resident_code)
        parts = [part for part in self._parts(codes) if part is not None]
        return [e for entries, _ in parts for e in entries], [check for _, check in parts]

    def _parts(self, codes: Mapping[str, str]) -> Sequence[Part | None]:
        return [self._municipal(codes), self._pension(codes), self._employment(codes)]

    def _pension(self, codes: Mapping[str, str]) -> Part | None:
        if self.pension is None:
            return None
        return _one_agency(self.pension, codes.get(PENSION_AGENCY), source=Source.PENSION,
                           words=PENSION_WHAT, where="日本年金機構")  # fmt: skip

    def _employment(self, codes: Mapping[str, str]) -> Part | None:
        if self.employment is None:
            return None
        return _one_agency(self.employment, codes.get(EMPLOYMENT_AGENCY), source=Source.EMPLOYMENT,
                           words=EMPLOYMENT_WHAT, where="ハローワーク（雇用保険）")  # fmt: skip

    def _municipal(self, codes: Mapping[str, str]) -> Part | None:
        """Every municipality that has a 符号 for the person (the one they live in and any
        they lived in before) in one source; a problem names its municipality."""
        if (city := self.municipality) is None:
            return None
        entries: list[TimelineEntry] = []
        count, problems = 0, []
        for agency, code in sorted(codes.items()):
            kind, _, local = agency.partition(":")
            if kind != MUNICIPAL_KIND:
                continue
            records = city.access_records_by_code(municipality=local, code=code)
            count += len(records)
            entries += read_entries(
                records, Source.MUNICIPALITY, MUNICIPAL_WHAT, f"市区町村 {local}"
            )
            found = city.verify_access_records_by_code(municipality=local, code=code)
            problems += [f"市区町村 {local}: {p}" for p in found]
        return entries, timeline.check(Source.MUNICIPALITY, count, problems)
