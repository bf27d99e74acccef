"""The linkability declarations are true to the code: each subsystem declares every identifier
its tables hold and exports every stored one; the profiles differ switch by switch."""

from __future__ import annotations

import importlib

import pytest
from sqlalchemy import MetaData

from mynumber.audit.linkability import DECLARED, declared, differences, pair_paths
from mynumber.audit.linkability_graph import dot_source
from mynumber.kernel.linkability import IdentifierKind as K
from mynumber.kernel.policy import Policy, PolicyProfile

# Column names that hold a person's identifier of one kind, wherever they appear.
COLUMNS = {
    "my_number": K.MY_NUMBER,
    "resident_code": K.RESIDENT_CODE,
    "serial": K.CARD_SERIAL,
    "jlis_code": K.AGENCY_CODE,
    "person_code": K.AGENCY_CODE,
    "agency_code": K.AGENCY_CODE,
    "basic_pension_number": K.BASIC_PENSION_NUMBER,
    "address_number": K.ADDRESSEE_NUMBER,
}
# Where each party's tables are (tests may read models; the audit may not).
MODELS = {
    "registry": ["registry.models"],
    "jpki": ["jpki.models"],
    "network": ["network.models"],
    "intermediate": ["intermediate.models"],
    "eligibility": ["eligibility.models"],
    "insurers": ["insurers.models"],
    "municipality": ["municipality.models"],
    "pension": ["pension.models"],
    "employment": ["employment.models"],
    "portal": ["portal.models", "portal.account_tables", "portal.oauth.models"],
    "health": ["health.models"],
    "care": ["care.models"],
    "facility": ["facility.models"],
}
BY_PARTY = {p.party: p for p in DECLARED}


def _columns(party: str) -> set[str]:
    names: set[str] = set()
    for module in MODELS[party]:
        metadata: MetaData = importlib.import_module(f"mynumber.{module}").Base.metadata
        names |= {c.name for table in metadata.tables.values() for c in table.columns}
    return names


@pytest.mark.parametrize("party", sorted(MODELS))
def test_every_identifier_column_is_declared(party: str) -> None:
    stored = {h.kind for h in BY_PARTY[party].holdings if h.stored}
    held = {COLUMNS[name] for name in _columns(party) if name in COLUMNS}
    assert held <= stored, f"{party} stores {held - stored} without declaring it"


@pytest.mark.parametrize("party", sorted(set(MODELS) - {"health", "facility"}))
def test_every_stored_kind_is_exported_and_nothing_more(party: str) -> None:
    api = importlib.import_module(f"mynumber.{party}.identifier_export").IdentifierValues
    exported = {kind for (who, kind) in api._identifier_queries if who == party}
    stored = {h.kind for h in BY_PARTY[party].holdings if h.stored}
    assert exported == stored - {K.OWN_KEY}


def test_the_safeguards_remove_the_serial_and_my_number_joins() -> None:
    real = {(p.a, p.b): {j.label for j in p.paths} for p in declared(PolicyProfile.REAL)}
    safe = {(p.a, p.b): {j.label for j in p.paths} for p in declared(PolicyProfile.SAFEGUARDED)}
    assert "serial:card_serial" in real[("relying_party", "eligibility")]
    assert ("relying_party", "eligibility") not in safe
    assert "serial:card_serial" in real[("relying_party", "api_client")]
    assert ("relying_party", "api_client") not in safe
    assert real[("insurers", "pension")] == {"direct:my_number", "network:agency_code"}
    assert safe[("insurers", "pension")] == {"network:agency_code"}
    # What no switch changes stays: the insured-number history between insurer and eligibility.
    assert "insured_history:insured_number" in safe[("eligibility", "insurers")]


def test_each_difference_is_named_by_its_switches() -> None:
    changed = differences()
    assert changed and all(d.switches for d in changed)
    named = {s for d in changed for s in d.switches}
    assert named == {
        "insurers_keep_my_number", "registration_links_serial", "api_subject_is_card_serial",
    }  # fmt: skip


def test_codes_of_two_agencies_join_only_through_the_network() -> None:
    real = Policy.of(PolicyProfile.REAL)
    paths = pair_paths(BY_PARTY["eligibility"], BY_PARTY["care"], real)
    assert [p.label for p in paths] == ["network:agency_code"]
    assert [p.label for p in pair_paths(BY_PARTY["network"], BY_PARTY["care"], real)] == [
        "direct:agency_code"
    ]


def test_the_graph_has_a_node_per_party_and_an_edge_per_path() -> None:
    source = dot_source(PolicyProfile.SAFEGUARDED)
    edges = sum(len(p.paths) for p in declared(PolicyProfile.SAFEGUARDED))
    assert source.count(" -- ") == edges
    assert all(f'"{p.party}" [label=' in source for p in DECLARED)
