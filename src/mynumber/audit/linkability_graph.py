"""The linkability graph drawn by Graphviz (`dot -Tsvg`): parties as nodes, join paths as edges
labelled by identifier. Drawn once per profile and kept (the declarations change only with the
code)."""

from __future__ import annotations

import functools
import shutil
import subprocess

from mynumber.audit.linkability import DECLARED, PathKind, declared
from mynumber.kernel.errors import DomainError
from mynumber.kernel.linkability import IdentifierKind, PartyRole
from mynumber.kernel.policy import PolicyProfile

__all__ = ["IDENTIFIER_LABELS", "dot_source", "svg"]

IDENTIFIER_LABELS = {
    IdentifierKind.MY_NUMBER: "個人番号",
    IdentifierKind.AGENCY_CODE: "符号",
    IdentifierKind.RESIDENT_CODE: "住民票コード",
    IdentifierKind.CARD_SERIAL: "発行番号",
    IdentifierKind.INSURED_NUMBER: "被保険者番号",
    IdentifierKind.CARE_INSURED_NUMBER: "介護被保険者番号",
    IdentifierKind.BASIC_PENSION_NUMBER: "基礎年金番号",
    IdentifierKind.EMPLOYMENT_INSURANCE_NUMBER: "雇用保険番号",
    IdentifierKind.ADDRESSEE_NUMBER: "宛名番号",
    IdentifierKind.BANK_ACCOUNT: "公金受取口座",
    IdentifierKind.API_SUBJECT: "利用者識別子",
    IdentifierKind.OWN_KEY: "固有キー",
}
_EDGE_STYLE = {
    PathKind.DIRECT: 'color="#c05000"',
    PathKind.NETWORK: 'color="#bbbbbb", style=dashed, len=2.5',
    PathKind.SERIAL: 'color="#c00000", penwidth=2',
    PathKind.INSURED_HISTORY: 'color="#7030a0"',
}
_NODE_STYLE = {
    PartyRole.AGENCY: 'shape=box, style=filled, fillcolor="#eef2f7"',
    PartyRole.FACILITY: 'shape=ellipse, style=filled, fillcolor="#fff2cc"',
    PartyRole.RELYING_PARTY: 'shape=ellipse, style=filled, fillcolor="#fde0e0"',
    PartyRole.API_CLIENT: 'shape=ellipse, style=filled, fillcolor="#fde0e0"',
}


def dot_source(profile: PolicyProfile) -> str:
    """Return the graph in the DOT language: one edge per pair and path."""
    lines = [
        f'graph "{profile}" {{',
        '  graph [layout=neato, overlap=false, splines=true, fontname="Noto Sans CJK JP"];',
        '  node [fontname="Noto Sans CJK JP", fontsize=10];',
        '  edge [fontname="Noto Sans CJK JP", fontsize=8];',
    ]
    for party in DECLARED:
        lines.append(f'  "{party.party}" [label="{party.label}", {_NODE_STYLE[party.role]}];')
    for pair in declared(profile):
        for path in pair.paths:
            # Network edges join every pair of connected agencies: drawn faint and unlabelled
            # (the legend names them), so the identifiers that join directly stand out.
            label = "" if path.path is PathKind.NETWORK else IDENTIFIER_LABELS[path.identifier]
            style = _EDGE_STYLE[path.path]
            lines.append(f'  "{pair.a}" -- "{pair.b}" [label="{label}", {style}];')
    lines.append("}")
    return "\n".join(lines)


@functools.cache
def svg(profile: PolicyProfile) -> str:
    """Return the graph drawn as SVG (the <svg> element only, to put inline in a page)."""
    dot = shutil.which("dot")
    if dot is None:
        raise DomainError("Graphviz `dot` is not installed", code="graphviz_missing")
    drawn = subprocess.run(
        [dot, "-Tsvg"], input=dot_source(profile), capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    return drawn.stdout[drawn.stdout.index("<svg") :]
