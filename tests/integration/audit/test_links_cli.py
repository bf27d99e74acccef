"""`audit links` refuses clearly, before reading anything: an unknown agency, a truth file that
is not the link errors' CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mynumber.app import System
from mynumber.audit.cli import app


def _run(system: System, *args: str) -> tuple[int, str]:
    obj = {name: (lambda name=name: getattr(system, name)) for name in _NAMES}
    result = CliRunner().invoke(app, ["links", "--quiet", *args], obj=obj)
    return result.exit_code, result.stderr


_NAMES = (
    "registry", "jpki", "network", "intermediate", "eligibility", "municipality", "pension",
    "employment", "portal", "health", "care", "insurers",
)  # fmt: skip


def test_an_unknown_agency_is_refused(system: System) -> None:
    code, err = _run(system, "--agency", "bank:0001")
    assert code == 1
    assert "unknown_agency" in err and "'bank:0001'" in err and "insurer, pension" in err


@pytest.mark.parametrize(
    "text",
    [
        "agency,record_id\ninsurer:1,L1\n",  # not the header
        "agency,kind,record_id,linked_my_number,true_resident_code,cause\ninsurer:1,x\n",
        "",
    ],
)
def test_a_truth_file_that_does_not_parse_is_refused(
    system: System, tmp_path: Path, text: str
) -> None:
    truth = tmp_path / "link-errors.csv"
    truth.write_text(text, encoding="utf-8")
    code, err = _run(system, "--truth", str(truth))
    assert code == 1
    assert "truth_file_invalid" in err and str(truth) in err


def test_a_missing_truth_file_named_on_the_command_line_is_refused(
    system: System, tmp_path: Path
) -> None:
    code, err = _run(system, "--truth", str(tmp_path / "none.csv"))
    assert code == 1 and "cannot be read" in err
