"""`mynumber bench verify` end to end at a tiny scale: a real server, real generator processes.

It checks what the figures are made of, never how fast: every check answered "valid", the HTTP
floor measured by the same driver, the CPU of each party read, the workers' memory said.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.timeout(600)  # a build, a server and the generators' interpreters
def test_the_bench_measures_checks_against_the_floor_with_every_check_valid(
    tmp_path: Path,
) -> None:
    figures = tmp_path / "figures.json"
    done = subprocess.run(
        [sys.executable, "-m", "mynumber", "bench", "verify", "--mode", "card",
         "--people", "120", "--cards", "4", "--seconds", "2", "--clients", "2",
         "--generators", "2", "--data-dir", str(tmp_path / "bench"), "--json", str(figures)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "HTTP floor (GET /livez)" in done.stdout and "ratios:" in done.stdout
    result = json.loads(figures.read_text())
    checks, floor = result["checks"], result["floor"]
    assert result["backend"] == "sqlite" and result["cards"] == 4
    assert checks["answered"] > 0 and checks["errors"] == 0
    assert checks["requests_per_second"] >= checks["per_second"] * 1.9  # challenge + check
    assert floor["answered"] > 0 and floor["errors"] == 0
    assert checks["generator_cpu_s"] > 0 and checks["server_cpu_s"] > 0
    assert result["worker_rss_mib"] and min(result["worker_rss_mib"]) > 0
    assert 0 < result["checks_to_floor"] == checks["per_second"] / floor["requests_per_second"]
