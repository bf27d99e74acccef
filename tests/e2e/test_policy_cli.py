"""`mynumber policy show` as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mynumber.kernel.policy import SWITCHES


def _policy(*args: str, profile: str | None, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYNUMBER_DATA_DIR=str(data_dir))
    env.pop("MYNUMBER_POLICY", None)
    if profile is not None:
        env["MYNUMBER_POLICY"] = profile
    return subprocess.run(
        [sys.executable, "-m", "mynumber", "policy", "show", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_show_lists_every_switch_under_each_profile(tmp_path: Path) -> None:
    shown = {}
    for profile in (None, "safeguarded"):
        result = _policy("--json", profile=profile, data_dir=tmp_path)
        assert result.returncode == 0, result.stderr
        shown[profile] = json.loads(result.stdout)
    assert shown[None]["profile"] == "real"
    assert shown["safeguarded"]["profile"] == "safeguarded"
    for index, switch in enumerate(SWITCHES):
        real, safe = shown[None]["switches"][index], shown["safeguarded"]["switches"][index]
        assert real["name"] == safe["name"] == switch.name
        assert (real["value"], safe["value"]) == (switch.real, switch.safeguarded)
        assert real["seeds"] == switch.seeds


def test_text_output_and_a_bad_profile(tmp_path: Path) -> None:
    text = _policy(profile="safeguarded", data_dir=tmp_path)
    assert "profile: safeguarded" in text.stdout
    assert all(switch.name in text.stdout for switch in SWITCHES)
    bad = _policy(profile="lenient", data_dir=tmp_path)
    assert bad.returncode != 0
    assert "policy_unknown" in bad.stdout + bad.stderr
