"""The auditor's pages (監査): linkability declared under each policy profile, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mynumber.audit.linkability import declared, differences, labels
from mynumber.audit.linkability_graph import IDENTIFIER_LABELS, svg
from mynumber.audit.linkability_measured import compare, export
from mynumber.audit.profiling import PIECES, jigsaw
from mynumber.audit.profiling_measured import degrees, person_pieces
from mynumber.kernel.linkability import IdentifierExport, IdentifierKind
from mynumber.kernel.pages import templates
from mynumber.kernel.policy import SWITCHES, PolicyProfile
from mynumber.kernel.staffauth import StaffPrincipal, StaffRole, require_staff

__all__ = ["pages"]

Auditor = Annotated[StaffPrincipal, Depends(require_staff(StaffRole.AUDITOR))]

pages = APIRouter(prefix="/audit", include_in_schema=False)
_TEMPLATES = templates(Path(__file__).parent / "templates")
_PATH_LABELS = {
    "direct": "直接（同じ番号）",
    "network": "情報提供ネットワーク（符号・法定の照会のみ⚠）",
    "serial": "発行番号（シリアル）",
    "insured_history": "被保険者番号の履歴",
}


@pages.get("/linkability", response_class=HTMLResponse)
def linkability_page(request: Request) -> Response:
    """名寄せ可能性: the table and the graph under the real and the safeguarded profiles."""
    names = labels()
    profiles = [
        {
            "name": profile.value,
            "title": "現行制度（real）"
            if profile is PolicyProfile.REAL
            else "保護措置（safeguarded）",
            "svg": svg(profile),
            "pairs": [
                {
                    "a": names[pair.a],
                    "b": names[pair.b],
                    "paths": [
                        f"{_PATH_LABELS[p.path]}：{IDENTIFIER_LABELS[p.identifier]}"
                        for p in pair.paths
                    ],
                }
                for pair in declared(profile)
            ],
        }
        for profile in PolicyProfile
    ]
    switches = {s.name: s.decides for s in SWITCHES}
    changes = [
        {
            "a": names[d.a],
            "b": names[d.b],
            "path": f"{_PATH_LABELS[d.path.path]}：{IDENTIFIER_LABELS[d.path.identifier]}",
            "real": d.real,
            "switches": [(name, switches[name]) for name in d.switches],
        }
        for d in differences()
    ]
    context = {"profiles": profiles, "changes": changes, "jigsaws": _jigsaws(names)}
    return _TEMPLATES.TemplateResponse(request, "audit/linkability.html", context)


def _jigsaws(names: dict[str, str]) -> list[dict[str, object]]:
    """The life insurer's jigsaw under each profile: a piece is joined, obtained only, or not."""
    shown: list[dict[str, object]] = []
    for profile in PolicyProfile:
        drawn = jigsaw(profile)
        pieces = [
            {
                "label": piece.label,
                "how": piece.how,
                "state": "joined" if piece.name in drawn.joined else "obtained",
            }
            for piece in PIECES
        ]
        key = IDENTIFIER_LABELS[IdentifierKind(drawn.key)]
        beyond = [names[p] for p in drawn.beyond]
        shown.append({"name": profile.value, "pieces": pieces, "key": key, "beyond": beyond})
    return shown


@pages.get("/linkability/measured", response_class=HTMLResponse)
def measured_page(request: Request, auditor: Auditor) -> Response:
    """The joins counted on this instance's data, against each profile's declarations.

    The stored values are read once, under the auditor's name; the findings under each profile
    show which rules the data was written under.
    """

    def api(name: str) -> IdentifierExport:
        return getattr(request.app.state, name)  # type: ignore[no-any-return]

    stored = export(api)
    names = labels()
    results = []
    for profile in PolicyProfile:
        result = compare(profile, stored)
        rows = [
            {"a": names[p.a], "b": names[p.b], "declared": p.declared,
             "joined": p.joined, "findings": p.findings}
            for p in result.pairs
            if p.joined or p.findings
        ]  # fmt: skip
        results.append({"name": profile.value, "rows": rows, "findings": len(result.findings)})
    counted = degrees(person_pieces(api))
    context = {
        "results": results,
        "persons": compare(PolicyProfile.REAL, stored).persons,
        "degrees": {name: dict(histogram) for name, histogram in counted.by_profile},
        "population": counted.population,
        "pieces": range(len(PIECES) + 1),
    }
    return _TEMPLATES.TemplateResponse(request, "audit/measured.html", context)
