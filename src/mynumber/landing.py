"""The landing page's list of organisations: each with its state (稼働中 or 準備中) and links."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SUBSYSTEMS", "SubsystemInfo"]


@dataclass(frozen=True)
class SubsystemInfo:
    """A line of the landing page."""

    package: str
    title: str
    ready: bool
    links: tuple[tuple[str, str], ...] = ()


SUBSYSTEMS = (
    SubsystemInfo("registry", "住民基本台帳・住基ネット（市町村・J-LIS）", True,
                  (("住民検索", "/registry/search"), ("API", "/docs#/registry 住民基本台帳"))),
    SubsystemInfo("jpki", "公的個人認証サービス・マイナンバーカード（J-LIS）", True,
                  (("CA証明書", "/jpki/ca/root.pem"), ("CRL", "/jpki/crl/auth.crl"),
                   ("API", "/docs#/jpki 公的個人認証"))),
    SubsystemInfo("network", "情報提供ネットワークシステム・中間サーバー", True,
                  (("API", "/docs#/network 情報提供ネットワークシステム"),)),
    SubsystemInfo("municipality", "市区町村（宛名・住民税・児童手当・保育料）", True,
                  (("API", "/docs#/municipality 市区町村"),)),
    SubsystemInfo("pension", "日本年金機構（基礎年金番号・被保険者記録・年金の支払）", True,
                  (("API", "/docs#/pension 日本年金機構"),)),
    SubsystemInfo("employment", "ハローワーク（雇用保険被保険者番号・資格・基本手当）", True,
                  (("API", "/docs#/employment ハローワーク"),)),
    SubsystemInfo("insurers", "医療保険者（協会けんぽ・健保組合・国保・広域連合・共済）", True,
                  (("API", "/docs#/insurers 医療保険者"),)),
    SubsystemInfo("eligibility", "オンライン資格確認等システム（支払基金・国保中央会）", True,
                  (("API", "/docs#/eligibility オンライン資格確認"),)),
    SubsystemInfo("facility", "医療機関・薬局と資格確認端末", True,
                  (("受付画面", "/reception"),)),
    SubsystemInfo("care", "介護情報基盤（被保険者・要介護認定・負担割合証）", True,
                  (("API", "/docs#/care 介護情報基盤"),)),
    SubsystemInfo("health", "全国医療情報プラットフォーム（電子処方箋）", True,
                  (("API", "/docs#/health 全国医療情報プラットフォーム（電子処方箋）"),)),
    SubsystemInfo("portal", "マイナポータル（情報提供等記録開示システム）", True,
                  (("ログイン", "/portal/login"), ("API", "/docs#/portal マイナポータル"))),
    SubsystemInfo("qualifications", "国家資格等情報連携・活用システム", False),
    SubsystemInfo("synth", "合成人口（架空の住民データ生成）", True),
    SubsystemInfo("audit", "監査・総点検（名寄せ分析、誤登録の検出）", False),
)  # fmt: skip
