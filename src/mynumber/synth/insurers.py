"""A synthetic but correctly numbered catalogue of health insurers (保険者).

One 協会けんぽ branch, one 国保 (the prefectural capital's), one 国保組合 and one 後期高齢者医療
広域連合 per prefecture; a set of 健保組合 and the main 共済組合. Numbers carry valid 検証番号;
names are made up where they would otherwise name a real employer's fund.
"""

from __future__ import annotations

from mynumber.insurers.data import Insurer, InsurerKind
from mynumber.kernel.checkdigits import CODECS, IdentifierKind
from mynumber.synth.demography import PREFECTURES

__all__ = ["Catalogue", "insurer_catalogue"]

_KUMIAI_NAMES = (
    "関東電機", "東海自動車", "近畿製薬", "北陸化学", "九州食品", "東北建設", "中国運輸",
    "四国物産", "北海道商事", "首都情報サービス", "日本総合印刷", "湾岸物流",
)  # fmt: skip
_KYOSAI = (
    ("31", "13", "国家公務員共済組合連合会"),
    ("32", "13", "地方職員共済組合"),
    ("33", "13", "警察共済組合"),
    ("34", "13", "日本私立学校振興・共済事業団"),
)


def _number(base: str) -> str:
    return CODECS[IdentifierKind.INSURER_NUMBER].complete(base)


def insurer_catalogue() -> list[Insurer]:
    """Return the catalogue, the same every time."""
    result: list[Insurer] = []
    for code, prefecture, _population in PREFECTURES:
        pref = f"{code:02d}"
        result += [
            Insurer(
                number=_number(f"01{pref}001"),
                kind=InsurerKind.KYOKAI,
                name=f"全国健康保険協会 {prefecture}支部",
                prefecture_code=pref,
            ),
            Insurer(
                number=_number(f"{pref}001"),
                kind=InsurerKind.KOKUHO,
                name=f"{prefecture}国民健康保険",
                prefecture_code=pref,
            ),
            Insurer(
                number=_number(f"{pref}301"),
                kind=InsurerKind.KOKUHO_KUMIAI,
                name=f"{prefecture}建設国民健康保険組合",
                prefecture_code=pref,
            ),
            Insurer(
                number=_number(f"39{pref}001"),
                kind=InsurerKind.KOKI,
                name=f"{prefecture}後期高齢者医療広域連合",
                prefecture_code=pref,
            ),
        ]
    for index, name in enumerate(_KUMIAI_NAMES):
        pref = "13" if index % 2 == 0 else f"{(index * 7) % 47 + 1:02d}"
        result.append(
            Insurer(
                number=_number(f"06{pref}{100 + index:03d}"),
                kind=InsurerKind.KUMIAI,
                name=f"{name}健康保険組合",
                prefecture_code=pref,
            )
        )
    for law, pref, name in _KYOSAI:
        result.append(
            Insurer(
                number=_number(f"{law}{pref}001"),
                kind=InsurerKind.KYOSAI,
                name=name,
                prefecture_code=pref,
            )
        )
    return result


class Catalogue:
    """The catalogue indexed the way a working life chooses insurers: by kind and prefecture."""

    def __init__(self, insurers: list[Insurer] | None = None) -> None:
        insurers = insurer_catalogue() if insurers is None else insurers
        self.kind_of = {i.number: i.kind for i in insurers}
        self._by = {(i.kind, i.prefecture_code): i.number for i in insurers}
        self.kumiai = tuple(i.number for i in insurers if i.kind is InsurerKind.KUMIAI)
        self.kyosai = tuple(i.number for i in insurers if i.kind is InsurerKind.KYOSAI)

    def local(self, kind: InsurerKind, prefecture_code: str) -> str:
        """Return the prefecture's 協会けんぽ branch, 国保, 国保組合 or 広域連合."""
        return self._by[(kind, prefecture_code)]
