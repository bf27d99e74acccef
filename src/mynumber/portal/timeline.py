"""The やりとり履歴 (exchange history): each source's records turned into entries of one
timeline, oldest first. Pure functions: the api gathers the records through the sources' apis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from mynumber.eligibility.data import AccessRecord
from mynumber.kernel.hashlog import LogRecord
from mynumber.network.data import SELF_INFORMATION_PROCEDURE, ExchangeRecord
from mynumber.portal import oauth_records
from mynumber.portal.data import SOURCE_NAMES, ChainCheck, Source, Timeline, TimelineEntry
from mynumber.portal.own_copies import ITEM_NAMES
from mynumber.portal.own_data import SECTION_NAMES
from mynumber.portal.own_data import Section as OwnSection

# Relying parties and organisations by agency id, as the person reads them (⚠ others by id).
PARTY_NAMES = {
    "eligibility": "オンライン資格確認等システム",
    "portal": "マイナポータル",
    "jlis": "地方公共団体情報システム機構",
    "registry": "住民基本台帳",
}
JPKI_WHAT = {
    "verify_authentication": "利用者証明用電子証明書と署名を検証",
    "verify_certificate": "電子証明書の有効性を確認（顔認証）",
    "resolve_serial": "シリアル番号から利用者を特定",
    "serial_history": "シリアル番号の新旧紐付けを照会",
    "certificate_link": "署名用・利用者証明用の紐付けを照会",
    "card_issue": "カードを交付",
    "card_suspend": "カードを一時停止",
    "card_resume": "一時停止を解除",
    "card_revoke": "電子証明書を失効",
    "card_reissue": "カードを再交付",
    "card_renew": "電子証明書を更新",
}
REGISTRY_WHAT = {"resident": "住民票を閲覧", "listing": "一覧で閲覧", "search": "検索で閲覧",
                 "household": "世帯員を閲覧"}  # fmt: skip
ELIGIBILITY_WHAT = {
    "eligibility": "資格確認",
    "own_medical": "本人が薬剤・特定健診・受診歴を閲覧",
    "medication": "薬剤情報の閲覧",
    "checkup": "特定健診情報の閲覧",
    "treatment": "診療情報の閲覧",
}
PURPOSES = {"qualification_check": "受付での資格確認", "treatment": "診療", "disaster": "災害時",
            "own_view": "自己情報表示", "self_information": "自己情報取得API"}  # fmt: skip
VALIDITY = {"1": "有効", "2": "無効", "3": "無効（新しい資格あり）", "4": "該当資格なし",
            "5": "複数該当", "shown": "表示", "card_not_registered": "利用登録なし",
            "birth_date_mismatch": "生年月日の不一致"}  # fmt: skip


def _party(agency_id: str) -> str:
    return PARTY_NAMES.get(agency_id, agency_id)


def _reader(actor: str) -> str:
    """Name who read: an organisation by its name or id, anyone else as the staff account."""
    if actor in PARTY_NAMES:
        return PARTY_NAMES[actor]
    return f"機関 {actor}" if ":" in actor else f"職員 {actor}"


def _registry_what(what: str) -> str:
    """Say what a read of the register was for (`acquire_code:<agency>`: 符号取得)."""
    kind, _, agency = what.partition(":")
    if kind == "acquire_code":
        return f"符号の取得のため個人番号から照会（{_party(agency)}）"
    return REGISTRY_WHAT.get(what, what)


def network_entries(records: Iterable[ExchangeRecord]) -> list[TimelineEntry]:
    """Turn the network's disclosable 情報提供等記録 into entries (不開示 ones are left out)."""
    entries = []
    for r in records:
        if r.undisclosed:
            continue
        if r.procedure == SELF_INFORMATION_PROCEDURE:
            entries.append(_self_information_entry(r))
            continue
        if r.refusal is None:
            detail = f"{r.provider_name} が提供（{'、'.join(r.items)}）"
        else:
            detail = f"{r.provider_name} への照会は拒否されました（{r.refusal}）"
        entries.append(
            TimelineEntry(
                at=r.requested_at,
                source=Source.NETWORK,
                who=r.requester_name,
                what=f"情報照会: {r.procedure_name}",
                detail=detail,
            )
        )
    return entries


SELF_INFORMATION_WHAT = {
    "own": ("本人（マイナポータル）", "自己情報表示: 本人の情報を自己情報提供で取得"),
    "api": ("マイナポータル 自己情報取得API", "自己情報取得API: 本人の情報を自己情報提供で取得"),
}


def _self_information_entry(r: ExchangeRecord) -> TimelineEntry:
    """The person's own 副本 fetched through the network (自己情報提供), by purpose (the
    request id's prefix)."""
    purpose = r.request_id.partition("-")[0]
    who, what = SELF_INFORMATION_WHAT.get(purpose, (r.requester_name, r.procedure_name))
    items = "、".join(ITEM_NAMES.get(i, i) for i in r.items)
    if r.refusal is None:
        detail = f"{r.provider_name} の副本（{items}）"
    else:
        detail = f"{r.provider_name} からの取得は拒否されました（{r.refusal}）"
    return TimelineEntry(at=r.requested_at, source=Source.NETWORK, who=who, what=what,
                         detail=detail)  # fmt: skip


def eligibility_entries(records: Iterable[AccessRecord]) -> list[TimelineEntry]:
    """Turn eligibility's access records into entries: which facility and terminal saw what."""
    entries = []
    for r in records:
        who = _eligibility_reader(r)
        outcome = VALIDITY.get(r.outcome, r.outcome)
        detail = f"目的: {PURPOSES.get(r.purpose, r.purpose)} / 結果: {outcome}"
        if r.consent:
            detail += " / 口頭同意" if r.consent == "oral" else f" / 同意: {r.consent}"
        entries.append(
            TimelineEntry(
                at=r.recorded_at,
                source=Source.ELIGIBILITY,
                who=who,
                what=ELIGIBILITY_WHAT.get(r.what, r.what),
                detail=detail,
            )
        )
    return entries


def _eligibility_reader(record: AccessRecord) -> str:
    if record.facility_code == "portal":  # the person's own data, passed on to a client
        return f"マイナポータル（{record.operator or '本人'}）"
    terminal = f"（端末 {record.terminal}）" if record.terminal else ""
    return f"医療機関・薬局 {record.facility_code}{terminal}"


def jpki_entries(records: Iterable[LogRecord]) -> list[TimelineEntry]:
    """Turn J-LIS's provision records into entries: which relying party or staff, what."""
    entries = []
    for r in records:
        what = str(r.payload.get("what", ""))
        if "relying_party" in r.payload:
            who = _party(str(r.payload["relying_party"]))
            detail = f"シリアル番号 {r.payload.get('serial', '')}"
        else:
            who = f"職員 {r.payload.get('actor', '')}"
            detail = f"カード {r.payload.get('card_id', '')}"
        entries.append(
            TimelineEntry(
                at=r.recorded_at,
                source=Source.JPKI,
                who=who,
                what=JPKI_WHAT.get(what, what),
                detail=detail,
            )
        )
    return entries


def registry_entries(records: Iterable[LogRecord]) -> list[TimelineEntry]:
    """Turn the register's access log into entries: which staff account read the person."""
    return [
        TimelineEntry(
            at=r.recorded_at,
            source=Source.REGISTRY,
            who=_reader(str(r.payload.get("actor", ""))),
            what=_registry_what(str(r.payload.get("what", ""))),
            detail=_party(str(r.payload.get("organisation", ""))),
        )
        for r in records
    ]


PORTAL_WHAT = {
    "login": "マイナポータルにログイン",
    "own_data": "マイナポータル 自己情報表示",
    "registration": "マイナポータルで健康保険証利用登録",
    "unregistration": "マイナポータルで健康保険証利用登録を解除",
}


def _portal_detail(payload: Mapping[str, object]) -> str:
    if "serial" in payload:
        return f"シリアル番号 {payload['serial']}"
    sections = payload.get("sections")
    if isinstance(sections, list):
        return "、".join(SECTION_NAMES.get(OwnSection(s), str(s)) for s in sections)
    return ""


def portal_entries(records: Iterable[LogRecord]) -> list[TimelineEntry]:
    """Turn the portal's own records into entries: the person's own acts (logins, own-data
    fetches, 利用登録), the 自己情報取得API's consents, reads and refusals, and what was done or
    tried at the portal (公金受取口座, 代理人: `portal.events`), which carry their own wording."""
    return [_portal_entry(r) for r in records]


def _portal_entry(r: LogRecord) -> TimelineEntry:
    what = str(r.payload.get("what", ""))
    if what in oauth_records.API_KINDS:
        who, summary, detail = oauth_records.describe(r.payload)
    elif what in PORTAL_WHAT:
        who, summary, detail = (
            "本人（マイナンバーカード）",
            PORTAL_WHAT[what],
            _portal_detail(r.payload),
        )
    else:
        who, summary = str(r.payload.get("who", "")), str(r.payload.get("summary", ""))
        detail = str(r.payload.get("detail", ""))
    return TimelineEntry(
        at=r.recorded_at, source=Source.PORTAL, who=who, what=summary, detail=detail
    )


def check(source: Source, records: int, problems: Sequence[str]) -> ChainCheck:
    """Return the check of one source's chain."""
    return ChainCheck(
        source=source,
        source_name=SOURCE_NAMES[source],
        records=records,
        problems=tuple(problems),
    )


def assemble(
    entries: Iterable[TimelineEntry],
    chains: Sequence[ChainCheck],
    *,
    withheld: int,
    now: dt.datetime,
) -> Timeline:
    """Return one timeline, oldest first; entries at the same moment keep their sources' order."""
    ordered = sorted(entries, key=lambda entry: entry.at)
    return Timeline(entries=tuple(ordered), chains=tuple(chains), withheld=withheld, checked_at=now)
