"""`mynumber bench bundle-store` uploads Bundles to its own instance and prints the rate."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from mynumber.cli import app


def test_the_bench_prints_the_rate_of_bundles_stored() -> None:
    args = ["bench", "bundle-store", "--people", "10", "--seconds", "1", "--resend", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Bundles stored")]
    assert re.search(r"\d+/s .* n=\d+$", line), line
