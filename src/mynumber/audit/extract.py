"""Research extracts of the claims (二次利用, 次世代医療基盤法 as amended in 2023), with their
measured re-identification risk.

- 仮名加工 (pseudonymised): names and ids removed, values kept, rare diseases too; the person
  by a key made from the oldest insured number (the NDB's ID5);
- 匿名加工 (anonymised): generalised and small cells suppressed (`extract_anonymise`); refused
  when the quasi-identifiers asked for still leave a class of one person (k < 2).

The claims come from the eligibility system's api (each person's export in their access log);
the extract and its risk are computed in DuckDB and written only once accepted:
`<out>/<kind>-<release>.parquet` and `<out>/<kind>-<release>.risk.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

import duckdb

from mynumber.audit.extract_anonymise import ANONYMISED_COLUMNS, anonymise
from mynumber.audit.extract_care import (
    CARE_ANONYMISED,
    CARE_PSEUDONYMISED,
    anonymise_care,
    care_table,
)
from mynumber.audit.extract_data import (
    DEFAULT_QI,
    DEFAULT_SENSITIVE,
    ExtractKind,
    ExtractRisk,
    ExtractSource,
    KeyScheme,
)
from mynumber.audit.extract_risk import Measured, measure, quoted
from mynumber.audit.extract_rows import KeyMaker, working_table
from mynumber.care.data import ResearchCareMonth
from mynumber.eligibility.data import ResearchClaim
from mynumber.kernel.errors import InvalidInputError

__all__ = ["PSEUDONYMISED_COLUMNS", "ExtractRequest", "make_extract", "paths_of"]

PSEUDONYMISED_COLUMNS = (
    "person_key", "birth_date", "sex", "postal_code", "facility_code", "month", "first_day",
    "days", "diagnosis", "diagnoses", "medicines",
)  # fmt: skip
_RELEASE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class ExtractRequest:
    """What is asked: the kind, the key scheme, the release, where, and the columns measured."""

    def __init__(
        self,
        *,
        kind: ExtractKind,
        key: KeyScheme = KeyScheme.NDB,
        release: str = "1",
        out: Path = Path("."),
        qi: Sequence[str] | None = None,
        sensitive: str | None = None,
        compare: Path | None = None,
        source: ExtractSource = ExtractSource.CLAIMS,
    ) -> None:
        if not _RELEASE.match(release):
            raise InvalidInputError(f"release {release!r}: letters, digits, . _ - only",
                                    code="release_invalid")  # fmt: skip
        self.kind, self.key, self.release, self.out = kind, key, release, out
        self.source = source
        self.qi = tuple(qi) if qi else DEFAULT_QI[(source, kind)]
        self.sensitive = sensitive or DEFAULT_SENSITIVE[source]
        self.compare = compare
        columns = self.columns
        unknown = [c for c in (*self.qi, self.sensitive) if c not in columns or c == "person_key"]
        if unknown:
            raise InvalidInputError(
                f"no column {', '.join(unknown)} in a {source.value} {kind.value} extract; its "
                f"columns: "
                f"{', '.join(columns[1:])}", code="extract_column_unknown",
            )  # fmt: skip
        if compare is not None and not compare.is_file():
            raise InvalidInputError(f"no extract at {compare}", code="extract_not_found")

    @property
    def columns(self) -> tuple[str, ...]:
        """The extract's columns, by source and kind."""
        pseudonymised = self.kind is ExtractKind.PSEUDONYMISED
        if self.source is ExtractSource.CARE:
            return CARE_PSEUDONYMISED if pseudonymised else CARE_ANONYMISED
        return PSEUDONYMISED_COLUMNS if pseudonymised else ANONYMISED_COLUMNS


def paths_of(request: ExtractRequest) -> tuple[Path, Path]:
    """Where the extract and its risk report go."""
    care = "care-" if request.source is ExtractSource.CARE else ""
    stem = f"{care}{request.kind.value}-{request.release}"
    return request.out / f"{stem}.parquet", request.out / f"{stem}.risk.json"


def make_extract(
    records: Iterable[ResearchClaim] | Iterable[ResearchCareMonth], request: ExtractRequest
) -> ExtractRisk:
    """Make, measure and (when accepted) write the extract of the claims or of the care months
    (as `request.source` says); return its risk."""
    con = duckdb.connect()
    try:
        con.register("records", _working(records, request))
        con.execute("CREATE TEMP TABLE work AS SELECT row_number() OVER () AS rid, * FROM records")
        if request.kind is ExtractKind.ANONYMISED:
            care = request.source is ExtractSource.CARE
            suppression = (anonymise_care if care else anonymise)(con, "work", request.qi)
            table, (rare, cells, recoded, dropped) = "anon", suppression
        else:
            table, rare, cells, recoded, dropped = "work", 0, 0, 0, 0
        measured = measure(con, table, request.qi, request.sensitive)
        _refuse_k_under_2(request, measured)
        risk = ExtractRisk(
            source=request.source, kind=request.kind, release=request.release, key=request.key,
            records=measured.records, persons=measured.persons,
            quasi_identifiers=request.qi, sensitive=request.sensitive,
            classes=measured.classes, k_anonymity=measured.k_persons,
            k_records=measured.k_records, l_diversity=measured.l_diversity,
            unique_records=measured.unique_records, unique_persons=measured.unique_persons,
            classes_under_10=measured.classes_under_10, suppressed_cells=cells,
            recoded_records=recoded, dropped_records=dropped, rare_values=rare,
            joined_persons=_joined(con, table, request.compare),
            compared_with=str(request.compare) if request.compare else None,
        )  # fmt: skip
        _write(con, table, request, risk)
        return risk
    finally:
        con.close()


def _working(
    records: Iterable[ResearchClaim] | Iterable[ResearchCareMonth], request: ExtractRequest
) -> Any:
    """The working table (Arrow) of the source's records, keyed for this release."""
    keys = KeyMaker(request.key)
    if request.source is ExtractSource.CARE:
        return care_table(cast(Iterable[ResearchCareMonth], records), keys)
    return working_table(cast(Iterable[ResearchClaim], records), keys)


def _refuse_k_under_2(request: ExtractRequest, measured: Measured) -> None:
    """An anonymised extract leaving a class of one person is refused (nothing is written)."""
    if request.kind is ExtractKind.ANONYMISED and measured.persons and measured.k_persons < 2:
        raise InvalidInputError(
            f"the quasi-identifiers {', '.join(request.qi)} leave a class of one person "
            f"(k = {measured.k_persons}) even after suppressing small cells: an anonymised "
            "extract needs k ≥ 2; name fewer or coarser quasi-identifiers",
            code="extract_k_too_small",
        )


def _joined(con: duckdb.DuckDBPyConnection, table: str, other: Path | None) -> int | None:
    """Persons of this extract whose key is found in another release's extract."""
    if other is None:
        return None
    try:
        row = con.execute(
            f"SELECT count(DISTINCT person_key) FROM {table} WHERE person_key IN "
            "(SELECT person_key FROM read_parquet($path))",
            {"path": str(other)},
        ).fetchone()
    except duckdb.Error as exc:
        raise InvalidInputError(
            f"{other} is not an extract with a person_key column: {exc}",
            code="extract_unreadable",
        ) from None
    return row[0] if row else 0


def _write(
    con: duckdb.DuckDBPyConnection, table: str, request: ExtractRequest, risk: ExtractRisk
) -> None:
    parquet, report = paths_of(request)
    request.out.mkdir(parents=True, exist_ok=True)
    cols = ", ".join(quoted(c) for c in request.columns)
    con.execute(
        f"COPY (SELECT {cols} FROM {table} ORDER BY rid) TO $path (FORMAT parquet)",
        {"path": str(parquet)},
    )
    body = risk.model_dump(mode="json") | {
        "record_uniqueness": round(risk.record_uniqueness, 4),
        "person_uniqueness": round(risk.person_uniqueness, 4),
    }
    report.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
