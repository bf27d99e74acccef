"""`audit extract --source care`: the care platform gives each month of 給付実績 with the 要介護度
in force, without name or My Number, and logs the export in the person's access log; one person
makes a pseudonymised extract, and an anonymised one is refused (a class of one)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.audit.cli import app
from mynumber.audit.extract_care import CARE_PSEUDONYMISED
from mynumber.care.data import CareLevel

from ..care.helpers import BORN, CODE, certified_scene


def test_care_months_leave_keyed_logged_and_measured(system: System, tmp_path: Path) -> None:
    scene = certified_scene(system)
    number = scene.insured.insured_number
    months = list(system.care.research_care_months(reader="audit-1"))
    assert [m.model_dump() for m in months] == [{
        "insured_number": number, "birth_date": BORN, "municipality": CODE,
        "month": dt.date(2026, 11, 1), "level": CareLevel.CARE_2.value, "services": ("11",),
        "units": 2_000,
    }]  # fmt: skip
    logged = [r.payload for r in system.care.access_records(insured_number=number)]
    assert any(p.get("item") == "research_care_months" and p.get("viewer") == "audit-1"
               for p in logged)  # fmt: skip

    obj = {"care": lambda: system.care}
    runner = CliRunner()
    out = ["--source", "care", "--out", str(tmp_path), "--json"]
    done = runner.invoke(app, ["extract", "--kind", "pseudonymised", *out], obj=obj)
    assert done.exit_code == 0, done.output
    risk = json.loads(done.output)
    assert (risk["source"], risk["records"], risk["persons"], risk["k_anonymity"]) == (
        "care",
        1,
        1,
        1,
    )
    table = pq.read_table(tmp_path / "care-pseudonymised-1.parquet")
    assert tuple(table.column_names) == CARE_PSEUDONYMISED
    row = table.to_pylist()[0]
    assert number not in json.dumps(row, default=str) and len(row["person_key"]) == 64
    refused = runner.invoke(app, ["extract", "--kind", "anonymised", *out], obj=obj)
    assert refused.exit_code == 1 and "extract_k_too_small" in refused.output
    assert not list(tmp_path.glob("care-anonymised-*"))
