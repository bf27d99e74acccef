"""What Japanese outpatients are treated for: conditions, their drugs and the billed procedures.

Prevalences are round figures after the 患者調査 and 国民健康・栄養調査 (treated hypertension
rises from ~10% in the 40s to ~50% after 70; diabetes and dyslipidaemia likewise). ICD-10 codes
and Japanese names follow the 傷病名マスター style. ⚠ The drug codes are shaped like YJ codes
(12 characters: 7 digits of class and ingredient, the dosage-form letter, 3 digits and a check
character) and the procedure codes like 診療行為コード (9 digits); they are not checked against
the masters.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "ACUTE",
    "CHRONIC",
    "CLINIC_FIRST",
    "CLINIC_REPEAT",
    "DISEASE_MANAGEMENT",
    "DISPENSING",
    "DISPENSING_FEE",
    "HBA1C",
    "LIPID_PANEL",
    "PRESCRIPTION",
    "Acute",
    "Chronic",
    "Drug",
]


class Drug(NamedTuple):
    """A drug as dispensed: YJ-style code, name, unit, and how many units a day."""

    code: str
    name: str
    unit: str
    per_day: float


class Chronic(NamedTuple):
    """A long-term condition: treated share by age band (40s, 50s, 60s, 70+; under 40)."""

    code: str
    name: str
    shares: tuple[float, float, float, float, float]  # <40, 40s, 50s, 60s, 70+
    drugs: tuple[Drug, ...]
    sex: int = 0  # 0 both, 1 men, 2 women only


class Acute(NamedTuple):
    """A short illness: yearly episodes per person (children, adults), and its drugs."""

    code: str
    name: str
    child_rate: float
    adult_rate: float
    drugs: tuple[Drug, ...]
    days: int
    winter: bool = False  # mostly December to March
    spring: bool = False  # mostly February to April (花粉症)


_AMLODIPINE = Drug("2171022F2020", "アムロジピン錠5mg", "錠", 1)
_OLMESARTAN = Drug("2149044F2029", "オルメサルタン錠20mg", "錠", 1)
_METFORMIN = Drug("3962002F1030", "メトホルミン塩酸塩錠250mg", "錠", 2)
_SITAGLIPTIN = Drug("3969010F1024", "シタグリプチン錠50mg", "錠", 1)
_ROSUVASTATIN = Drug("2189017F1026", "ロスバスタチン錠2.5mg", "錠", 1)
_ATORVASTATIN = Drug("2189015F2022", "アトルバスタチン錠10mg", "錠", 1)
_LOXOPROFEN = Drug("1149019F1560", "ロキソプロフェンNa錠60mg", "錠", 3)
_REBAMIPIDE = Drug("2329021F1021", "レバミピド錠100mg", "錠", 3)
_CELECOXIB = Drug("1149037F1020", "セレコキシブ錠100mg", "錠", 2)
_MONTELUKAST = Drug("4490026F1021", "モンテルカスト錠10mg", "錠", 1)
_FEXOFENADINE = Drug("4490023F1020", "フェキソフェナジン塩酸塩錠60mg", "錠", 2)
_CARBOCISTEINE = Drug("2233002F1030", "カルボシステイン錠500mg", "錠", 3)
_ACETAMINOPHEN = Drug("1141007F1063", "アセトアミノフェン錠200mg", "錠", 3)
_DEXTROMETHORPHAN = Drug("2223001F1033", "デキストロメトルファン臭化水素酸塩錠15mg", "錠", 3)
_LANSOPRAZOLE = Drug("2329023F2025", "ランソプラゾールOD錠15mg", "錠", 1)
_ZOLPIDEM = Drug("1129009F1025", "ゾルピデム酒石酸塩錠5mg", "錠", 1)
_ELDECALCITOL = Drug("3112004M1020", "エルデカルシトールカプセル0.75μg", "カプセル", 1)
_TULOBUTEROL = Drug("2259707S1025", "ツロブテロールテープ2mg", "枚", 1)
_HEPARINOID = Drug("3339950M1032", "ヘパリン類似物質油性クリーム0.3%", "g", 2.5)
_OSELTAMIVIR = Drug("6250021M1027", "オセルタミビルカプセル75mg", "カプセル", 2)
_MAGNESIUM = Drug("2344009F1042", "酸化マグネシウム錠330mg", "錠", 3)
_FLUTICASONE = Drug("2290700G1027", "フルチカゾンフランカルボン酸エステル吸入用", "吸入", 1)
_LEVOFLOXACIN_EYE = Drug("1319742Q1031", "レボフロキサシン点眼液0.5%", "mL", 0.5)

CHRONIC: tuple[Chronic, ...] = (
    Chronic("I10", "本態性高血圧症", (0.01, 0.10, 0.20, 0.35, 0.50), (_AMLODIPINE, _OLMESARTAN)),
    Chronic("E11.9", "2型糖尿病", (0.003, 0.04, 0.08, 0.13, 0.16), (_METFORMIN, _SITAGLIPTIN)),
    Chronic("E78.5", "脂質異常症", (0.005, 0.10, 0.18, 0.25, 0.28), (_ROSUVASTATIN, _ATORVASTATIN)),
    Chronic("K21.0", "逆流性食道炎", (0.005, 0.03, 0.05, 0.06, 0.07), (_LANSOPRAZOLE,)),
    Chronic("G47.0", "不眠症", (0.005, 0.02, 0.03, 0.05, 0.08), (_ZOLPIDEM,)),
    Chronic("M81.0", "骨粗鬆症", (0.0, 0.0, 0.03, 0.10, 0.18), (_ELDECALCITOL,), sex=2),
    Chronic("J45.9", "気管支喘息", (0.04, 0.03, 0.03, 0.03, 0.03), (_FLUTICASONE, _MONTELUKAST)),
    Chronic("K59.0", "便秘症", (0.0, 0.01, 0.02, 0.04, 0.10), (_MAGNESIUM,)),
)

ACUTE: tuple[Acute, ...] = (
    Acute("J06.9", "急性上気道炎", 2.0, 0.6, (_ACETAMINOPHEN, _CARBOCISTEINE), 5, winter=True),
    Acute("J20.9", "急性気管支炎", 0.4, 0.15, (_CARBOCISTEINE, _DEXTROMETHORPHAN), 7, winter=True),
    Acute("J11.1", "インフルエンザ", 0.15, 0.07, (_OSELTAMIVIR,), 5, winter=True),
    Acute("J30.4", "アレルギー性鼻炎", 0.15, 0.15, (_FEXOFENADINE, _MONTELUKAST), 28, spring=True),
    Acute("M54.5", "腰痛症", 0.0, 0.12, (_LOXOPROFEN, _REBAMIPIDE), 14),
    Acute("M17.9", "変形性膝関節症", 0.0, 0.04, (_CELECOXIB,), 28),
    Acute("A09", "感染性胃腸炎", 0.3, 0.08, (_ACETAMINOPHEN,), 3),
    Acute("L30.9", "湿疹", 0.3, 0.08, (_HEPARINOID,), 14),
    Acute("H10.9", "結膜炎", 0.15, 0.05, (_LEVOFLOXACIN_EYE,), 7),
    Acute("J21.9", "急性細気管支炎", 0.1, 0.0, (_TULOBUTEROL, _CARBOCISTEINE), 7, winter=True),
)

CLINIC_FIRST = ("111000110", "初診料")
CLINIC_REPEAT = ("112007410", "再診料")
DISEASE_MANAGEMENT = ("113001810", "特定疾患療養管理料（診療所）")
PRESCRIPTION = ("120002910", "処方箋料（その他）")
HBA1C = ("160010010", "HbA1c")
LIPID_PANEL = ("160019210", "脂質検査（LDL-コレステロール・HDL-コレステロール・中性脂肪）")
DISPENSING_FEE = ("410000110", "調剤基本料1")
DISPENSING = ("420000110", "薬剤調製料（内服薬）")
