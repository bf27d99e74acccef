"""The link audit's engine (紐付け総点検): every link checked against its number's holder in DuckDB.

Input: two DuckDB tables, `links` (LinkedRecord's columns) and `identities` (RegisteredIdentity's).
1. fold: names, readings and addresses folded (`links_fold`), distinct values only.
2. stage 1: Splink scores each link against the holder of its own number (blocked on my_number).
3. stage 2: for the links whose holder scores low or has another birth date or sex, or whose
   record another resident also fits (same reading and birth date, address not the holder's),
   Splink looks for
   the likely true person, blocked on birth date + postcode, then birth date + reading.
4. decide: a link is suspected when another resident fits clearly better (and the evidence says
   whether that resident lives in the holder's 世帯), when nobody fits, or when the record has no
   address and several residents fit as well (the 3情報 lookup's mistake). A number no resident
   holds is its own finding; a link without a number (a 符号 only) is counted as not auditable.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import duckdb
from splink import Linker
from splink.backends.duckdb import DuckDBAPI

from mynumber.audit.links_data import (
    AgencyLinks,
    LinkCause,
    LinkFinding,
    LinkFindingKind,
    LinksAudit,
    StageTime,
)
from mynumber.audit.links_fold import fold_addresses, fold_values
from mynumber.audit.links_settings import COLUMNS, LOW_WEIGHT, settings

__all__ = ["MARGIN", "StageReport", "audit_tables"]

MARGIN = 5.0
"""How much better (in match weight, log2) another resident must fit than the holder."""

StageReport = Callable[[str, float], None]
"""Called with (stage, seconds) as each stage ends."""

_SPLINK_COLUMNS = ", ".join(("unique_id", "my_number", *COLUMNS))


def audit_tables(
    con: duckdb.DuckDBPyConnection, *, on_stage: StageReport | None = None
) -> LinksAudit:
    """Check every row of `links` against `identities` on `con`; return the findings."""
    stages: list[StageTime] = []

    def timed(stage: str, step: Callable[[], None]) -> None:
        started = time.perf_counter()
        step()
        stages.append(StageTime(stage=stage, seconds=time.perf_counter() - started))
        if on_stage:
            on_stage(stage, stages[-1].seconds)

    timed("fold", lambda: _fold(con))
    timed("stage 1", lambda: _stage1(con))
    timed("stage 2", lambda: _stage2(con))
    findings: list[LinkFinding] = []
    timed("decide", lambda: findings.extend(_decide(con)))
    return LinksAudit(
        agencies=_agencies(con, findings), findings=tuple(findings), stages=tuple(stages)
    )


def _fold(con: duckdb.DuckDBPyConnection) -> None:
    fold_values(con, ["links", "identities"], "name", "name_fold")
    fold_values(con, ["links", "identities"], "name_kana", "kana_fold")
    fold_addresses(con, ["links", "identities"], "address_fold")
    folded = """
        nullif(nf.folded, '') AS name_f, nullif(kf.folded, '') AS kana_f,
        nullif(kf.loose, '') AS kana_l, strftime(t.birth_date, '%Y-%m-%d') AS birth_date,
        t.sex, af.folded AS address_f,
        nullif(replace(t.postal_code, '-', ''), '') AS postal_code"""
    joins = """LEFT JOIN name_fold nf ON nf.raw = t.name
        LEFT JOIN kana_fold kf ON kf.raw = t.name_kana
        LEFT JOIN address_fold af ON af.raw = t.address"""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE lf AS
        SELECT t.rowid AS unique_id, t.agency, t.kind, t.record_id, t.my_number,
               {folded}
        FROM links t {joins}""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE rf AS
        SELECT t.rowid AS unique_id, t.my_number, t.resident_code, t.household_id,
               {folded}
        FROM identities t {joins}""")


def _predict(con: duckdb.DuckDBPyConnection, *, stage: int, left: str, right: str) -> str:
    """Run Splink's predict between two tables on `con`; return the predictions' table."""
    db = DuckDBAPI(connection=con)
    # Registered in this order, the links are the left side (`_l`) of every pair.
    links = db.register(left, table_name=f"a_links_{stage}")
    residents = db.register(right, table_name=f"b_residents_{stage}")
    linker = Linker([links, residents], settings(stage=stage), log_level=logging.WARNING)
    threshold = None if stage == 1 else LOW_WEIGHT  # stage 2: only residents who may be the one
    predictions = linker.inference.predict(threshold_match_weight=threshold)
    return predictions.physical_name


def _stage1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"""CREATE OR REPLACE TEMP TABLE s1_links AS
        SELECT {_SPLINK_COLUMNS} FROM lf SEMI JOIN rf USING (my_number)""")
    con.execute(f"CREATE OR REPLACE TEMP VIEW s1_residents AS SELECT {_SPLINK_COLUMNS} FROM rf")
    if _count(con, "s1_links") == 0:
        con.execute("""CREATE OR REPLACE TEMP TABLE s1
            (link_id BIGINT, holder_id BIGINT, holder_weight DOUBLE)""")
        return
    predicted = _predict(con, stage=1, left="s1_links", right="s1_residents")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE s1 AS
        SELECT unique_id_l AS link_id, unique_id_r AS holder_id, match_weight AS holder_weight
        FROM {predicted}""")
    con.execute(f"DROP TABLE {predicted}")


def _stage2(con: duckdb.DuckDBPyConnection) -> None:
    # Residents per (reading, birth date): a record some other resident also fits.
    con.execute("""CREATE OR REPLACE TEMP TABLE fits AS
        SELECT kana_f, birth_date, count(*) AS n FROM rf GROUP BY ALL""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE suspects AS
        SELECT s.link_id, s.holder_id, s.holder_weight
        FROM s1 s JOIN lf l ON l.unique_id = s.link_id JOIN rf h ON h.unique_id = s.holder_id
        LEFT JOIN fits f ON f.kana_f = l.kana_f AND f.birth_date = l.birth_date
        WHERE s.holder_weight < {LOW_WEIGHT}
           -- a family member of the same name differs only by birth date (or sex)
           OR l.birth_date <> h.birth_date OR l.sex <> h.sex  -- an item not given differs not
           OR ((l.address_f IS NULL OR l.address_f IS DISTINCT FROM h.address_f)
               AND coalesce(f.n, 0)
                   - (h.kana_f = l.kana_f AND h.birth_date = l.birth_date)::INT > 0)""")
    con.execute("""CREATE OR REPLACE TEMP TABLE cands
        (link_id BIGINT, cand_id BIGINT, weight DOUBLE)""")
    if _count(con, "suspects") == 0:
        return
    con.execute(f"""CREATE OR REPLACE TEMP TABLE s2_links AS
        SELECT {_SPLINK_COLUMNS} FROM lf SEMI JOIN suspects s ON s.link_id = lf.unique_id""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE s2_residents AS
        SELECT {_SPLINK_COLUMNS} FROM rf
        WHERE (birth_date, postal_code) IN (SELECT (birth_date, postal_code) FROM s2_links)
           OR (birth_date, kana_f) IN (SELECT (birth_date, kana_f) FROM s2_links)""")
    predicted = _predict(con, stage=2, left="s2_links", right="s2_residents")
    con.execute(f"""INSERT INTO cands
        SELECT p.unique_id_l, p.unique_id_r, p.match_weight
        FROM {predicted} p JOIN suspects s ON s.link_id = p.unique_id_l
        WHERE p.unique_id_r <> s.holder_id""")
    con.execute(f"DROP TABLE {predicted}")


_DECIDE = f"""
WITH best AS (
    SELECT s.link_id, s.holder_id, s.holder_weight,
           arg_max(c.cand_id, c.weight) AS cand_id, max(c.weight) AS cand_weight,
           count(c.cand_id) FILTER (WHERE c.weight >= s.holder_weight - 1) AS rivals
    FROM suspects s LEFT JOIN cands c USING (link_id) GROUP BY ALL
), compared AS (
    -- The items the record gives that its holder's 本人確認情報 contradicts (an item the record
    -- does not give, NULL, contradicts nothing).
    SELECT b.*, l.agency, l.kind, l.record_id, l.name_f, l.birth_date, l.address_f,
           h.resident_code AS holder_code, h.household_id AS holder_household,
           h.name_f AS holder_name_f, h.birth_date AS holder_birth_date,
           list_filter([
               CASE WHEN l.name_f <> h.name_f THEN 'name' END,
               CASE WHEN l.kana_f <> h.kana_f THEN 'name_kana' END,
               CASE WHEN l.birth_date <> h.birth_date THEN 'birth_date' END,
               CASE WHEN l.sex <> h.sex THEN 'sex' END,
               CASE WHEN l.address_f IS DISTINCT FROM h.address_f THEN 'address' END
           ], lambda item: item IS NOT NULL AND (item <> 'address' OR l.address_f IS NOT NULL))
           AS disagreeing
    FROM best b JOIN lf l ON l.unique_id = b.link_id JOIN rf h ON h.unique_id = b.holder_id
), judged AS (
    SELECT c.*, ch.resident_code AS cand_code,
           ch.household_id = c.holder_household AS same_household,
           CASE
             WHEN c.cand_weight > c.holder_weight + {MARGIN} THEN CASE
               WHEN ch.household_id = c.holder_household THEN '{LinkCause.FAMILY_NUMBER}'
               WHEN c.holder_name_f = c.name_f AND c.holder_birth_date = c.birth_date
                 THEN '{LinkCause.SAME_NAME_BIRTH_DATE}'
               ELSE '{LinkCause.OTHER_PERSON}' END
             -- a record giving few items scores low though all it gives agrees: not a finding
             WHEN c.holder_weight < {LOW_WEIGHT} AND len(c.disagreeing) > 0
               THEN '{LinkCause.NO_MATCH}'
             WHEN c.address_f IS NULL AND c.rivals > 0 THEN '{LinkCause.THREE_ITEMS_NO_ADDRESS}'
           END AS cause
    FROM compared c LEFT JOIN rf ch ON ch.unique_id = c.cand_id
)
SELECT agency, kind, record_id, cause, disagreeing, holder_code, holder_weight,
       cand_code, cand_weight, same_household
FROM judged WHERE cause IS NOT NULL
"""


def _decide(con: duckdb.DuckDBPyConnection) -> list[LinkFinding]:
    findings = [
        LinkFinding(
            agency=agency,
            kind=kind,
            record_id=record_id,
            finding=LinkFindingKind.WRONG_PERSON,
            cause=LinkCause(cause),
            disagreeing=tuple(disagreeing),
            holder_resident_code=holder,
            holder_weight=round(holder_weight, 2),
            candidate_resident_code=candidate,
            candidate_weight=None if cand_weight is None else round(cand_weight, 2),
            same_household=same if candidate else None,
        )
        for (agency, kind, record_id, cause, disagreeing, holder, holder_weight, candidate,
             cand_weight, same) in con.execute(_DECIDE).fetchall()
    ]  # fmt: skip
    not_held = con.execute("""
        SELECT agency, kind, record_id FROM lf
        WHERE my_number IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM rf WHERE rf.my_number = lf.my_number)""").fetchall()
    findings += [
        LinkFinding(
            agency=agency,
            kind=kind,
            record_id=record_id,
            finding=LinkFindingKind.NUMBER_NOT_HELD,
            cause=LinkCause.NOT_HELD,
        )
        for agency, kind, record_id in not_held
    ]
    return sorted(findings, key=lambda f: (f.agency, f.kind, f.record_id))


def _agencies(
    con: duckdb.DuckDBPyConnection, findings: list[LinkFinding]
) -> tuple[AgencyLinks, ...]:
    rows = con.execute("""
        SELECT agency, count(*), count(*) FILTER (WHERE my_number IS NULL)
        FROM lf GROUP BY agency ORDER BY agency""").fetchall()
    return tuple(
        AgencyLinks(
            agency=agency,
            links=links,
            not_auditable=not_auditable,
            number_not_held=sum(
                f.agency == agency and f.finding is LinkFindingKind.NUMBER_NOT_HELD
                for f in findings
            ),
            suspected=sum(
                f.agency == agency and f.finding is LinkFindingKind.WRONG_PERSON for f in findings
            ),
        )
        for agency, links, not_auditable in rows
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
