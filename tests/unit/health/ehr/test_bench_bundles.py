"""`mynumber bench bundles` validates samples of every kind and prints a rate per kind."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from mynumber.cli import app
from mynumber.health.ehr import SampleKind


def test_the_bench_prints_a_rate_per_kind_and_finds_every_sample_valid() -> None:
    result = CliRunner().invoke(app, ["bench", "bundles", "--count", "20"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("20 Bundles of 10 kinds")
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) >= {kind.value for kind in SampleKind} | {"all"}
    assert re.search(r"n=20\s+invalid=0$", rows["all"])
    assert all("invalid=0" in rows[kind.value] for kind in SampleKind)
