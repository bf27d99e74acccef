"""The legal table (番号法第19条第8号 and the 主務省令): items and procedures, as data.

⚠ Codes and ordinance item numbers are invented (the real catalogue, the データ標準レイアウト, is
not public); the names follow the real ones. Some procedures are there to show the table's shape
and no flow queries them, so the usage figures show never-queried procedures as the 2024 audit
did. 不開示 is set on the 生活保護 rows (⚠ the real flags are set per 事務 by the ordinance).
"""

from __future__ import annotations

from typing import Any

from mynumber.network.data import ACCOUNT_ITEM, AgencyKind, LegalItem, Procedure

__all__ = ["ITEMS", "PROCEDURES", "TAX_ITEM"]

_M, _K, _I = AgencyKind.MUNICIPALITY, AgencyKind.KOUKI, AgencyKind.INSURER
_P, _E = AgencyKind.PENSION, AgencyKind.EMPLOYMENT
_C = AgencyKind.CARE  # 介護情報基盤, for the municipalities as 介護保険者
_PORTAL = AgencyKind.PORTAL  # ⚠ standing for デジタル庁 (内閣総理大臣), which keeps the accounts

TAX_ITEM = "TM00000000000001"  # 地方税関係情報: what the municipality registers as 副本

ITEMS: dict[str, LegalItem] = {
    item.code: item
    for item in (
        LegalItem(code=TAX_ITEM, name="地方税関係情報", provider_kind=_M),
        LegalItem(code="TM00000000000002", name="住民票関係情報", provider_kind=_M),
        LegalItem(code="TM00000000000003", name="児童手当関係情報", provider_kind=_M),
        LegalItem(code="TM00000000000004", name="介護保険給付関係情報", provider_kind=_M),
        LegalItem(code="TM00000000000005", name="生活保護関係情報", provider_kind=_M),
        LegalItem(code="TM00000000000006", name="障害者福祉関係情報", provider_kind=_M),
        LegalItem(code="TM00000000000101", name="年金給付関係情報", provider_kind=_P),
        LegalItem(code="TM00000000000201", name="雇用保険給付関係情報", provider_kind=_E),
        LegalItem(code="TM00000000000301", name="医療保険給付関係情報", provider_kind=_I),
        LegalItem(code="TM00000000000302", name="後期高齢者医療給付関係情報", provider_kind=_K),
        LegalItem(code=ACCOUNT_ITEM, name="公金受取口座関係情報", provider_kind=_PORTAL),
    )
}

# Short names of the items for the rows below.
_TAX, _JUMIN, _JIDO, _KAIGO, _SEIHO, _SHOGAI = (f"TM0000000000000{n}" for n in range(1, 7))
_NENKIN, _KOYO = "TM00000000000101", "TM00000000000201"
_IRYO, _KOUKI = "TM00000000000301", "TM00000000000302"

# (code, 事務, requester, provider, items, 主務省令 article-item, 不開示 when True)
_ROWS: tuple[tuple[Any, ...], ...] = (
    ("J0001", "後期高齢者医療 一部負担金割合の判定", _K, _M, (_TAX, _JUMIN), "2-1"),
    ("J0002", "保育料（利用者負担額）の決定", _M, _M, (_TAX, _JUMIN), "2-2"),
    ("J0003", "年金生活者支援給付金の支給", _P, _M, (_TAX, _JUMIN), "3-1"),
    ("J0004", "児童手当の認定", _M, _M, (_JUMIN, _JIDO), "2-3"),
    ("J0005", "介護保険料の減免", _M, _M, (_TAX, _SEIHO), "2-4"),
    ("J0006", "国民健康保険料の賦課", _M, _M, (_TAX,), "2-5"),
    ("J0007", "障害福祉サービス費の支給", _M, _M, (_TAX, _SHOGAI), "2-6"),
    ("J0008", "生活保護の決定及び実施（年金給付の調査）", _M, _P, (_NENKIN,), "4-1", True),
    ("J0009", "生活保護の決定及び実施（雇用保険給付の調査）", _M, _E, (_KOYO,), "4-2", True),
    ("J0010", "雇用保険の失業等給付の支給（年金との調整）", _E, _P, (_NENKIN,), "5-1"),
    ("J0011", "公営住宅の入居者の決定", _M, _M, (_TAX, _SEIHO, _SHOGAI), "2-7"),
    ("J0012", "高額療養費の支給（所得区分の判定）", _I, _M, (_TAX,), "6-1"),
    ("J0013", "国民年金保険料の免除", _P, _M, (_TAX, _JUMIN), "3-2"),
    ("J0014", "傷病手当金の支給（障害年金との調整）", _I, _P, (_NENKIN,), "6-2"),
    ("J0015", "後期高齢者医療保険料の賦課", _K, _M, (_TAX, _JUMIN), "7-1"),
    ("J0016", "介護保険負担限度額の認定", _M, _P, (_NENKIN,), "2-8"),
    ("J0017", "児童扶養手当の支給", _M, _P, (_NENKIN,), "2-9"),
    ("J0018", "高額介護サービス費の支給", _M, _M, (_TAX, _KAIGO), "2-10"),
    ("J0019", "就学援助の実施", _M, _M, (_TAX, _SEIHO), "2-11"),
    ("J0020", "国民健康保険の資格の確認（他の医療保険の加入）", _M, _I, (_IRYO,), "2-12"),
    ("J0021", "高額医療合算介護サービス費の支給", _M, _K, (_KOUKI,), "2-13"),
    ("J0022", "特別児童扶養手当の支給", _M, _M, (_TAX, _SHOGAI), "2-14"),
    # 公金受取口座登録法 第10条 ⚠ (article as cited by デジタル庁; the ordinance item is invented)
    ("J0023", "児童手当の支給（公金受取口座の確認）", _M, _PORTAL, (ACCOUNT_ITEM,), "8-1"),
    ("J0024", "介護保険 利用者負担割合の判定", _C, _M, (_TAX, _JUMIN), "2-15"),
)  # fmt: skip


def _basis(article_item: str) -> str:
    article, item = article_item.split("-")
    return f"番号法第19条第8号、主務省令第{article}条第{item}号"


PROCEDURES: dict[str, Procedure] = {
    code: Procedure(
        code=code,
        name=name,
        requester_kind=requester,
        provider_kind=provider,
        items=items,
        legal_basis=_basis(ordinance_item),
        undisclosed=bool(undisclosed),
    )
    for code, name, requester, provider, items, ordinance_item, *undisclosed in _ROWS
}
