"""The link audit's engine on a hand-built registry: injected errors found with their evidence,
benign variants (異体字, widths, hiragana, ヅ/ズ, old addresses, namesakes) left alone."""

from __future__ import annotations

import duckdb
import pytest

from mynumber.audit.links_data import LinkCause, LinkFinding, LinkFindingKind, LinksAudit
from mynumber.audit.links_engine import audit_tables
from mynumber.audit.links_load import create_tables, load_identities, load_links

from .links_cases import ERRORS, LINKS, NO_NUMBER, NOT_HELD, REGISTRY


@pytest.fixture(scope="module")
def audit() -> LinksAudit:
    con = duckdb.connect()
    create_tables(con)
    assert load_identities(con, REGISTRY) == len(REGISTRY)
    assert load_links(con, LINKS) == len(LINKS)
    return audit_tables(con)


def _found(audit: LinksAudit) -> dict[tuple[str, str], LinkFinding]:
    return {(f.agency, f.record_id): f for f in audit.findings}


def test_every_injected_error_and_nothing_benign_is_found(audit: LinksAudit) -> None:
    assert set(_found(audit)) == {*ERRORS, (NOT_HELD.agency, NOT_HELD.record_id)}


def test_a_family_members_number_names_the_true_person_in_the_same_household(
    audit: LinksAudit,
) -> None:
    found = _found(audit)[("insurer:06130012", "err-family")]
    assert found.finding is LinkFindingKind.WRONG_PERSON
    assert found.cause is LinkCause.FAMILY_NUMBER
    assert (found.holder_resident_code, found.candidate_resident_code) == ("R001", "R002")
    assert found.same_household is True
    assert found.disagreeing == ("name", "name_kana", "birth_date", "sex")
    assert found.candidate_weight is not None and found.holder_weight is not None
    assert found.candidate_weight > found.holder_weight + 20


def test_a_son_with_his_fathers_name_is_found_by_the_birth_date(audit: LinksAudit) -> None:
    found = _found(audit)[("insurer:06130012", "err-son")]
    assert found.cause is LinkCause.FAMILY_NUMBER
    assert (found.holder_resident_code, found.candidate_resident_code) == ("R001", "R010")
    assert found.disagreeing == ("birth_date",)


def test_a_namesake_with_the_same_birth_date_is_told_apart_by_the_address(
    audit: LinksAudit,
) -> None:
    found = _found(audit)[("pension", "err-namesake")]
    assert found.cause is LinkCause.SAME_NAME_BIRTH_DATE
    assert (found.holder_resident_code, found.candidate_resident_code) == ("R004", "R005")
    assert found.same_household is False
    assert found.disagreeing == ("address",)


def test_three_items_without_address_and_nobody_fitting(audit: LinksAudit) -> None:
    found = _found(audit)
    three = found[("portal", "err-three-items")]
    assert three.cause is LinkCause.THREE_ITEMS_NO_ADDRESS
    assert three.disagreeing == ()  # nothing disagrees: two residents fit equally
    nobody = found[("pension", "err-nobody")]
    assert nobody.cause is LinkCause.NO_MATCH
    assert nobody.candidate_resident_code is None


def test_a_number_nobody_holds_and_links_without_a_number_are_counted(audit: LinksAudit) -> None:
    gone = _found(audit)[("portal", "gone")]
    assert (gone.finding, gone.cause) == (LinkFindingKind.NUMBER_NOT_HELD, LinkCause.NOT_HELD)
    counts = {a.agency: a for a in audit.agencies}
    assert counts[NO_NUMBER.agency].not_auditable == 1
    assert counts["portal"].number_not_held == 1
    assert counts["pension"].suspected == 2
    assert sum(a.links for a in audit.agencies) == len(LINKS)
    assert [s.stage for s in audit.stages] == ["fold", "stage 1", "stage 2", "decide"]


def test_the_findings_print_as_tables_and_json(
    audit: LinksAudit, capsys: pytest.CaptureFixture[str]
) -> None:
    from mynumber.audit import cli_links
    from mynumber.audit.links_data import LinksScore

    scored = audit.model_copy(update={"score": LinksScore(truth=5, found=6, true_positives=5)})
    cli_links._print(scored)
    out = capsys.readouterr().out
    assert "家族の番号" in out and "同姓同名・同生年月日" in out and "番号の保有者なし" in out
    assert "precision 0.833, recall 1.000" in out
    body = cli_links._json(scored)
    assert body["score"]["precision"] == 5 / 6
    assert len(body["findings"]) == len(audit.findings)
