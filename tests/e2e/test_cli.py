"""The `mynumber` command as a user runs it: exit codes, JSON, errors (in-process, see
`cli_in_process`; one test runs the installed console script in a process of its own)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mynumber.kernel.checkdigits import CODECS, IdentifierKind

from .cli_in_process import run

__all__ = ["run", "run_process"]


def run_process(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed `mynumber` console script in a process of its own."""
    env = dict(os.environ, MYNUMBER_DATA_DIR=str(data_dir))
    env.pop("MYNUMBER_DATABASE_URL", None)
    return subprocess.run(
        [str(Path(sys.executable).with_name("mynumber")), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_installed_command_runs_in_its_own_process(tmp_path: Path) -> None:
    """The console script's entry point: exit codes 0, 1 (invalid; refused with a reason) and 2
    (usage), on the instance its environment names (the other tests run commands in-process)."""
    for value, code in (("123456789018", 0), ("123456789012", 1)):
        done = run_process("ids", "check", "my-number", value, data_dir=tmp_path)
        assert done.returncode == code and f"{value}: " in done.stdout
    assert run_process("ids", "check", "no-such-kind", "1", data_dir=tmp_path).returncode == 2
    unknown = CODECS[IdentifierKind.RESIDENT_CODE].complete("1111111111")
    refused = run_process("registry", "show", unknown, data_dir=tmp_path)
    assert refused.returncode == 1 and "no resident" in refused.stderr
    assert (tmp_path / "registry.db").exists()  # the instance is the one MYNUMBER_DATA_DIR names


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        ("my-number", "123456789018", 0),
        ("my-number", "123456789012", 1),
        ("corporate-number", "8700110005901", 0),
        ("resident-code", "1234567890", 1),
        ("facility-code", "13" + "1" + "000000", 1),
        ("no-such-kind", "1", 2),
    ],
)
def test_ids_check_exit_codes(kind: str, value: str, code: int, tmp_path: Path) -> None:
    assert run("ids", "check", kind, value, data_dir=tmp_path).returncode == code


def test_ids_generate_prints_valid_identifiers(tmp_path: Path) -> None:
    for kind in IdentifierKind:
        out = run("ids", "generate", kind.value, "--count", "5", data_dir=tmp_path)
        values = out.stdout.split()
        assert len(values) == 5 and all(CODECS[kind].is_valid(v) for v in values)


def test_demo_then_list_as_json(tmp_path: Path) -> None:
    demo = run(
        "demo", "--people", "300", "--no-serve", "--policy", "safeguarded", data_dir=tmp_path
    )
    assert demo.returncode == 0, demo.stderr
    assert "政策プロファイル: safeguarded" in demo.stdout
    assert "予防接種: 0〜14歳" in demo.stdout
    assert "電子処方箋: 院外処方" in demo.stdout and "退院時サマリー" in demo.stdout
    assert "J-LIS: 有効期限通知 0 件をマイナポータルへ（90 日以内" in demo.stdout  # fresh cards
    assert "http://127.0.0.1:8000/registry/search" in demo.stdout
    # The pension service's 副本 are registered, for the portal's 自己情報提供 to find.
    copies = re.search(r"副本登録: 日本年金機構 ([\d,]+) 件", demo.stdout)
    assert copies is not None and int(copies.group(1).replace(",", "")) > 0, demo.stdout
    # One login per role, on the demo's own organisations, instead of a shared token.
    accounts = json.loads(run("staff", "list", "--json", data_dir=tmp_path).stdout)
    assert sorted(a["role"] for a in accounts) == [
        "auditor", "eligibility_operator", "insurer_clerk", "jlis_counter",
        "municipality_clerk", "receptionist",
    ]  # fmt: skip
    for account in accounts:
        assert account["name"] in demo.stdout and account["org_kind"] in demo.stdout
    assert "職員トークン" not in demo.stdout
    listed = run("registry", "list", "--limit", "7", "--json", data_dir=tmp_path)
    residents = json.loads(listed.stdout)
    assert len(residents) == 7
    first = residents[0]
    assert CODECS[IdentifierKind.MY_NUMBER].is_valid(first["my_number"])
    assert CODECS[IdentifierKind.RESIDENT_CODE].is_valid(first["resident_code"])
    assert {"family", "given", "family_kana", "given_kana"} <= first["name"].keys()
    assert {"birth_date", "sex", "address"} <= first.keys()
    shown = run("registry", "show", first["resident_code"], "--json", data_dir=tmp_path)
    assert json.loads(shown.stdout)["resident"] == first


def test_errors_exit_1_with_a_reason(tmp_path: Path) -> None:
    bad = run("registry", "show", "12345678901", data_dir=tmp_path)
    assert bad.returncode == 1
    assert "check digit" in bad.stderr
    unknown = run(
        "registry",
        "show",
        CODECS[IdentifierKind.RESIDENT_CODE].complete("1111111111"),
        data_dir=tmp_path,
    )
    assert unknown.returncode == 1 and "no resident" in unknown.stderr
