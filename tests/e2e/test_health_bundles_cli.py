"""`mynumber health upload-bundle` and `bundles` (in-process) against the real server on
loopback, signed with the facility's terminal key from a key file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from mynumber.app import System
from mynumber.health.api import SampleKind
from mynumber.kernel.clock import FixedClock
from mynumber.kernel.settings import Settings

from ..integration.health.bundles import bundle
from ..integration.health.helpers import world
from ..integration.insurers.test_enrol_and_verify import CLINIC
from ..terminals import new_terminal
from .cli_in_process import run_on


@pytest.fixture
def clock() -> FixedClock:
    """Stand at the real time: the command signs with the real clock."""
    return FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return run_on(settings, "health", *args)


def test_a_facility_uploads_and_lists_bundles_from_the_command_line(
    system: System, settings: Settings, server: str, tmp_path: Path
) -> None:
    w = world(system)
    terminal = new_terminal(system, CLINIC)
    key = tmp_path / "terminal.key"
    key.write_text(terminal.key.private_bytes_raw().hex())
    signing = [
        "--facility", CLINIC, "--server", server, "--terminal", terminal.terminal_id,
        "--key-file", str(key),
    ]  # fmt: skip
    good = tmp_path / "referral.json"
    sent = bundle(w, CLINIC, SampleKind.REFERRAL)
    good.write_text(json.dumps(sent, ensure_ascii=False), encoding="utf-8")
    accepted = _run(settings, "upload-bundle", str(good), *signing)
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.splitlines()[0] == sent["identifier"]["value"]
    again = _run(settings, "upload-bundle", str(good), *signing, "--json")
    assert json.loads(again.stdout)["version"] == 2

    bad = tmp_path / "bad.json"
    broken = dict(sent, timestamp="yesterday")
    del broken["identifier"]
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    refused = _run(settings, "upload-bundle", str(bad), *signing)
    assert refused.returncode == 1 and "bundle_invalid" in refused.stderr
    located = {line.split(":")[0].strip() for line in refused.stderr.splitlines()[1:]}
    assert {"Bundle.timestamp", "Bundle.identifier.system"} <= located, refused.stderr

    p = w.patient
    insured = f"{p.insurer_number}:{p.symbol}:{p.number}:{p.branch}"
    listed = _run(
        settings, "bundles", "--insured", insured, "--birth-date", p.birth_date.isoformat(),
        *signing, "--json",
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    (only,) = json.loads(listed.stdout)["bundles"]
    assert (only["identifier"], only["version"], only["category"]) == (
        sent["identifier"]["value"], 2, "57133-1",
    )  # fmt: skip
